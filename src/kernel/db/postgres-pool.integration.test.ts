import { describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../app/database.ts';
import { createTestDatabase } from '../../testing/backends.ts';

const run = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL)
  console.warn('the PostgreSQL pool test is skipped: set DATABASE_URL to run it');

run('the PostgreSQL pool', () => {
  it('holds DATABASE_POOL_SIZE connections: more queries at once wait for one', async () => {
    const tdb = await createTestDatabase('postgres');
    const db = await openAppDatabase({ ...tdb.config, databasePoolSize: 2 });
    try {
      const pids = await Promise.all(
        Array.from({ length: 6 }, () =>
          db
            .query<{ pid: number }>('SELECT pg_backend_pid() AS pid FROM pg_sleep(0.05)')
            .then((r) => r.rows[0]!.pid),
        ),
      );
      expect(new Set(pids).size).toBe(2);
    } finally {
      await db.close();
      await tdb.dispose();
    }
  });
});
