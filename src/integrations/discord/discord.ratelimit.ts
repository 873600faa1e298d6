import { createHash } from 'node:crypto';

/**
 * What Discord's rate-limit answers say, and a per-process memory of it so the next send waits
 * instead of spending a request on a certain 429 (Discord docs, "Topics > Rate Limits": per-route
 * buckets keyed by their major parameter — here the channel id —, `X-RateLimit-Remaining`,
 * `X-RateLimit-Reset-After` in seconds, a global limit per bot, and a 429 body
 * `{message, retry_after (seconds, float), global, code?}`; too many invalid requests get the bot's
 * IP banned for a while, so a known-empty bucket is not tried).
 *
 * The memory is one process's: another process sharing the bot token learns a limit from its own
 * first 429.
 */

/** The wait a 429 asks for and its scope. */
export interface DiscordRateLimit {
  /** Milliseconds, rounded up: body `retry_after`, else `Retry-After`, else `X-RateLimit-Reset-After`. */
  retryAfterMs?: number;
  /** True for the bot-wide limit (body `global` or `X-RateLimit-Global`). */
  global: boolean;
  /** `X-RateLimit-Scope`: `user`, `global` or `shared` (a resource limit not counted against the bot). */
  scope?: string;
  /** `X-RateLimit-Bucket`, the bucket's opaque id. */
  bucket?: string;
}

/** Seconds (a float, as Discord writes them) to whole milliseconds, rounded up; undefined when not a non-negative number. */
export function secondsToMs(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  // Round to µs first so 64.57 s is 64570 ms, not 64571 from binary noise.
  return Math.ceil(Math.round(n * 1e6) / 1e3);
}

/** Reads a 429: `json` is the parsed body, `headers` the answer's. */
export function readRateLimit(json: unknown, headers: Headers): DiscordRateLimit {
  const body = json && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const retryAfterMs =
    secondsToMs(body.retry_after) ??
    secondsToMs(headers.get('retry-after')) ??
    secondsToMs(headers.get('x-ratelimit-reset-after'));
  const global = body.global === true || headers.get('x-ratelimit-global')?.toLowerCase() === 'true';
  const scope = headers.get('x-ratelimit-scope') ?? undefined;
  const bucket = headers.get('x-ratelimit-bucket') ?? undefined;
  return { retryAfterMs, global, scope, bucket };
}

const MAX_KEYS = 10_000;
/** Key → epoch ms before which no request should be made. */
const blockedUntil = new Map<string, number>();

const botKey = (apiBaseUrl: string, token: string) =>
  `${apiBaseUrl}|${createHash('sha256').update(token).digest('base64url').slice(0, 16)}`;

function block(key: string, until: number): void {
  if (blockedUntil.size >= MAX_KEYS) {
    const now = Date.now();
    for (const [k, t] of blockedUntil) if (t <= now) blockedUntil.delete(k);
    if (blockedUntil.size >= MAX_KEYS) blockedUntil.clear();
  }
  if ((blockedUntil.get(key) ?? 0) < until) blockedUntil.set(key, until);
}

/**
 * The limits one bot (API base URL + token) is under for one route (`route`, e.g.
 * `channels/<id>/messages`): `waitMs` says how long to hold off before calling, `learn` records what
 * an answer said.
 */
export class DiscordBuckets {
  private readonly bot: string;
  private readonly route: string;
  private readonly global: boolean;

  /**
   * `options.global: false` for routes outside the bot's global limit (interaction webhooks, keyed
   * by their own token): a global 429 of the bot does not hold them, and theirs holds nothing else.
   */
  constructor(apiBaseUrl: string, token: string, route: string, options: { global?: boolean } = {}) {
    this.bot = botKey(apiBaseUrl, token);
    this.route = `${this.bot}|${route}`;
    this.global = options.global ?? true;
  }

  /** Milliseconds until the route (or the whole bot) may be called again; 0 when it may now. */
  waitMs(now = Date.now()): number {
    const bot = this.global ? (blockedUntil.get(this.bot) ?? 0) : 0;
    const until = Math.max(blockedUntil.get(this.route) ?? 0, bot);
    return Math.max(0, until - now);
  }

  /**
   * Records an answer: a bucket left empty (`X-RateLimit-Remaining: 0`, on a success or a 429)
   * blocks the route for `X-RateLimit-Reset-After`; a global 429 blocks every route of the bot for
   * the wait it names. A 429 of a `shared` resource limit leaves the bucket as its headers say (it
   * is not counted against the bot); the message that met it waits as asked through its job.
   */
  learn(status: number, headers: Headers, limit: DiscordRateLimit | undefined, now = Date.now()): void {
    if (headers.get('x-ratelimit-remaining') === '0') {
      const reset = secondsToMs(headers.get('x-ratelimit-reset-after'));
      if (reset !== undefined) block(this.route, now + reset);
    }
    if (this.global && status === 429 && limit?.global && limit.retryAfterMs !== undefined) {
      block(this.bot, now + limit.retryAfterMs);
    }
  }
}
