import type { Database } from './database.ts';
import * as m001 from './migrations/001-inbox.ts';
import * as m002 from './migrations/002-intelligence.ts';
import * as m003 from './migrations/003-access.ts';
import * as m004 from './migrations/004-jobs-off-request.ts';

/** Migrations in order; each is a list of single SQL statements applied in one transaction. */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; statements: string[] }> = [
  { version: 1, name: 'inbox', statements: m001.statements },
  { version: 2, name: 'intelligence', statements: m002.statements },
  { version: 3, name: 'access', statements: m003.statements },
  { version: 4, name: 'jobs-off-request', statements: m004.statements },
];

/**
 * Applies pending migrations. Safe with several processes starting at once: each migration runs in
 * a transaction holding a PostgreSQL advisory lock, and re-checks the applied versions under it.
 */
export async function migrate(db: Database): Promise<number[]> {
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(7157001)');
      await tx.query(`CREATE TABLE IF NOT EXISTS omnify_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await tx.query('SELECT 1 FROM omnify_migrations WHERE version = $1', [m.version]);
      if (rows.length > 0) return false;
      for (const sql of m.statements) await tx.query(sql);
      await tx.query('INSERT INTO omnify_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
