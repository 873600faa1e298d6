import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../kernel/db/database.ts';
import {
  type CachedSession,
  cachedSession,
  evictSessions,
  lookupStarted,
  SESSION_CACHE_TTL_MS,
  sessionTouched,
  storeSession,
} from './session-cache.ts';

const db = { name: 'db' };
const otherDb = { name: 'other' };
const q: Queryable = { query: async () => ({ rows: [], rowCount: 0 }) };

let n = 0;
/** A fresh token hash and session of `userId`, stored as a lookup would. */
function stored(userId = 'u1', expiresInMs = 3_600_000): { hash: string; session: CachedSession } {
  const hash = `hash-${++n}`;
  const session: CachedSession = {
    id: `s${n}`,
    userId,
    workspaceId: 'w1',
    role: 'agent',
    lastSeenAt: new Date(0),
  };
  storeSession(db, hash, session, new Date(Date.now() + expiresInMs), lookupStarted());
  return { hash, session };
}

describe('session cache', () => {
  it('answers for its database only, for 30 s and never past the session’s expiry', () => {
    const { hash, session } = stored();
    expect(cachedSession(db, hash)).toEqual(session);
    expect(cachedSession(otherDb, hash)).toBeUndefined();
    expect(cachedSession(db, hash, Date.now() + SESSION_CACHE_TTL_MS + 1)).toBeUndefined();
    expect(cachedSession(db, hash)).toBeUndefined(); // dropped once stale

    const short = stored('u1', 1_000);
    expect(cachedSession(db, short.hash)).toBeDefined();
    expect(cachedSession(db, short.hash, Date.now() + 1_001)).toBeUndefined();
  });

  it('evicts by token hash and by user, and records a use', () => {
    const a = stored('u1');
    const b = stored('u1');
    const c = stored('u2');
    sessionTouched(c.hash, new Date(5));
    expect(cachedSession(db, c.hash)?.lastSeenAt).toEqual(new Date(5));
    evictSessions(q, { tokenHash: a.hash });
    expect(cachedSession(db, a.hash)).toBeUndefined();
    expect(cachedSession(db, b.hash)).toBeDefined();
    evictSessions(q, { userId: 'u1' });
    expect(cachedSession(db, b.hash)).toBeUndefined();
    expect(cachedSession(db, c.hash)).toBeDefined();
  });

  it('does not store what a lookup read while a write evicted, and evicts again after commit', () => {
    const started = lookupStarted();
    evictSessions(q, { userId: 'u3' }); // a write ran while the lookup read the old row
    const session: CachedSession = {
      id: 's',
      userId: 'u3',
      workspaceId: 'w',
      role: 'owner',
      lastSeenAt: new Date(),
    };
    storeSession(db, 'racing', session, new Date(Date.now() + 60_000), started);
    expect(cachedSession(db, 'racing')).toBeUndefined();

    // In a transaction: stored before the commit (the old row was still the truth), gone after it.
    const hooks: Array<() => void> = [];
    const tx = { ...q, afterCommit: (fn: () => void) => hooks.push(fn) };
    evictSessions(tx, { userId: 'u4' });
    const { hash } = stored('u4');
    expect(cachedSession(db, hash)).toBeDefined();
    for (const fn of hooks) fn();
    expect(cachedSession(db, hash)).toBeUndefined();
  });
});
