import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../kernel/db/database.ts';
import type { ChannelRecord } from './channel.repository.ts';
import { CHANNEL_CACHE_TTL_MS, cachedChannel, evictChannel } from './channel-cache.ts';

const channel = (id: string, agentId: string | null) => ({ id, agentId }) as unknown as ChannelRecord;
const plain: Queryable = { query: async () => ({ rows: [], rowCount: 0 }) };

describe('the webhook path’s channel cache', () => {
  it('reads once within the TTL, per database, and again after it', async () => {
    const db = {};
    let reads = 0;
    const read = async () => {
      reads++;
      return channel('c1', null);
    };
    await cachedChannel(db, 'c1', read, 1_000);
    await cachedChannel(db, 'c1', read, 1_000 + CHANNEL_CACHE_TTL_MS - 1);
    expect(reads).toBe(1);
    await cachedChannel({}, 'c1', read, 1_001); // another database
    expect(reads).toBe(2);
    await cachedChannel(db, 'c1', read, 1_001 + CHANNEL_CACHE_TTL_MS);
    expect(reads).toBe(3);
  });

  it('serves a write of this process at once, also when the write commits later', async () => {
    const db = {};
    await cachedChannel(db, 'c2', async () => channel('c2', null), 5_000);
    evictChannel(plain, 'c2');
    expect((await cachedChannel(db, 'c2', async () => channel('c2', 'agent-1'), 5_001))?.agentId).toBe(
      'agent-1',
    );

    // In a transaction: a read between the update and its commit sees the old row; it must not stay.
    let commit = () => {};
    const tx = { ...plain, afterCommit: (fn: () => void) => (commit = fn) };
    evictChannel(tx, 'c2');
    await cachedChannel(db, 'c2', async () => channel('c2', 'agent-1'), 5_002);
    commit();
    expect((await cachedChannel(db, 'c2', async () => channel('c2', 'agent-2'), 5_003))?.agentId).toBe(
      'agent-2',
    );
  });

  it('does not keep what a read racing an eviction found', async () => {
    const db = {};
    let release = () => {};
    const slow = cachedChannel(
      db,
      'c3',
      () => new Promise<ChannelRecord>((r) => (release = () => r(channel('c3', null)))),
      9_000,
    );
    evictChannel(plain, 'c3'); // the write lands while the read is out
    release();
    expect((await slow)?.agentId).toBeNull();
    expect((await cachedChannel(db, 'c3', async () => channel('c3', 'agent-9'), 9_001))?.agentId).toBe(
      'agent-9',
    );
  });
});
