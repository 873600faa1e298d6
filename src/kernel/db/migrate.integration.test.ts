import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testBackends } from '../../testing/backends.ts';
import { MIGRATIONS, migrate } from './migrate.ts';
import { openDatabase } from './open.ts';

describe.each(testBackends())('migrations on %s', (backend) => {
  let tdb: TestDatabase;
  afterAll(() => tdb?.dispose());

  it('applies every migration once, even when processes start together', async () => {
    tdb = await createTestDatabase(backend);
    const openers =
      backend === 'postgres'
        ? [openDatabase(tdb.config), openDatabase(tdb.config)]
        : [openDatabase(tdb.config)];
    const dbs = await Promise.all(openers);
    try {
      const db = dbs[0]!;
      const { rows } = await db.query<{ version: number }>(
        'SELECT version FROM omnify_migrations ORDER BY version',
      );
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      expect(await migrate(db)).toEqual([]);
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.rows.map((t) => t.table_name)).toEqual(
        expect.arrayContaining([
          'channels',
          'contacts',
          'conversations',
          'identities',
          'messages',
          'workspaces',
        ]),
      );
    } finally {
      for (const db of dbs) await db.close();
    }
  });
});
