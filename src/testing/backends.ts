import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

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
 * database: a temp folder for PGlite, a new `omnify_test_<random>` database on PostgreSQL.
 */
export function testBackends(): Array<'pglite' | 'postgres'> {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'omnify-test-'));
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
