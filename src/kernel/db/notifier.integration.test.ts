import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testBackends } from '../../testing/backends.ts';
import type { Database } from './database.ts';
import { Notifier } from './notifier.ts';
import { openDatabase } from './open.ts';

describe.each(testBackends())('after-commit hooks and the coalescing notifier on %s', (backend) => {
  let tdb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    db = await openDatabase(tdb.config, []);
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.dispose();
  });

  it('runs a transaction’s afterCommit callbacks and the onCommit listeners after a commit, never after a rollback', async () => {
    const seen: string[] = [];
    const off = db.onCommit(() => seen.push('listener'));
    await db.transaction(async (tx) => {
      tx.afterCommit(() => seen.push('first'));
      tx.afterCommit(() => {
        throw new Error('ignored');
      });
      tx.afterCommit(() => seen.push('second'));
      await tx.query('SELECT 1');
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['first', 'second', 'listener']);
    await expect(
      db.transaction(async (tx) => {
        tx.afterCommit(() => seen.push('rolled back'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    off();
    await db.transaction(async (tx) => tx.query('SELECT 1'));
    expect(seen).toEqual(['first', 'second', 'listener']);
  });

  it('sends what was added meanwhile in one statement, counts of one key merged', async () => {
    const got: string[] = [];
    const unlisten = await db.listen('omnify_test_notifier', (p) => got.push(p));
    const statements: string[] = [];
    const counting: Database = {
      ...db,
      query: (text, params, options) => {
        statements.push(text);
        return db.query(text, params, options);
      },
    };
    const n = new Notifier(counting, (e) => got.push(`error ${String(e)}`), {
      omnify_test_notifier: (key, count) => `${key}:${count}`,
    });
    n.add('omnify_test_notifier', 'a');
    n.add('omnify_test_notifier', 'b', 2);
    n.add('omnify_test_notifier', 'a', 3);
    await n.idle();
    await expect.poll(() => got.slice().sort()).toEqual(['a:4', 'b:2']);
    expect(statements).toHaveLength(1);
    await unlisten();
  });

  it('reports a failed send and goes on', async () => {
    const errors: unknown[] = [];
    const failing: Database = { ...db, query: () => Promise.reject(new Error('database away')) };
    const n = new Notifier(failing, (e) => errors.push(e));
    n.add('omnify_test_notifier');
    await n.idle();
    expect(errors).toHaveLength(1);
    n.add('omnify_test_notifier');
    await n.idle();
    expect(errors).toHaveLength(2);
  });
});
