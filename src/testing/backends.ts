import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { initializePgliteDataDir } from '../kernel/db/pglite-memory.ts';

/** The environment variable naming the PGlite template data directory ({@link createPgliteTemplate}). */
export const PGLITE_TEMPLATE_ENV = 'OMNIFY_TEST_PGLITE_TEMPLATE';

/**
 * Creates an empty PGlite data directory (initdb, nothing migrated) in a new temp folder and returns
 * its path. Test global setup makes one per run and names it in {@link PGLITE_TEMPLATE_ENV}: each
 * test database then starts as a copy of it (~0.2 s) instead of its own initdb (~5 s on the 2-core
 * machines here), and still runs every migration itself.
 */
export function createPgliteTemplate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnify-pglite-template-'));
  initializePgliteDataDir(dir);
  return dir;
}

/** A database a test can run Omnify on; `dispose` removes it. */
export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /**
   * Config overrides that select it (DATA_DIR or DATABASE_URL). PostgreSQL needs a master key
   * (OMNIFY_SECRET_KEY): a random one per database; PGlite generates its key file in DATA_DIR.
   */
  config: { dataDir: string; databaseUrl?: string; secretKey?: string };
  dispose(): Promise<void>;
}

/**
 * The backends integration tests run on: always the embedded PGlite, plus PostgreSQL when
 * `DATABASE_URL` is set (CI sets it to the server on 127.0.0.1:5432). Each test gets a fresh
 * database: a temp folder for PGlite (a copy of the run's empty template when there is one), a new
 * `omnify_test_<random>` database on PostgreSQL.
 */
export function testBackends(): Array<'pglite' | 'postgres'> {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'omnify-test-'));
    const template = process.env[PGLITE_TEMPLATE_ENV];
    if (template && existsSync(join(template, 'PG_VERSION'))) cpSync(template, dir, { recursive: true });
    return {
      kind,
      config: { dataDir: dir },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.DATABASE_URL!;
  const name = `omnify_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    config: {
      dataDir: '/nonexistent',
      databaseUrl: url.toString(),
      secretKey: randomBytes(32).toString('base64'),
    },
    async dispose() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
