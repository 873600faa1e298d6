import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OmnifyContext } from '../../kernel/context.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { limited } from '../../kernel/http-server/rate-limit.ts';
import { errorResponses } from '../../kernel/http-server/schemas.ts';
import type { Mailer } from '../../kernel/mail/mailer.ts';
import { Email, MeSchema, Name, NewPassword, PUBLIC, SESSION } from './api-schemas.ts';
import { normalizeEmail } from './credentials.ts';
import { passwordResetMail } from './mails.ts';
import { RESET_TTL_MS } from './password-resets.repository.ts';
import { clearSessionCookie, csrfTokenFor, sessionToken, setSessionCookie } from './session-auth.ts';
import { deleteSession, moveSession } from './sessions.repository.ts';
import { roleIn } from './users.repository.ts';
import {
  checkPassword,
  confirmPasswordReset,
  meOf,
  type NewSession,
  needsOwner,
  requestPasswordReset,
  setupOwner,
  startSession,
} from './users.service.ts';

/** Failed sign-ins allowed per e-mail address in {@link LOGIN_WINDOW_MS} before 429. */
export const LOGIN_FAILURES_PER_EMAIL = 10;
/** The window of {@link LOGIN_FAILURES_PER_EMAIL}: 15 minutes. */
export const LOGIN_WINDOW_MS = 15 * 60_000;
/**
 * Password-reset e-mails sent per e-mail address in {@link RESET_MAIL_WINDOW_MS}; further requests
 * still answer 202 (and create a token) but send nothing, so nobody can flood a mailbox.
 */
export const RESET_MAILS_PER_EMAIL = 5;
/** The window of {@link RESET_MAILS_PER_EMAIL}: 1 hour. */
export const RESET_MAIL_WINDOW_MS = 3600_000;

/**
 * The session API (docs/access.md): `GET|POST /setup` (the first owner), `POST /auth/login`,
 * `POST /auth/logout`, `GET /auth/me`, `POST /auth/workspace` (switch) and the password reset
 * (`POST /auth/password-reset`, which e-mails the link through `mailer` when SMTP is configured,
 * and `POST /auth/password-reset/confirm`). Answers that sign someone in carry the session cookie
 * and `Me` with the CSRF token.
 */
