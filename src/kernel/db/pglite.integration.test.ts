import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/backends.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';

describe('the embedded database’s settings', () => {
  let tdb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    tdb = await createTestDatabase('pglite');
    db = await openPglite(tdb.config.dataDir);
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.dispose();
  });

  it('plans for cached data (random_page_cost 1.1) with the small shared_buffers', async () => {
    const { rows } = await db.query<{ rpc: string; sb: string }>(
      `SELECT current_setting('random_page_cost') AS rpc, current_setting('shared_buffers') AS sb`,
    );
    expect(rows).toEqual([{ rpc: '1.1', sb: '16MB' }]);
  });
});
