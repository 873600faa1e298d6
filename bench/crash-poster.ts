/**
 * The "platform" side of the crash-duplicates benchmark: posts each webhook at its slot of a steady
 * rate and, like a platform, redelivers it until it gets a 200 (backoff 250 ms doubling to 2 s; Meta
 * waits longer, which would only stretch the run).
 */
import type { Webhook } from './crash-server.ts';

/** What posting cost: attempts, failed attempts by kind, and 200s that reported an already-stored message. */
export interface PostStats {
  attempts: number;
  /** Attempts with no HTTP answer (connection refused or reset by the kill, or the 10 s timeout). */
  noAnswer: number;
  /** Attempts answered with a status other than 200. */
  non200: number;
  /** Deliveries acknowledged (a 200). */
  acknowledged: number;
  /** 200s whose body counted the message as a duplicate: it was stored before the kill, unacknowledged. */
  storedBeforeAck: number;
  /** Status codes other than 200 seen, with counts. */
  statuses: Record<string, number>;
}

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 2_000;
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Posts `hooks` to `url()` (read at each attempt: the server's port changes at every restart), hook
 * i first at `startAt + i·1000/rate` (ms epoch), each redelivered until it gets a 200 or `deadline`
 * (ms epoch) passes. Resolves with the figures once every hook got its 200 or the deadline passed;
 * `ackedAt[i]` is when hook i got its 200 (undefined if never).
 */
export async function postAll(
  hooks: Webhook[],
  url: () => string,
  rate: number,
  startAt: number,
  deadline: number,
): Promise<PostStats & { ackedAt: Array<number | undefined> }> {
  const stats: PostStats = {
    attempts: 0,
    noAnswer: 0,
    non200: 0,
    acknowledged: 0,
    storedBeforeAck: 0,
    statuses: {},
  };
  const ackedAt: Array<number | undefined> = new Array(hooks.length).fill(undefined);
  const deliver = async (i: number): Promise<void> => {
    const w = hooks[i]!;
    for (let failures = 0; Date.now() < deadline; failures++) {
      stats.attempts++;
      try {
        const res = await fetch(url(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': w.signature },
          body: new Uint8Array(w.body),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const text = await res.text();
        if (res.status === 200) {
          ackedAt[i] = Date.now();
          stats.acknowledged++;
          if (JSON.parse(text).duplicates > 0) stats.storedBeforeAck++;
          return;
        }
        stats.non200++;
        stats.statuses[res.status] = (stats.statuses[res.status] ?? 0) + 1;
      } catch {
        stats.noAnswer++;
      }
      await sleep(Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** failures));
    }
  };
  await Promise.all(
    hooks.map(async (_, i) => {
      await sleep(startAt + (i * 1000) / rate - Date.now());
      await deliver(i);
    }),
  );
  return { ...stats, ackedAt };
}

/** Resolves after `ms` milliseconds (at once when ≤ 0). */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}
