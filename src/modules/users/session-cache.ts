import type { Queryable } from '../../kernel/db/database.ts';
import type { Role } from '../workspaces/access.ts';

/**
 * Per-process cache of session lookups (the auth hook reads the session of every cookie-signed
 * request): token hash → the live session with its role, for {@link SESSION_CACHE_TTL_MS}, never past
 * the session's expiry. Only sessions whose user is still a member of the session's workspace are
 * kept; unknown tokens are not.
 *
 * Every write of this process that changes what a lookup answers evicts at once: sign-out
 * (`deleteSession`), a workspace switch (`moveSession`), a password reset (`deleteUserSessions`), a
 * role change (`setRole`) and a member's removal (`removeMembership`). Such a write evicts after it
 * ran and again after its transaction commits, and a lookup stores its answer only when no eviction
 * happened while it read, so a lookup racing the write never caches what the write replaced. Other
 * processes sharing the database keep a cached session for at most {@link SESSION_CACHE_TTL_MS}: a
 * session signed out, switched, or whose user's role changed or was removed there still works here
 * with what it had for up to 30 s (docs/access.md). Entries are keyed by database too, so servers
 * of one process on different databases (tests) never answer for each other.
 */

/** How long a cached session lookup is used (ms). */
export const SESSION_CACHE_TTL_MS = 30_000;

/** Most entries kept; the cache starts over past it. */
const MAX_ENTRIES = 10_000;

/** What a session lookup answers: its user, current workspace, role there, last use (`last_seen_at`). */
export interface CachedSession {
  id: string;
  userId: string;
  workspaceId: string;
  role: Role;
  lastSeenAt: Date;
}

interface Entry {
  db: object;
  session: CachedSession;
  /** `expires_at` of the session (epoch ms). */
  expiresAt: number;
  /** When it was read (epoch ms). */
  at: number;
}

const entries = new Map<string, Entry>();
/** Counts evictions: a lookup stores its answer only when none happened while it read. */
let evictions = 0;

/** The session of token hash `tokenHash` cached for database `db`, or undefined (then look it up). */
export function cachedSession(db: object, tokenHash: string, now = Date.now()): CachedSession | undefined {
  const e = entries.get(tokenHash);
  if (!e) return undefined;
  if (e.db !== db || now - e.at >= SESSION_CACHE_TTL_MS || now >= e.expiresAt) {
    if (e.db === db) entries.delete(tokenHash);
    return undefined;
  }
  return e.session;
}

/** Call before reading a session from the database; pass the value to {@link storeSession}. */
export function lookupStarted(): number {
  return evictions;
}

/**
 * Caches what a lookup started at `started` ({@link lookupStarted}) read, unless a session was
 * evicted since (the answer may predate that write).
 */
export function storeSession(
  db: object,
  tokenHash: string,
  session: CachedSession,
  expiresAt: Date,
  started: number,
): void {
  if (started !== evictions) return;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(tokenHash, { db, session, expiresAt: expiresAt.getTime(), at: Date.now() });
}

/** Records in the cached entry (if any) that the session was used at `at` (after `touchSession`). */
export function sessionTouched(tokenHash: string, at: Date): void {
  const e = entries.get(tokenHash);
  if (e) e.session = { ...e.session, lastSeenAt: at };
}

/**
 * Forgets the cached sessions matching `match` (by token hash, or every session of a user), now
 * and — when `q` is a transaction — again once it commits. Call after the write ran.
 */
export function evictSessions(q: Queryable, match: { tokenHash: string } | { userId: string }): void {
  const evict = () => {
    evictions++;
    if ('tokenHash' in match) entries.delete(match.tokenHash);
    else for (const [k, e] of entries) if (e.session.userId === match.userId) entries.delete(k);
  };
  evict();
  const tx = q as Partial<{ afterCommit(fn: () => void): void }>;
  if (typeof tx.afterCommit === 'function') tx.afterCommit(evict);
}
