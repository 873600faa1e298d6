import { afterAll, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../app/database.ts';
import { MODULES } from '../../app/modules.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../../testing/backends.ts';
import type { Database } from './database.ts';
import { migrate, planMigrations } from './migrate.ts';
import { openDatabase } from './open.ts';

/** Every `(module, version)` of the app's migrations, as `module/version`, sorted. */
const everyMigration = planMigrations(MODULES)
  .map((m) => `${m.module}/${m.version}`)
  .sort();

/** The app's modules with only the migrations the former single list held (they carry `legacyVersion`). */
const LEGACY_ONLY = MODULES.map((m) => ({
  ...m,
  migrations: (m.migrations ?? []).filter((x) => x.legacyVersion !== undefined),
}));

/** The migrations written after the move into modules, in the order they run. */
const sinceTheMove = planMigrations(MODULES)
  .filter((m) => m.legacyVersion === undefined)
  .map((m) => ({ module: m.module, version: m.version }));

async function recorded(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ module: string; version: number }>(
    'SELECT module, version FROM omnify_schema_migrations',
  );
  return rows.map((r) => `${r.module}/${r.version}`).sort();
}

describe.each(testBackends())('migrations on %s', (backend) => {
  const tdbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const tdb of tdbs) await tdb.dispose();
  });
  const fresh = async () => {
    const tdb = await createTestDatabase(backend);
    tdbs.push(tdb);
    return tdb;
  };

  it('applies every module migration once, even when processes start together', async () => {
    const tdb = await fresh();
    const openers =
      backend === 'postgres'
        ? [openAppDatabase(tdb.config), openAppDatabase(tdb.config)]
        : [openAppDatabase(tdb.config)];
    const dbs = await Promise.all(openers);
    try {
      const db = dbs[0]!;
      expect(everyMigration.length).toBeGreaterThanOrEqual(10);
      expect(await recorded(db)).toEqual(everyMigration);
      expect(await migrate(db, MODULES)).toEqual([]);
      const tables = await db.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      const names = tables.rows.map((t) => t.table_name);
      expect(names).toEqual(
        expect.arrayContaining([
          'channels',
          'contacts',
          'conversations',
          'identities',
          'messages',
          'workspaces',
        ]),
      );
      expect(names).not.toContain('omnify_migrations');
      // The foreign key the intelligence module adds to contacts' segment_members is in place.
      const fk = await db.query<{ def: string }>(
        `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE conname = 'segment_members_added_by_action_fkey'`,
      );
      expect(fk.rows.map((r) => r.def)).toEqual([
        'FOREIGN KEY (added_by_action) REFERENCES insight_actions(id) ON DELETE SET NULL',
      ]);
    } finally {
      for (const db of dbs) await db.close();
    }
  });

  it('upgrades a database migrated by the former single list without running its DDL again', async () => {
    const tdb = await fresh();
    // A data dir as the former single list left it: its four migrations' DDL, nothing newer.
    const db = await openDatabase(tdb.config, LEGACY_ONLY);
    try {
      // The bookkeeping of a data dir written before migrations moved into the modules.
      await db.query('DROP TABLE omnify_schema_migrations');
      await db.query(`CREATE TABLE omnify_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      await db.query(`INSERT INTO omnify_migrations (version, name, applied_at) VALUES
        (1, 'inbox', '2024-01-02T03:04:05Z'), (2, 'intelligence', now()), (3, 'access', now()),
        (4, 'jobs-off-request', now())`);
      await db.query(`INSERT INTO workspaces (name) VALUES ('kept')`);

      // Re-running the former DDL would fail (relations exist): only what came after the move runs.
      expect(await migrate(db, MODULES)).toEqual(sinceTheMove);
      expect(await recorded(db)).toEqual(everyMigration);
      const first = await db.query<{ applied_at: Date }>(
        `SELECT applied_at FROM omnify_schema_migrations WHERE module = 'workspaces' AND version = 1`,
      );
      expect(new Date(first.rows[0]!.applied_at).toISOString()).toBe('2024-01-02T03:04:05.000Z');
      const legacy = await db.query(`SELECT to_regclass('omnify_migrations') AS t`);
      expect(legacy.rows[0]).toEqual({ t: null });
      const kept = await db.query<{ name: string }>('SELECT name FROM workspaces');
      expect(kept.rows.map((r) => r.name)).toContain('kept');
      // A later start finds nothing to do.
      expect(await migrate(db, MODULES)).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('runs only what the former list had not applied yet (a data dir at its version 3)', async () => {
    const tdb = await fresh();
    const db = await openDatabase(tdb.config, LEGACY_ONLY);
    try {
      // Undo the former migration 4 (intelligence/2), then record the old bookkeeping at version 3.
      await db.query('DROP TABLE ad_sync_runs');
      await db.query('DROP INDEX insight_actions_live');
      for (const c of ['operation', 'state', 'error', 'attempts', 'recommendation', 'steps'])
        await db.query(`ALTER TABLE insight_actions DROP COLUMN ${c}`);
      await db.query('DROP TABLE omnify_schema_migrations');
      await db.query(`CREATE TABLE omnify_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      await db.query(`INSERT INTO omnify_migrations (version, name) VALUES
        (1, 'inbox'), (2, 'intelligence'), (3, 'access')`);

      expect(await migrate(db, MODULES)).toEqual(
        planMigrations(MODULES)
          .filter((m) => m.legacyVersion === undefined || m.legacyVersion === 4)
          .map((m) => ({ module: m.module, version: m.version })),
      );
      expect(await recorded(db)).toEqual(everyMigration);
      const cols = await db.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'insight_actions'
         AND column_name IN ('operation', 'steps')`,
      );
      expect(cols.rows).toHaveLength(2);
    } finally {
      await db.close();
    }
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const tdb = await fresh();
    const db = await openAppDatabase(tdb.config);
    try {
      const extra = {
        name: 'scratch',
        migrations: [
          { version: 1, name: 'ok', statements: ['CREATE TABLE scratch_a (id int)'] },
          { version: 2, name: 'bad', statements: ['CREATE TABLE scratch_b (id int)', 'SELECT * FROM nope'] },
        ],
      };
      await expect(migrate(db, [...MODULES, extra])).rejects.toThrow(/nope/);
      const t = await db.query(`SELECT to_regclass('scratch_a') AS a, to_regclass('scratch_b') AS b`);
      expect(t.rows[0]).toEqual({ a: 'scratch_a', b: null });
      expect((await recorded(db)).filter((r) => r.startsWith('scratch/'))).toEqual(['scratch/1']);
    } finally {
      await db.close();
    }
  });
});

describe('the migration plan', () => {
  it('refuses versions out of order and duplicate module names', () => {
    const m = (version: number) => ({ version, name: `v${version}`, statements: [] });
    expect(() => planMigrations([{ name: 'a', migrations: [m(2), m(1)] }])).toThrow(/ascend/);
    expect(() => planMigrations([{ name: 'a', migrations: [m(1), m(1)] }])).toThrow(/ascend/);
    expect(() => planMigrations([{ name: 'a' }, { name: 'a' }])).toThrow(/named 'a'/);
    expect(
      planMigrations([{ name: 'a', migrations: [m(1), m(3)] }, { name: 'b' }]).map((p) => p.version),
    ).toEqual([1, 3]);
  });
});
