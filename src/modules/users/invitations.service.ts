import type { Database, Queryable } from '../../kernel/db/database.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { type FieldError, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { OutboundMail } from '../../kernel/mail/mailer.ts';
import { type Role, roleAtLeast } from '../workspaces/access.ts';
import { workspaceNames } from '../workspaces/workspaces.service.ts';
import { hashPassword, verifyPassword } from './credentials.ts';
import {
  findInvitation,
  findPendingByToken,
  INVITATION_TTL_MS,
  insertInvitation,
  markAccepted,
  revokeInvitation,
  statusOf,
} from './invitations.repository.ts';
import { invitationMail } from './mails.ts';
import { insertSession } from './sessions.repository.ts';
import { addMembership, findUser, findUserByEmail, insertUser, roleIn } from './users.repository.ts';
import type { NewSession } from './users.service.ts';

export { type InvitationView, listInvitations } from './invitations.repository.ts';

/**
 * Invitations by link (docs/access.md): an admin or owner invites an e-mail with a role no higher
 * than their own; the link `/invite/<token>` is valid 7 days and works once. Accepting it creates
 * the user when the e-mail is new, or adds the existing user (who proves it with their password or
 * their session) to the workspace.
 */

/** An invitation as answered once at creation: with its token and the link to send. */
export interface CreatedInvitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  token: string;
  url: string;
}

/** What an invitation link offers, for the page that accepts it. */
export interface InvitationLookup {
  workspaceName: string;
  email: string;
  role: Role;
  /** True when the e-mail already has an account (accepting then needs its password or session). */
  userExists: boolean;
}

const invalidToken = () =>
  new OmnifyError(
    'OMNIFY_ERR_TOKEN_INVALID',
    'This invitation link is invalid, expired, revoked or already used: ask for a new one.',
  );

/**
 * Invites `email` as `role` to the workspace on behalf of a caller with role `by.role` (user
 * `by.userId`, or null for an API key); the link is `<baseUrl>/invite/<token>`. 403 above the
 * caller's own role; 409 when the e-mail is already a member.
 */
export async function invite(
  db: Queryable,
  workspaceId: string,
  by: { role: Role; userId: string | null },
  input: { email: string; role: Role },
  baseUrl: string,
): Promise<CreatedInvitation> {
  if (!roleAtLeast(by.role, input.role)) {
    throw new OmnifyError('OMNIFY_ERR_FORBIDDEN', `You cannot invite above your own role (${by.role}).`, {
      requiredRole: input.role,
    });
  }
  const user = await findUserByEmail(db, input.email);
  if (user && (await roleIn(db, workspaceId, user.id))) {
    throw new OmnifyError(
      'OMNIFY_ERR_CONFLICT',
      'This e-mail already belongs to a member of this workspace.',
    );
  }
  const { token, view } = await insertInvitation(db, workspaceId, { ...input, invitedBy: by.userId });
  return {
    id: view.id,
    email: view.email,
    role: view.role,
    expiresAt: view.expiresAt,
    token,
    url: `${baseUrl.replace(/\/$/, '')}/invite/${token}`,
  };
}

/**
 * The e-mail that sends the invitation `made` (just created in the workspace by user `byUserId`, or
 * by an API key when null) to its invitee: the workspace's name, the inviter's name, the role and
 * the link with how long it is valid.
 */
export async function invitationMailFor(
  db: Queryable,
  workspaceId: string,
  byUserId: string | null,
  made: CreatedInvitation,
): Promise<OutboundMail> {
  const names = await workspaceNames(db, [workspaceId]);
  const inviter = byUserId ? await findUser(db, byUserId) : null;
  return invitationMail({
    to: made.email,
    workspaceName: names.get(workspaceId) ?? '',
    inviterName: inviter?.name ?? null,
    role: made.role,
    url: made.url,
    validMs: INVITATION_TTL_MS,
  });
}

/**
 * Revokes an invitation of the workspace: 404 when there is none with this id, 409 when it was
 * already accepted; revoking a revoked or expired one changes nothing.
 */
export async function revoke(db: Queryable, workspaceId: string, id: string): Promise<void> {
  const row = isUuid(id) ? await findInvitation(db, workspaceId, id) : null;
  if (!row) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No invitation has this id.');
  if (statusOf(row) === 'accepted') {
    throw new OmnifyError(
      'OMNIFY_ERR_CONFLICT',
      'This invitation was already accepted: remove the member instead.',
    );
  }
  await revokeInvitation(db, workspaceId, id);
}

/** What the pending invitation `token` offers; 400 `OMNIFY_ERR_TOKEN_INVALID` when it is not pending. */
export async function lookup(db: Queryable, token: string): Promise<InvitationLookup> {
  const inv = await findPendingByToken(db, token);
  if (!inv) throw invalidToken();
  const names = await workspaceNames(db, [inv.workspaceId]);
  const user = await findUserByEmail(db, inv.email);
  return {
    workspaceName: names.get(inv.workspaceId) ?? '',
    email: inv.email,
    role: inv.role,
    userExists: user !== null,
  };
}

/**
 * Accepts the pending invitation `token` and signs the user in to its workspace. A new e-mail needs
 * `name` and `password` (400 naming the missing fields) and becomes a user; an existing user proves
 * it with `password` (401 `OMNIFY_ERR_UNAUTHORIZED` when wrong) or by being `signedInUserId`.
 * A member already keeps their role. 400 `OMNIFY_ERR_TOKEN_INVALID` for a link that is not
 * pending (also when another request accepted it first).
 */
export async function accept(
  db: Database,
  token: string,
  input: { name?: string; password?: string },
  signedInUserId: string | null,
): Promise<NewSession> {
  const inv = await findPendingByToken(db, token);
  if (!inv) throw invalidToken();
  const user = await findUserByEmail(db, inv.email);
  let passwordHash: string | undefined;
  if (user) {
    if (user.disabledAt) throw new OmnifyError('OMNIFY_ERR_FORBIDDEN', 'This account is disabled.');
    if (signedInUserId !== user.id) {
      if (input.password === undefined) {
        throw new OmnifyError(
          'OMNIFY_ERR_VALIDATION',
          'An account with this e-mail exists: give its password.',
          {
            fields: [{ path: '/body/password', message: 'is required: an account with this e-mail exists' }],
          },
        );
      }
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        throw new OmnifyError('OMNIFY_ERR_UNAUTHORIZED', 'The password is wrong.');
      }
    }
  } else {
    const missing: FieldError[] = [];
    if (!input.name?.trim()) missing.push({ path: '/body/name', message: 'is required for a new account' });
    if (input.password === undefined)
      missing.push({ path: '/body/password', message: 'is required for a new account' });
    if (missing.length > 0)
      throw new OmnifyError('OMNIFY_ERR_VALIDATION', `name and password ${missing[0]!.message}.`, {
        fields: missing,
      });
    passwordHash = await hashPassword(input.password!);
  }
  return db.transaction(async (tx) => {
    const locked = await findPendingByToken(tx, token, true);
    if (!locked) throw invalidToken();
    const userId =
      user?.id ??
      (await insertUser(tx, { email: inv.email, name: input.name!.trim(), passwordHash: passwordHash! }))?.id;
    if (!userId) {
      throw new OmnifyError(
        'OMNIFY_ERR_CONFLICT',
        'An account with this e-mail was just created: sign in, then accept.',
      );
    }
    await addMembership(tx, inv.workspaceId, userId, inv.role);
    await markAccepted(tx, inv.workspaceId, inv.id);
    return { userId, workspaceId: inv.workspaceId, token: await insertSession(tx, userId, inv.workspaceId) };
  });
}
