import type { Queryable } from '../../kernel/db/database.ts';

/**
 * Per-process cache of channel reads by id for the webhook path (every delivery names its channel):
 * the channel, or null when there is none, for {@link CHANNEL_CACHE_TTL_MS}. Keyed by database too,
 * so servers of one process on different databases (tests) never answer for each other.
 *
 * This process's writes evict at once ({@link evictChannel}: `updateChannel`, `deleteChannel`,
 * `insertChannel`), right after the statement and again after its transaction commits, and a read
 * stores its answer only when no eviction happened while it read, so a delivery right after an
 * agent was connected or a secret changed uses the new channel. Other processes sharing the
 * database see such a change within {@link CHANNEL_CACHE_TTL_MS}.
 */

/** How long a cached channel read is used (ms). */
export const CHANNEL_CACHE_TTL_MS = 5_000;

/** Most entries kept; the cache starts over past it. */
const MAX_ENTRIES = 10_000;

const entries = new Map<string, { db: object; channel: unknown; at: number }>();
/** Counts evictions: a read stores its answer only when none happened while it read. */
let evictions = 0;

/**
 * Channel `id` of database `db` from the cache when fresh, else `read()` (the channel in any
 * workspace, or null: `ChannelRecord | null`) stored for next time.
 */
export async function cachedChannel<T>(
  db: object,
  id: string,
  read: () => Promise<T>,
  now = Date.now(),
): Promise<T> {
  const hit = entries.get(id);
  if (hit && hit.db === db && now - hit.at < CHANNEL_CACHE_TTL_MS) return hit.channel as T;
  const before = evictions;
  const channel = await read();
  if (evictions === before) {
    if (entries.size >= MAX_ENTRIES) entries.clear();
    entries.set(id, { db, channel, at: now });
  }
  return channel;
}

/** Forgets channel `id` now and, when `q` is a transaction, again once it commits. */
export function evictChannel(q: Queryable, id: string): void {
  const evict = () => {
    entries.delete(id);
    evictions++;
  };
  evict();
  if ('afterCommit' in q && typeof q.afterCommit === 'function') q.afterCommit(evict);
}
