import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../app/database.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../../testing/backends.ts';
import type { Database } from './database.ts';
import { SnapshotCache } from './snapshot-cache.ts';

/** A page of the test table `notes`, counting how often it was read from the database. */
function notesPage(db: Database) {
  const page = {
    loads: 0,
    load: async () => {
      page.loads += 1;
      const { rows } = await db.query<{ body: string }>('SELECT body FROM cache_notes ORDER BY id');
      return rows.map((r) => r.body);
    },
  };
  return page;
}

const MB = 1024 * 1024;
/**
 * A load's time in the process after its statements, so that on PostgreSQL (a pool: the requests'
 * snapshot checks run in parallel, on connections the pool may still be opening) the others find
 * it running.
 */
const slow = () => new Promise((resolve) => setTimeout(resolve, 150));

describe.each(testBackends())('the snapshot cache on %s', (kind) => {
  let tdb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    db = await openAppDatabase(tdb.config);
    await db.exec('CREATE TABLE cache_notes (id serial PRIMARY KEY, body text NOT NULL)');
    await db.exec('CREATE TABLE cache_other (id serial PRIMARY KEY)');
    await db.query(`INSERT INTO cache_notes (body) VALUES ('first')`);
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.dispose();
  });

  /**
   * Runs `scenario` until it passes, up to 20 times on PostgreSQL: a snapshot is the whole server's,
   * so another test file writing to its own database on the same server can change it between two
   * steps (an extra load, never a stale answer). Once on PGlite, whose only client is this process.
   */
  async function untilQuiet(scenario: () => Promise<void>): Promise<void> {
    const tries = kind === 'postgres' ? 20 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await scenario();
        return;
      } catch (e) {
        if (attempt >= tries) throw e;
        await new Promise((r) => setTimeout(r, 25));
      }
    }
  }

  it('reads a snapshot that changes with every write, by any kind of operation', () =>
    untilQuiet(async () => {
      const s0 = await db.snapshot();
      expect(s0).toMatch(/^\d+:\d+:[\d,]*$/);
      expect(await db.snapshot()).toBe(s0);
      await db.query('SELECT count(*) FROM cache_notes');
      expect(await db.snapshot()).toBe(s0); // a read changes nothing
      const seen = [s0];
      const writes: Array<() => Promise<unknown>> = [
        () => db.query('INSERT INTO cache_other DEFAULT VALUES'),
        () => db.queryUrgent('INSERT INTO cache_other DEFAULT VALUES'),
        () => db.exec('INSERT INTO cache_other DEFAULT VALUES'),
        () => db.execRows('INSERT INTO cache_other DEFAULT VALUES RETURNING id'),
        () => db.transaction((tx) => tx.query('INSERT INTO cache_other DEFAULT VALUES')),
      ];
      for (const write of writes) {
        await write();
        const s = await db.snapshot();
        expect(seen).not.toContain(s);
        seen.push(s);
      }
    }));

  it('reads the snapshot after a transaction running when it is asked', () =>
    untilQuiet(async () => {
      const s0 = await db.snapshot();
      const open = db.transaction(async (tx) => {
        await tx.query('INSERT INTO cache_other DEFAULT VALUES');
        await new Promise((r) => setTimeout(r, 50));
      });
      const during = db.snapshot();
      await open;
      const after = await db.snapshot();
      // PGlite waits for the transaction (one connection); PostgreSQL reads the snapshot at once.
      if (kind === 'pglite') expect(await during).toBe(after);
      else expect(await during).toBe(s0);
      expect(after).not.toBe(s0);
    }));

  it('answers from memory while nothing is written', () =>
    untilQuiet(async () => {
      const cache = new SnapshotCache(MB);
      const page = notesPage(db);
      const a = await cache.json(db, 'k', page.load, JSON.stringify);
      const b = await cache.json(db, 'k', page.load, JSON.stringify);
      expect(JSON.parse(a)).toEqual(['first']);
      expect(b).toBe(a);
      expect(page.loads).toBe(1);
      expect(cache.stats).toEqual({ hits: 1, misses: 1, shared: 0 });
    }));

  it('reads every answer from the database with a bound of 0', async () => {
    const cache = new SnapshotCache(0);
    const page = notesPage(db);
    await cache.json(db, 'k', page.load, JSON.stringify);
    await cache.json(db, 'k', page.load, JSON.stringify);
    expect(page.loads).toBe(2);
  });

  it('reads again after any write, to any table, committed or rolled back', async () => {
    const cache = new SnapshotCache(MB);
    const page = notesPage(db);
    await cache.json(db, 'k', page.load, JSON.stringify);
    await db.query(`UPDATE cache_notes SET body = 'edited'`);
    expect(JSON.parse(await cache.json(db, 'k', page.load, JSON.stringify))).toEqual(['edited']);
    await db.query('INSERT INTO cache_other DEFAULT VALUES'); // a table the page does not read
    await cache.json(db, 'k', page.load, JSON.stringify);
    await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO cache_other DEFAULT VALUES');
        throw new Error('roll back');
      })
      .catch(() => {});
    await cache.json(db, 'k', page.load, JSON.stringify);
    expect(page.loads).toBe(4);
  });

  it('keys answers apart', async () => {
    const cache = new SnapshotCache(MB);
    const page = notesPage(db);
    await cache.json(db, 'a', page.load, JSON.stringify);
    await cache.json(db, 'b', page.load, JSON.stringify);
    expect(page.loads).toBe(2);
  });

  it('keeps no answer when a write committed while it loaded', async () => {
    const cache = new SnapshotCache(MB);
    let loads = 0;
    const racing = async () => {
      loads += 1;
      const { rows } = await db.query<{ body: string }>('SELECT body FROM cache_notes ORDER BY id');
      if (loads === 1) await db.query(`UPDATE cache_notes SET body = 'raced'`);
      return rows.map((r) => r.body);
    };
    const stale = JSON.parse(await cache.json(db, 'k', racing, JSON.stringify));
    expect(stale).not.toEqual(['raced']);
    expect(JSON.parse(await cache.json(db, 'k', racing, JSON.stringify))).toEqual(['raced']);
    expect(loads).toBe(2);
  });

  it('keeps no failed load, and every waiter gets its error', () =>
    untilQuiet(async () => {
      const cache = new SnapshotCache(MB);
      let calls = 0;
      const failing = async () => {
        calls += 1;
        await db.query('SELECT 1');
        await slow();
        throw new Error('not found');
      };
      const both = await Promise.allSettled([
        cache.json(db, 'k', failing, JSON.stringify),
        cache.json(db, 'k', failing, JSON.stringify),
      ]);
      expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      await expect(cache.json(db, 'k', failing, JSON.stringify)).rejects.toThrow('not found');
      expect(calls).toBe(2);
    }));

  it('runs one load for requests missing the same key at once', () =>
    untilQuiet(async () => {
      const cache = new SnapshotCache(MB);
      const page = notesPage(db);
      const load = async () => {
        const rows = await page.load();
        await slow();
        return rows;
      };
      const bodies = await Promise.all(
        Array.from({ length: 5 }, () => cache.json(db, 'k', load, JSON.stringify)),
      );
      expect(new Set(bodies).size).toBe(1);
      expect(page.loads).toBe(1);
      expect(cache.stats).toEqual({ hits: 0, misses: 1, shared: 4 });
    }));

  it('forgets the least recently used answers beyond its bound', async () => {
    const cache = new SnapshotCache(200);
    const page = notesPage(db);
    const big = async () => `${(await page.load()).join()}${'x'.repeat(120)}`;
    await cache.json(db, 'a', big, String);
    await cache.json(db, 'b', big, String);
    await cache.json(db, 'a', big, String);
    expect(page.loads).toBe(3);
  });

  it.runIf(kind === 'postgres')('sees the writes of another process on the same database', async () => {
    const other = await openAppDatabase(tdb.config); // another server process's pool
    try {
      const cache = new SnapshotCache(MB);
      const page = notesPage(db);
      await cache.json(db, 'k', page.load, JSON.stringify);
      await other.query(`UPDATE cache_notes SET body = 'from elsewhere'`);
      expect(JSON.parse(await cache.json(db, 'k', page.load, JSON.stringify))).toEqual(['from elsewhere']);
      // A transaction of the other process still open changes nothing that is seen yet…
      await cache.json(db, 'k', page.load, JSON.stringify);
      let commit!: () => void;
      const open = other.transaction(async (tx) => {
        await tx.query(`UPDATE cache_notes SET body = 'committed later'`);
        await new Promise<void>((resolve) => {
          commit = resolve;
        });
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(JSON.parse(await cache.json(db, 'k', page.load, JSON.stringify))).toEqual(['from elsewhere']);
      // …and its commit is seen at once.
      commit();
      await open;
      expect(JSON.parse(await cache.json(db, 'k', page.load, JSON.stringify))).toEqual(['committed later']);
    } finally {
      await other.close();
    }
  });
});
