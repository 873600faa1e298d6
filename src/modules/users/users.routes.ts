import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { errorResponses, IdParams } from '../../kernel/http-server/schemas.ts';
import type { Mailer } from '../../kernel/mail/mailer.ts';
import type { Role } from '../workspaces/access.ts';
import {
  CreatedInvitationSchema,
  Email,
  InvitationLookupSchema,
  InvitationSchema,
  MemberSchema,
  MeSchema,
  Name,
  NewPassword,
  PUBLIC,
  RoleSchema,
  Token,
} from './api-schemas.ts';
import {
  accept,
  type CreatedInvitation,
  invitationMailFor,
  invite,
  listInvitations,
  lookup,
  revoke,
} from './invitations.service.ts';
import { csrfTokenFor, currentSession, hasCsrfToken, setSessionCookie } from './session-auth.ts';
import { changeRole, listMembers, meOf, removeMember } from './users.service.ts';

/**
 * `/api/v1/users` (the members of the caller's workspace: list, change a role, remove) and
 * `/api/v1/invitations` (invite by link, e-mailed through `mailer` when SMTP is configured; list,
 * revoke; look up and accept a link without signing in). Who may call each is in
 * src/modules/workspaces/access.ts.
 */
export const usersRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext; mailer: Mailer }> = async (
  app,
  { ctx, mailer },
) => {
  const tags = ['access'];

  /**
   * E-mails the invitation `made` (already committed) to its invitee; true when the mail server
   * accepted it. Never throws: a failure is logged without secrets and the invitation stands.
   */
  const emailInvitation = async (
    log: typeof app.log,
    workspaceId: string,
    byUserId: string | null,
    made: CreatedInvitation,
  ): Promise<boolean> => {
    if (!mailer.enabled) return false;
    const fields = { mail: 'invitation', invitationId: made.id };
    try {
      const mail = await invitationMailFor(ctx.db, workspaceId, byUserId, made);
      return await mailer.send(mail, log, fields);
    } catch (e) {
      log.warn({ ...fields, err: { message: (e as Error).message } }, 'e-mail not sent: composing it failed');
      return false;
    }
  };

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List the members of this workspace with their roles',
        response: { 200: Type.Object({ data: Type.Array(MemberSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (req) => ({ data: await listMembers(ctx.db, req.principal.workspaceId) }),
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a member’s role (never leaving the workspace without an owner)',
        params: IdParams,
        body: Type.Object({ role: RoleSchema }, { additionalProperties: false }),
        response: { 200: MemberSchema, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (req) => changeRole(ctx.db, req.principal.workspaceId, req.params.id, req.body.role as Role),
  );

  app.delete(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Remove a member from this workspace (never the last owner; the account remains)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await removeMember(ctx.db, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/invitations',
    {
      schema: {
        tags,
        summary: 'List this workspace’s invitations, newest first (never their tokens)',
        response: { 200: Type.Object({ data: Type.Array(InvitationSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (req) => ({ data: await listInvitations(ctx.db, req.principal.workspaceId) }),
  );

  app.post(
    '/invitations',
    {
      schema: {
        tags,
        summary:
          'Invite someone by link with a role up to your own (the token is shown once; the link is e-mailed when SMTP is configured)',
        body: Type.Object({ email: Email, role: RoleSchema }, { additionalProperties: false }),
        response: { 201: CreatedInvitationSchema, ...errorResponses(400, 403, 409) },
      },
    },
    async (req, reply) => {
      const base = ctx.config.publicUrl ?? `${req.protocol}://${req.host}`;
      const { role, userId, workspaceId } = req.principal;
      const made = await invite(
        ctx.db,
        workspaceId,
        { role, userId },
        { email: req.body.email, role: req.body.role as Role },
        base,
      );
      // After the invitation is stored (outside any transaction); a failed mail changes nothing else.
      const emailed = await emailInvitation(req.log, workspaceId, userId, made);
      return reply.status(201).send({ ...made, emailed });
    },
  );

  app.delete(
    '/invitations/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an invitation (its link stops working)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(403, 404, 409) },
      },
    },
    async (req, reply) => {
      await revoke(ctx.db, req.principal.workspaceId, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/invitations/lookup',
    {
      schema: {
        tags,
        summary: 'What an invitation link offers (no sign-in needed)',
        security: PUBLIC,
        querystring: Type.Object({ token: Token }),
        response: { 200: InvitationLookupSchema, ...errorResponses(400, 429) },
      },
    },
    async (req) => {
      try {
        return await lookup(ctx.db, req.query.token);
      } catch (e) {
        if (e instanceof OmnifyError && e.code === 'OMNIFY_ERR_TOKEN_INVALID')
          await app.countAuthFailure(req);
        throw e;
      }
    },
  );

  app.post(
    '/invitations/accept',
    {
      schema: {
        tags,
        summary:
          'Accept an invitation: a new e-mail gives name and password, an existing account its password (or its session); signs in',
        security: PUBLIC,
        body: Type.Object(
          { token: Token, name: Type.Optional(Name), password: Type.Optional(NewPassword) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(MeSchema.$id!), ...errorResponses(400, 401, 403, 409, 429) },
      },
    },
    async (req, reply) => {
      // A signed-in user accepts without a password, when the request also proves it is not forged.
      const session = await currentSession(ctx, req);
      const signedIn = session && hasCsrfToken(ctx, req, session.token) ? session.userId : null;
      try {
        const s = await accept(ctx.db, req.body.token, req.body, signedIn);
        setSessionCookie(ctx, req, reply, s.token);
        return await meOf(ctx.db, s.userId, s.workspaceId, csrfTokenFor(ctx, s.token));
      } catch (e) {
        const failed =
          e instanceof OmnifyError &&
          ['OMNIFY_ERR_TOKEN_INVALID', 'OMNIFY_ERR_UNAUTHORIZED'].includes(e.code);
        if (failed) await app.countAuthFailure(req);
        throw e;
      }
    },
  );
};
