import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { Principal } from '../workspaces/api-keys.ts';
import type { Authenticator } from '../workspaces/auth.ts';
import { sameText } from './credentials.ts';
import {
  findLiveSession,
  type LiveSession,
  moveSession,
  SESSION_TTL_MS,
  touchSession,
} from './sessions.repository.ts';
import { membershipsOf } from './users.repository.ts';

/**
 * Browser sessions (docs/access.md): the `omnify_session` cookie holds a random token (httpOnly,
 * SameSite=Lax, Path=/, Secure on https, 30 days); the database holds its SHA-256. Requests signed
 * in by cookie with a state-changing method must echo the session's CSRF token in `x-csrf-token`:
 * HMAC-SHA-256 of the session token under a key derived from the server's master key
 * (`SecretBox.mac`), so it is stable for the session, needs no storage, and cannot be computed
 * without both the cookie (unreadable to scripts) and the server's secret.
 */

/** The session cookie's name. */
export const SESSION_COOKIE = 'omnify_session';

/** The header a cookie-authenticated state-changing request carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How often a session's `last_seen_at` is written at most (ms). */
const TOUCH_EVERY_MS = 60_000;

/** The CSRF token of the session whose cookie holds `token`. */
export function csrfTokenFor(ctx: OmnifyContext, token: string): string {
  return ctx.secrets.mac('csrf', token);
}

/** True when the request reached us over https, or the server's public URL is https. */
function isHttps(ctx: OmnifyContext, req: FastifyRequest): boolean {
  return req.protocol === 'https' || /^https:/i.test(ctx.config.publicUrl ?? '');
}

function cookieOptions(ctx: OmnifyContext, req: FastifyRequest): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: isHttps(ctx, req) };
}

/** Sets the session cookie holding `token` on the answer. */
export function setSessionCookie(
  ctx: OmnifyContext,
  req: FastifyRequest,
  reply: FastifyReply,
  token: string,
): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(ctx, req), maxAge: SESSION_TTL_MS / 1000 });
}

/** Clears the session cookie in the browser. */
export function clearSessionCookie(ctx: OmnifyContext, req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx, req));
}

/** The session token the request's cookie holds, or undefined. */
export function sessionToken(req: FastifyRequest): string | undefined {
  const v = req.cookies?.[SESSION_COOKIE];
  return v && v.length <= 128 ? v : undefined;
}

/** True when the request carries the CSRF token of the session `token`. */
export function hasCsrfToken(ctx: OmnifyContext, req: FastifyRequest, token: string): boolean {
  const sent = req.headers[CSRF_HEADER];
  return typeof sent === 'string' && sameText(sent, csrfTokenFor(ctx, token));
}

/**
 * The live session of the request's cookie, moved to the user's oldest membership when the user
 * was removed from its workspace; null without a cookie, for an unknown, expired or disabled
 * user's session, and for a user who belongs to no workspace any more.
 */
export async function currentSession(
  ctx: OmnifyContext,
  req: FastifyRequest,
): Promise<(LiveSession & { role: NonNullable<LiveSession['role']>; token: string }) | null> {
  const token = sessionToken(req);
  if (!token) return null;
  const session = await findLiveSession(ctx.db, token);
  if (!session) return null;
  if (session.role) return { ...session, role: session.role, token };
  const [first] = await membershipsOf(ctx.db, session.userId);
  if (!first) return null;
  await moveSession(ctx.db, session.workspaceId, token, first.workspaceId);
  return { ...session, workspaceId: first.workspaceId, role: first.role, token };
}

/**
 * The users module's authenticator for the auth hook (src/modules/workspaces/auth.ts): the
 * principal of the request's session cookie, or null when it has none (or a dead one, whose
 * cookie is then cleared). A state-changing request without the session's CSRF token throws
 * 403 `OMNIFY_ERR_CSRF`. `last_seen_at` is written at most once a minute, without delaying the answer.
 */
export function sessionAuthenticator(ctx: OmnifyContext): Authenticator {
  return {
    presented: (req: FastifyRequest) => req.cookies?.[SESSION_COOKIE] !== undefined,
    async authenticate(req: FastifyRequest, reply: FastifyReply): Promise<Principal | null> {
      if (!sessionToken(req)) return null;
      const session = await currentSession(ctx, req);
      if (!session) {
        clearSessionCookie(ctx, req, reply);
        return null;
      }
      if (!SAFE_METHODS.has(req.method) && !hasCsrfToken(ctx, req, session.token)) {
        throw new OmnifyError('OMNIFY_ERR_CSRF');
      }
      if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        touchSession(ctx.db, session.workspaceId, session.id, session.token).catch((err: unknown) =>
          req.log.warn({ err }, 'could not record the session’s last use'),
        );
      }
      return {
        workspaceId: session.workspaceId,
        role: session.role,
        apiKeyId: null,
        userId: session.userId,
        actorId: session.userId,
      };
    },
  };
}
