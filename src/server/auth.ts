import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { OmnifyError } from '../errors/catalog.ts';
import { findPrincipal, type Principal } from '../workspaces/api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin on every authenticated `/api/v1` request. */
    principal: Principal;
  }
}

const CACHE_TTL_MS = 30_000;

/**
 * Bearer-key authentication for `/api/v1/*`: `Authorization: Bearer <key>` → the key's workspace
 * and role on `request.principal`. Unknown or missing keys get 401 `OMNIFY_ERR_UNAUTHORIZED`.
 * Lookups are cached in memory for 30 s (a revoked key stops working within that time).
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { db: import('../db/database.ts').Queryable }) => {
    const cache = new Map<string, { principal: Principal | null; at: number }>();
    app.decorateRequest('principal', null as unknown as Principal);
    app.addHook('onRequest', async (req: FastifyRequest) => {
      if (!req.url.startsWith('/api/v1/') && req.url !== '/api/v1') return;
      const header = req.headers.authorization ?? '';
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      if (!m) throw new OmnifyError('OMNIFY_ERR_UNAUTHORIZED');
      const key = m[1]!;
      const hit = cache.get(key);
      let principal = hit && Date.now() - hit.at < CACHE_TTL_MS ? hit.principal : undefined;
      if (principal === undefined) {
        principal = await findPrincipal(opts.db, key);
        if (cache.size > 1000) cache.clear();
        cache.set(key, { principal, at: Date.now() });
      }
      if (!principal) throw new OmnifyError('OMNIFY_ERR_UNAUTHORIZED');
      req.principal = principal;
    });
  },
);
