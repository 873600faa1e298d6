import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../app/database.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../../testing/backends.ts';
import type { Database } from '../db/database.ts';
import { JobQueue } from './queue.ts';

describe.each(testBackends())('job queue stop on %s', (backend) => {
  let tdb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    db = await openAppDatabase(tdb.config);
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.dispose();
  });

  it('a job that finishes after stop leaves no unhandled rejection and stays to run again', async () => {
    const queue = new JobQueue(db);
    await queue.start();
    let started!: () => void;
    const running = new Promise<void>((r) => {
      started = r;
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    await queue.work<{ n: number }>(
      'read-receipt',
      1,
      async () => {
        started();
        await gate;
      },
      0.5,
    );
    await db.transaction((tx) => queue.enqueue('read-receipt', { n: 1 }, {}, tx));
    await running;

    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Not graceful: pg-boss fails the running job at once; the handler ends afterwards and pg-boss
      // then completes it without awaiting (its rejection would be unhandled).
      await queue.stop(false);
      release();
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    // The job was failed by pg-boss's shutdown and waits for its retry, not lost.
    const { rows } = await db.query<{ state: string }>(
      `SELECT state FROM pgboss.job WHERE name = 'read-receipt'`,
    );
    expect(rows.map((r) => r.state)).toEqual(['retry']);
  });
});
