import type { ModuleMigration, OmnifyModule } from '../module.ts';
import type { Database, Queryable } from './database.ts';

/** What {@link migrate} needs of a module: its name and its migrations. */
export type MigratingModule = Pick<OmnifyModule, 'name' | 'migrations'>;

/** One migration of one module, as recorded in `omnify_schema_migrations`. */
export interface MigrationRef {
  module: string;
  version: number;
}

/** Every migration ordered as applied, with its module's name. */
type Planned = ModuleMigration & { module: string };

/** The transaction-level advisory lock every migration transaction holds (one key for all of Omnify). */
const LOCK_KEY = 7157001;

/**
 * The migrations of `modules` in apply order: modules in the given order (a module's statements may
 * reference only its own tables and those of modules before it), each module's by ascending version.
 * Throws when two modules share a name or a module's versions are not positive integers in strictly
 * ascending order (a programming error, caught by any test that migrates).
 */
export function planMigrations(modules: readonly MigratingModule[]): Planned[] {
  const names = new Set<string>();
  const plan: Planned[] = [];
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`Two modules are named '${m.name}'`);
    names.add(m.name);
    let last = 0;
    for (const migration of m.migrations ?? []) {
      if (!Number.isInteger(migration.version) || migration.version <= last)
        throw new Error(
          `Module '${m.name}': migration versions must ascend from 1 (got ${migration.version})`,
        );
      last = migration.version;
      plan.push({ ...migration, module: m.name });
    }
  }
  return plan;
}

/**
 * Creates the bookkeeping table and, on a database migrated by the former single list
 * (`omnify_migrations`, global versions 1–4), records every module migration whose `legacyVersion` it
 * applied (with its original time) and drops the old table, so no DDL runs twice. Call under the lock.
 */
async function prepareBookkeeping(tx: Queryable, plan: readonly Planned[]): Promise<void> {
  await tx.query(`CREATE TABLE IF NOT EXISTS omnify_schema_migrations (
    module text NOT NULL,
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (module, version))`);
  const { rows } = await tx.query<{ legacy: boolean }>(
    `SELECT to_regclass('omnify_migrations') IS NOT NULL AS legacy`,
  );
  if (!rows[0]?.legacy) return;
  const adopted = plan.filter((m) => m.legacyVersion !== undefined);
  await tx.query(
    `INSERT INTO omnify_schema_migrations (module, version, name, applied_at)
     SELECT u.module, u.version, u.name, l.applied_at
     FROM unnest($1::text[], $2::int[], $3::text[], $4::int[]) AS u(module, version, name, legacy)
     JOIN omnify_migrations l ON l.version = u.legacy
     ON CONFLICT (module, version) DO NOTHING`,
    [
      adopted.map((m) => m.module),
      adopted.map((m) => m.version),
      adopted.map((m) => m.name),
      adopted.map((m) => m.legacyVersion),
    ],
  );
  await tx.query('DROP TABLE omnify_migrations');
}

/**
 * Applies the pending migrations of `modules` (see {@link planMigrations} for the order) and returns
 * the ones it applied, in order. Each migration runs in its own transaction holding a PostgreSQL
 * advisory lock and re-checks `omnify_schema_migrations (module, version)` under it, so several
 * processes starting at once apply each migration exactly once. A failing statement rolls back its
 * migration and rejects with the database error; the migrations before it stay applied.
 */
export async function migrate(db: Database, modules: readonly MigratingModule[]): Promise<MigrationRef[]> {
  const plan = planMigrations(modules);
  const key = (m: MigrationRef) => `${m.module}/${m.version}`;
  const recorded = await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    await prepareBookkeeping(tx, plan);
    const { rows } = await tx.query<MigrationRef>('SELECT module, version FROM omnify_schema_migrations');
    return new Set(rows.map(key));
  });
  const applied: MigrationRef[] = [];
  for (const m of plan) {
    if (recorded.has(key(m))) continue;
    const done = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const { rows } = await tx.query(
        'SELECT 1 FROM omnify_schema_migrations WHERE module = $1 AND version = $2',
        [m.module, m.version],
      );
      if (rows.length > 0) return false;
      for (const sql of m.statements) await tx.query(sql);
      await tx.query('INSERT INTO omnify_schema_migrations (module, version, name) VALUES ($1, $2, $3)', [
        m.module,
        m.version,
        m.name,
      ]);
      return true;
    });
    if (done) applied.push({ module: m.module, version: m.version });
  }
  return applied;
}
