import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Queryable } from '../../kernel/db/database.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type RateLimits, registerLimiters } from '../../kernel/http-server/rate-limit.ts';
import { assertRouteCovered, forbiddenMessage, requiredRole, roleAtLeast } from './access.ts';
import { findPrincipal, instanceWorkspaceId, type Principal } from './api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin on every authenticated `/api/v1` request. */
    principal: Principal;
  }
}

/**
 * Bearer-key authentication and authorization for `/api/v1/*`, in one `onRequest` hook:
 * 1. a client IP past its authentication failures gets 429 `OMNIFY_ERR_RATE_LIMITED` (+ Retry-After);
 * 2. `Authorization: Bearer <key>` → the key's workspace and role on `request.principal`; a missing,
 *    unknown or revoked key gets 401 `OMNIFY_ERR_UNAUTHORIZED` and counts as a failure;
 * 3. the role must reach the route's entry in the access table (src/modules/workspaces/access.ts),
 *    else 403 `OMNIFY_ERR_FORBIDDEN` naming the role needed; an unlisted route is refused at
 *    registration (the server does not start) and, should one slip through, with 403;
 * 4. the key's request budget (per minute) → 429 when spent.
 * Lookups are cached 30 s; a key revoked in this process stops at once (see api-keys.ts).
 * Unmatched paths (404) are authenticated but not role-checked: they reach no data.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { db: Queryable; limits: RateLimits }) => {
  const limiters = await registerLimiters(app, opts.limits);
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRoute', (route) => assertRouteCovered(route.method, route.url ?? route.path));

  const authorize = async (req: FastifyRequest, reply: FastifyReply, principal: Principal) => {
    const pattern = req.routeOptions.url;
    if (pattern === undefined) return;
    const need = requiredRole(req.method, pattern);
    if (!need) throw new OmnifyError('OMNIFY_ERR_FORBIDDEN', 'This route is not open to any role.');
    const ok =
      need === 'instance-owner'
        ? principal.role === 'owner' && principal.workspaceId === (await instanceWorkspaceId(opts.db))
        : roleAtLeast(principal.role, need);
    if (!ok) throw new OmnifyError('OMNIFY_ERR_FORBIDDEN', forbiddenMessage(need), { requiredRole: need });
    await limiters.checkApiKey(req, reply, principal.apiKeyId);
  };

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.url.startsWith('/api/v1/') && req.url !== '/api/v1') return;
    await limiters.checkAuthFailures(req, reply);
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const principal = m ? await findPrincipal(opts.db, m[1]!) : null;
    if (!principal) {
      await limiters.countAuthFailure(req);
      throw new OmnifyError('OMNIFY_ERR_UNAUTHORIZED');
    }
    req.principal = principal;
    await authorize(req, reply, principal);
  });
});
