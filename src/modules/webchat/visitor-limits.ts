import type {} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { limited } from '../../kernel/http-server/rate-limit.ts';

/**
 * Requests per minute a visitor may make, per process (@fastify/rate-limit's in-memory store, as
 * the API's limits). They keep a script on an allowed page, or one visitor, from flooding the inbox.
 */
export const VISITOR_LIMITS = {
  /** New or resumed sessions, per client IP. */
  sessionsPerIpPerMinute: 30,
  /** Messages, per session. */
  messagesPerSessionPerMinute: 30,
  /** Messages, per client IP (several sessions behind one address). */
  messagesPerIpPerMinute: 120,
  /** Files attached, per session. */
  filesPerSessionPerMinute: 10,
  /** Files attached, per client IP. */
  filesPerIpPerMinute: 60,
  /** E-mail submissions, per session. */
  emailsPerSessionPerMinute: 5,
  /** Receipts and history pages, per session. */
  readsPerSessionPerMinute: 240,
} as const;

/** Counts one request under `key` and throws 429 `OMNIFY_ERR_RATE_LIMITED` (with `Retry-After`) past the limit. */
export type VisitorLimit = (req: FastifyRequest, reply: FastifyReply, key: string) => Promise<void>;

/**
 * A limiter of `max` requests per minute per key, from the rate-limit plugin the auth plugin
 * registered on the root instance (`createRateLimit`); keys are prefixed with `name`, so limiters
 * never count each other's requests. Without the plugin (an app built without it) nothing is limited.
 */
export function visitorLimit(app: FastifyInstance, name: string, max: number): VisitorLimit {
  if (typeof app.createRateLimit !== 'function') return async () => {};
  const keys = new WeakMap<FastifyRequest, string>();
  const check = app.createRateLimit({
    max,
    timeWindow: 60_000,
    keyGenerator: (req) => `webchat:${name}:${keys.get(req) ?? req.ip}`,
  });
  return async (req, reply, key) => {
    keys.set(req, key);
    const s = await check(req);
    if (!s.isAllowed && s.isExceeded) throw limited(reply, s.ttl);
  };
}
