import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OmnifyError } from '../errors/catalog.ts';

/** Limits, per minute; 0 turns a limit off. */
export interface RateLimits {
  /** Failed authentications per client IP. */
  authFailuresPerMinute: number;
  /** Authenticated API requests per API key, and per signed-in user. */
  apiPerKeyPerMinute: number;
}

/** The two limiters the auth hook calls; each throws 429 `OMNIFY_ERR_RATE_LIMITED` with `Retry-After`. */
export interface Limiters {
  /** Throws when this IP has used up its authentication failures (does not count this request). */
  checkAuthFailures(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts one authentication failure for this IP. */
  countAuthFailure(req: FastifyRequest): Promise<void>;
  /**
   * Counts one request for the request's principal (its API key, or its signed-in user) and throws
   * when its budget for the minute is spent.
   */
  checkPrincipal(req: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/** The 429 `OMNIFY_ERR_RATE_LIMITED` to throw, with `Retry-After` set on `reply` (`ttlMs` rounded up to seconds). */
export function limited(reply: FastifyReply, ttlMs: number): OmnifyError {
  const seconds = Math.max(1, Math.ceil(ttlMs / 1000));
  reply.header('retry-after', String(seconds));
  return new OmnifyError('OMNIFY_ERR_RATE_LIMITED', `Too many requests; retry in ${seconds} s.`, {
    retryAfterMs: seconds * 1000,
  });
}

/**
 * Registers @fastify/rate-limit (in-memory store, per process; `global: false`, so nothing else —
 * webhooks in particular — is limited) and builds the limiters with its `createRateLimit`: failures
 * are counted only when they happen (peek with `increment: false`, the library's documented
 * failed-login pattern), API requests are keyed by API key id or user id, not by IP.
 */
export async function registerLimiters(app: FastifyInstance, limits: RateLimits): Promise<Limiters> {
  await app.register(rateLimit, { global: false });
  const minute = 60_000;
  const auth =
    limits.authFailuresPerMinute > 0
      ? app.createRateLimit({ max: limits.authFailuresPerMinute, timeWindow: minute })
      : undefined;
  const api =
    limits.apiPerKeyPerMinute > 0
      ? app.createRateLimit({
          max: limits.apiPerKeyPerMinute,
          timeWindow: minute,
          keyGenerator: (req) =>
            req.principal.apiKeyId ? `key:${req.principal.apiKeyId}` : `user:${req.principal.userId}`,
        })
      : undefined;
  return {
    async checkAuthFailures(req, reply) {
      if (!auth) return;
      // A peek reports `isExceeded` only past `max`; the budget is spent once `max` failures are in.
      const s = await auth(req, { increment: false });
      if (!s.isAllowed && s.remaining === 0) throw limited(reply, s.ttl);
    },
    async countAuthFailure(req) {
      if (auth) await auth(req);
    },
    async checkPrincipal(req, reply) {
      if (!api) return;
      const s = await api(req);
      if (!s.isAllowed && s.isExceeded) throw limited(reply, s.ttl);
    },
  };
}
