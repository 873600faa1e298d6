import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database } from '../kernel/db/database.ts';
import { openPglite } from '../kernel/db/pglite.ts';
import { initializePgliteDataDir } from '../kernel/db/pglite-memory.ts';
import { openPostgres } from '../kernel/db/postgres.ts';

/** The environment variable naming the PGlite template data directory ({@link createPgliteTemplate}). */
export const PGLITE_TEMPLATE_ENV = 'OMNIFY_TEST_PGLITE_TEMPLATE';
/** The environment variable naming the migrated PGlite template ({@link createMigratedTemplates}). */
export const PGLITE_MIGRATED_TEMPLATE_ENV = 'OMNIFY_TEST_PGLITE_MIGRATED_TEMPLATE';
/** The environment variable naming the migrated PostgreSQL template database ({@link createMigratedTemplates}). */
export const POSTGRES_MIGRATED_TEMPLATE_ENV = 'OMNIFY_TEST_POSTGRES_MIGRATED_TEMPLATE';

/**
 * Creates an empty PGlite data directory (initdb, nothing migrated) in a new temp folder and returns
 * its path. Test global setup makes one per run and names it in {@link PGLITE_TEMPLATE_ENV}: each
 * test database then starts as a copy of it (~0.2 s) instead of its own initdb (~5 s on the 2-core
 * machines here).
 */
export function createPgliteTemplate(): string {
  const dir = mkdtempSync(join(tmpdir(), 'omnify-pglite-template-'));
  initializePgliteDataDir(dir);
  return dir;
}

/**
 * Makes the run's migrated templates: a copy of the empty PGlite template `emptyPglite` and, when
 * `DATABASE_URL` is set, a PostgreSQL database `omnify_test_template_<random>`, each given to
 * `prepare` (global setup applies every migration and installs the job queue's schema there). Sets
 * {@link PGLITE_MIGRATED_TEMPLATE_ENV} and {@link POSTGRES_MIGRATED_TEMPLATE_ENV} for the test
 * workers; {@link createTestDatabase} with `migrated` then copies them (a directory copy,
 * `CREATE DATABASE … TEMPLATE`). That saves each server a test starts its migrations and pg-boss's
 * install: a start took 1.1–1.3 s instead of 1.8 s on PGlite, 0.8–0.9 s instead of 1.0 s on
 * PostgreSQL (2-core machine, 2026-12-07). The server still migrates and starts its queue, and finds
 * nothing to do. Answers the cleanup.
 */
export async function createMigratedTemplates(
  emptyPglite: string,
  prepare: (db: Database) => Promise<void>,
): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'omnify-pglite-migrated-'));
  cpSync(emptyPglite, dir, { recursive: true });
  await withDatabase(await openPglite(dir), prepare);
  process.env[PGLITE_MIGRATED_TEMPLATE_ENV] = dir;
  let pgName: string | undefined;
  if (process.env.DATABASE_URL) {
    const name = `omnify_test_template_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    pgName = name;
    await withDatabase(await openPostgres(databaseUrlFor(name), 2), prepare);
    process.env[POSTGRES_MIGRATED_TEMPLATE_ENV] = name;
  }
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (pgName) await adminQuery(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  };
}

async function withDatabase(db: Database, use: (db: Database) => Promise<unknown>): Promise<void> {
  try {
    await use(db);
  } finally {
    await db.close();
  }
}

/** Runs one statement on `DATABASE_URL`'s server (CREATE/DROP DATABASE) on a connection of its own. */
async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** `DATABASE_URL` with its database name replaced by `name`. */
function databaseUrlFor(name: string): string {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
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

/**
 * A fresh database of `kind`: empty (nothing migrated) unless `options.migrated`, which starts it as
 * a copy of the run's migrated template when global setup made one ({@link createMigratedTemplates};
 * without one it is empty and the server migrates it, as before).
 */
export async function createTestDatabase(
  kind: 'pglite' | 'postgres',
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'omnify-test-'));
    const migrated = options.migrated ? process.env[PGLITE_MIGRATED_TEMPLATE_ENV] : undefined;
    const template = migrated ?? process.env[PGLITE_TEMPLATE_ENV];
    if (template && existsSync(join(template, 'PG_VERSION'))) cpSync(template, dir, { recursive: true });
    return {
      kind,
      config: { dataDir: dir },
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `omnify_test_${randomBytes(6).toString('hex')}`;
  const template = options.migrated ? process.env[POSTGRES_MIGRATED_TEMPLATE_ENV] : undefined;
  await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  return {
    kind,
    config: {
      dataDir: '/nonexistent',
      databaseUrl: databaseUrlFor(name),
      secretKey: randomBytes(32).toString('base64'),
    },
    dispose: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
