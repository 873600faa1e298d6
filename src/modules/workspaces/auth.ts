import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Queryable } from '../../kernel/db/database.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type RateLimits, registerLimiters } from '../../kernel/http-server/rate-limit.ts';
import { assertRouteCovered, forbiddenMessage, requiredRole, roleAtLeast } from './access.ts';
import { findPrincipal, instanceWorkspaceId, type Principal, recordKeyUse } from './api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin on every authenticated `/api/v1` request (not on `public` routes). */
    principal: Principal;
  }
  interface FastifyInstance {
    /** Counts one failed authentication of the request's IP (a failed sign-in, a bad one-time token). */
    countAuthFailure(req: FastifyRequest): Promise<void>;
    /**
     * Whether the request's credential (bearer key or session cookie) still signs it in to the
     * same workspace — for long-lived answers (the event stream) that must end when a key is
     * revoked, a session ends or the session switches workspace. Never throws: a failed check is false.
     */
    stillAuthenticated(req: FastifyRequest, reply: FastifyReply): Promise<boolean>;
  }
}

/**
 * A way to sign `/api/v1` requests in besides bearer keys, handed to the auth plugin by the
 * composition root (src/app/app.ts): the users module's session cookie. Workspaces imports no
 * module that provides one.
 */
export interface Authenticator {
  /**
   * The request's principal, or null when it carries none of this authenticator's credentials (or
   * dead ones). May throw an `OmnifyError` (a cookie-signed state-changing request without its
   * CSRF token: 403 `OMNIFY_ERR_CSRF`).
   */
  authenticate(req: FastifyRequest, reply: FastifyReply): Promise<Principal | null>;
  /** True when the request carries this authenticator's credentials at all (a cookie), live or not. */
  presented(req: FastifyRequest): boolean;
}

/** What the composition root gives the auth plugin. */
export interface AuthPluginOptions {
  db: Queryable;
  limits: RateLimits;
  /** Tried in order when a request has no `Authorization` header. */
  authenticators?: readonly Authenticator[];
}

/**
 * Authentication and authorization for `/api/v1/*`, in one `onRequest` hook:
 * 1. a client IP past its authentication failures gets 429 `OMNIFY_ERR_RATE_LIMITED` (+ Retry-After);
 * 2. a `public` route (access table) goes on without authentication;
 * 3. `Authorization: Bearer <key>` → the key's workspace and role on `request.principal`; without
 *    that header, the `authenticators` in order (the session cookie); a missing, unknown or revoked
 *    credential gets 401 `OMNIFY_ERR_UNAUTHORIZED`, and counts as a failure when one was presented
 *    (a signed-out browser asking `GET /auth/me` is not guessing anything);
 * 4. the role must reach the route's entry in the access table (src/modules/workspaces/access.ts),
 *    `session` routes need a signed-in user, else 403 `OMNIFY_ERR_FORBIDDEN` naming what is needed;
 *    an unlisted route is refused at registration (the server does not start) and, should one slip
 *    through, with 403;
 * 5. the request budget of the key or user (per minute) → 429 when spent.
 * Lookups are cached 30 s; a key revoked in this process stops at once (see api-keys.ts). An
 * authenticated key's `last_used_at` is written at most once a minute, after the answer is sent
 * (not awaited; a failed write is logged as a warning).
 * Unmatched paths (404) are authenticated but not role-checked: they reach no data.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: AuthPluginOptions) => {
  const limiters = await registerLimiters(app, opts.limits);
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorate('countAuthFailure', (req: FastifyRequest) => limiters.countAuthFailure(req));
  app.addHook('onRoute', (route) => assertRouteCovered(route.method, route.url ?? route.path));

  const authorize = async (req: FastifyRequest, reply: FastifyReply, principal: Principal) => {
    const pattern = req.routeOptions.url;
    if (pattern === undefined) return;
    const need = requiredRole(req.method, pattern);
    if (!need) throw new OmnifyError('OMNIFY_ERR_FORBIDDEN', 'This route is not open to any role.');
    const ok =
      need === 'instance-owner'
        ? principal.role === 'owner' && principal.workspaceId === (await instanceWorkspaceId(opts.db))
        : need === 'session'
          ? principal.userId !== null
          : need !== 'public' && roleAtLeast(principal.role, need);
    if (!ok) throw new OmnifyError('OMNIFY_ERR_FORBIDDEN', forbiddenMessage(need), { requiredRole: need });
    await limiters.checkPrincipal(req, reply);
  };

  /** The bearer key's principal when the header is sent, else the first authenticator's. */
  const authenticate = async (req: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      return m ? findPrincipal(opts.db, m[1]!) : null;
    }
    for (const a of opts.authenticators ?? []) {
      const principal = await a.authenticate(req, reply);
      if (principal) return principal;
    }
    return null;
  };

  app.decorate('stillAuthenticated', async (req: FastifyRequest, reply: FastifyReply) => {
    try {
      const now = await authenticate(req, reply);
      return now !== null && now.workspaceId === req.principal.workspaceId;
    } catch {
      return false;
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.url.startsWith('/api/v1/') && req.url !== '/api/v1') return;
    await limiters.checkAuthFailures(req, reply);
    const pattern = req.routeOptions.url;
    if (pattern !== undefined && requiredRole(req.method, pattern) === 'public') return;
    const principal = await authenticate(req, reply);
    if (!principal) {
      const presented =
        req.headers.authorization !== undefined || (opts.authenticators ?? []).some((a) => a.presented(req));
      if (presented) await limiters.countAuthFailure(req);
      throw new OmnifyError('OMNIFY_ERR_UNAUTHORIZED');
    }
    req.principal = principal;
    await authorize(req, reply, principal);
  });

  // After the answer is sent, so the write never delays it (on PGlite it would queue ahead of the request's queries).
  app.addHook('onResponse', async (req: FastifyRequest) => {
    const principal = req.principal;
    const apiKeyId = principal?.apiKeyId;
    if (!apiKeyId) return;
    recordKeyUse(opts.db, { ...principal, apiKeyId }).catch((err: unknown) =>
      req.log.warn({ err, apiKeyId }, 'could not record the API key’s last use'),
    );
  });
});
