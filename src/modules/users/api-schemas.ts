import { Type } from '@sinclair/typebox';
import { StringEnum } from '../../kernel/http-server/schemas.ts';
import { ROLES } from '../workspaces/access.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './credentials.ts';

/** The users module's request and response schemas (TypeBox → JSON Schema → OpenAPI). */

/** OpenAPI `security` of a route that needs no authentication at all. */
export const PUBLIC: Array<Record<string, string[]>> = [];
/** OpenAPI `security` of a route that needs a signed-in user (the session cookie). */
export const SESSION: Array<Record<string, string[]>> = [{ session: [] }];

export const RoleSchema = StringEnum(ROLES, {
  description: 'owner > admin > agent > viewer (docs/access.md).',
});
export const Email = Type.String({ format: 'email', minLength: 3, maxLength: 320 });
/** A display name: 1–200 characters, not only spaces (trimmed when stored). */
export const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
export const NewPassword = Type.String({
  minLength: PASSWORD_MIN_LENGTH,
  maxLength: PASSWORD_MAX_LENGTH,
  description: `At least ${PASSWORD_MIN_LENGTH} characters.`,
});
export const Token = Type.String({ minLength: 1, maxLength: 200 });

const WorkspaceRef = Type.Object({ id: Type.String(), name: Type.String() });

/** `Me`: who is signed in (a named component schema, `components.schemas.Me`). */
export const MeSchema = Type.Object(
  {
    user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
    workspace: WorkspaceRef,
    role: RoleSchema,
    workspaces: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: RoleSchema }), {
      description: 'Every workspace of the user, oldest membership first (`POST /auth/workspace` switches).',
    }),
    csrfToken: Type.String({
      description: 'Send it as `x-csrf-token` on every POST, PATCH and DELETE made with the session cookie.',
    }),
  },
  { $id: 'Me', title: 'Me' },
);

export const MemberSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  createdAt: Type.String({ format: 'date-time', description: 'When the user joined this workspace.' }),
});

export const InvitationSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  status: StringEnum(['pending', 'accepted', 'revoked', 'expired'] as const),
  invitedBy: Type.Union([Type.String(), Type.Null()], {
    description: 'The inviting user; null for an API key.',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

export const CreatedInvitationSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  expiresAt: Type.String({ format: 'date-time' }),
  token: Type.String({ description: 'Shown this once: only its hash is stored.' }),
  url: Type.String({ description: 'The link to send: `<public URL>/invite/<token>`, valid 7 days, once.' }),
  emailed: Type.Boolean({
    description:
      'True when the link was e-mailed to the invitee (SMTP_URL is set and the mail server accepted it); otherwise send `url` yourself.',
  }),
});

export const InvitationLookupSchema = Type.Object({
  workspaceName: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  userExists: Type.Boolean({
    description: 'True: accepting needs that account’s password (or its session).',
  }),
});