export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: OmnifyContext; mailer: Mailer }> = async (
  app,
  { ctx, mailer },
) => {
  const Me = Type.Ref(MeSchema.$id!);
  const loginFailures = app.createRateLimit({
    max: LOGIN_FAILURES_PER_EMAIL,
    timeWindow: LOGIN_WINDOW_MS,
    keyGenerator: (req) => `login:${normalizeEmail(String((req.body as { email?: unknown }).email ?? ''))}`,
  });
  const resetMails = app.createRateLimit({
    max: RESET_MAILS_PER_EMAIL,
    timeWindow: RESET_MAIL_WINDOW_MS,
    keyGenerator: (req) =>
      `reset-mail:${normalizeEmail(String((req.body as { email?: unknown }).email ?? ''))}`,
  });
  /** Counts one reset e-mail to the request's address; true when its budget was already spent. */
  const tooManyResetMails = async (req: FastifyRequest) => {
    const r = await resetMails(req);
    return !r.isAllowed && r.isExceeded;
  };

  /** Sets the cookie of a session just started and answers its `Me`. */
  const signedIn = (req: FastifyRequest, reply: FastifyReply, s: NewSession) => {
    setSessionCookie(ctx, req, reply, s.token);
    return meOf(ctx.db, s.userId, s.workspaceId, csrfTokenFor(ctx, s.token));
  };
  /** The signed-in user of a `session` route (the auth hook let only users through). */
  const user = (req: FastifyRequest) => ({ id: req.principal.userId!, token: sessionToken(req)! });

  app.get(
    '/setup',
    {
      schema: {
        tags: ['session'],
        summary: 'Whether the instance still needs its first owner (the first-run wizard)',
        security: PUBLIC,
        response: { 200: Type.Object({ needsOwner: Type.Boolean() }) },
      },
    },
    async () => ({ needsOwner: await needsOwner(ctx.db) }),
  );

  app.post(
    '/setup',
    {
      schema: {
        tags: ['session'],
        summary: 'Create the first owner and name the default workspace (refused once done); signs in',
        security: PUBLIC,
        body: Type.Object(
          { name: Name, email: Email, password: NewPassword, workspaceName: Name },
          { additionalProperties: false },
        ),
        response: { 201: Me, ...errorResponses(400, 409, 429) },
      },
    },
    async (req, reply) => {
      const s = await setupOwner(ctx.db, {
        ...req.body,
        name: req.body.name.trim(),
        workspaceName: req.body.workspaceName.trim(),
      });
      return reply.status(201).send(await signedIn(req, reply, s));
    },
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with e-mail and password (sets the session cookie)',
        security: PUBLIC,
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 320 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Me, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      const peek = await loginFailures(req, { increment: false });
      // A peek reports `isExceeded` only past `max`: the budget is spent once `max` failures are in.
      if (!peek.isAllowed && peek.remaining === 0) throw limited(reply, peek.ttl);
      const found = await checkPassword(ctx.db, req.body.email, req.body.password);
      if (!found) {
        await loginFailures(req);
        await app.countAuthFailure(req);
        throw new OmnifyError('OMNIFY_ERR_UNAUTHORIZED', 'The e-mail or password is wrong.');
      }
      return signedIn(req, reply, await startSession(ctx.db, found.id));
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out: end this session and clear its cookie',
        security: SESSION,
        response: { 204: Type.Null(), ...errorResponses(401, 403) },
      },
    },
    async (req, reply) => {
      await deleteSession(ctx.db, req.principal.workspaceId, user(req).token);
      clearSessionCookie(ctx, req, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['session'],
        summary:
          'Who is signed in: the user, the current workspace and role, their workspaces, the CSRF token',
        security: SESSION,
        response: { 200: Me, ...errorResponses(401, 403) },
      },
    },
    async (req) => meOf(ctx.db, user(req).id, req.principal.workspaceId, csrfTokenFor(ctx, user(req).token)),
  );

  app.post(
    '/auth/workspace',
    {
      schema: {
        tags: ['session'],
        summary: 'Switch the session to another workspace of the user',
        security: SESSION,
        body: Type.Object({ workspaceId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
        response: { 200: Me, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => {
      const { id, token } = user(req);
      const to = req.body.workspaceId;
      if (!isUuid(to) || !(await roleIn(ctx.db, to, id))) {
        throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'You are not a member of this workspace.');
      }
      await moveSession(ctx.db, req.principal.workspaceId, token, to);
      return meOf(ctx.db, id, to, csrfTokenFor(ctx, token));
    },
  );

  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['session'],
        summary: 'Ask for a password-reset link (always 202: whether the e-mail has an account is not told)',
        description:
          'The answer is the same for every e-mail. `delivery` tells how this server hands out links: `email` (SMTP_URL is set: the link is e-mailed to an address with an account) or `administrator` (no SMTP: an administrator prints it with `omnify users reset-password <email>`).',
        security: PUBLIC,
        body: Type.Object(
          { email: Type.String({ minLength: 1, maxLength: 320 }) },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ delivery: Type.Union([Type.Literal('email'), Type.Literal('administrator')]) }),
          ...errorResponses(400, 429),
        },
      },
    },
    async (req, reply) => {
      const made = await requestPasswordReset(ctx.db, req.body.email);
      if (made && !mailer.enabled) {
        // No SMTP: `omnify users reset-password <email>` prints a link instead (docs/access.md).
        req.log.info({ userId: made.userId }, 'password reset requested; no e-mail is sent (no SMTP_URL)');
      } else if (made && (await tooManyResetMails(req))) {
        req.log.warn(
          { userId: made.userId },
          'password reset requested; no e-mail: too many for this address',
        );
      } else if (made) {
        // Not awaited: the answer must not wait for (nor tell anything about) the mail server. The
        // link's base is PUBLIC_URL (or the listening address), never the request's Host header.
        const mail = passwordResetMail({
          to: made.email,
          name: made.name,
          url: `${ctx.publicUrl()}/reset-password?token=${made.token}`,
          validMs: RESET_TTL_MS,
        });
        void mailer.send(mail, req.log, { mail: 'password-reset', userId: made.userId });
      }
      // The same for every e-mail: it describes the server, not the account.
      return reply.status(202).send({ delivery: mailer.enabled ? 'email' : 'administrator' });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['session'],
        summary: 'Set a new password with a reset token; ends every session of the user',
        security: PUBLIC,
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 200 }), password: NewPassword },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errorResponses(400, 429) },
      },
    },
    async (req, reply) => {
      try {
        await confirmPasswordReset(ctx.db, req.body.token, req.body.password);
      } catch (e) {
        if (e instanceof OmnifyError && e.code === 'OMNIFY_ERR_TOKEN_INVALID')
          await app.countAuthFailure(req);
        throw e;
      }
      return reply.status(204).send(null);
    },
  );
};
