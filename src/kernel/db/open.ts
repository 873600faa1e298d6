import type { Config } from '../config/config.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';

/**
 * Opens PostgreSQL when `databaseUrl` is set, else PGlite under `dataDir`, then applies migrations.
 * Only the driver in use is loaded (each costs resident memory).
 */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const db = config.databaseUrl
    ? await (await import('./postgres.ts')).openPostgres(config.databaseUrl)
    : await (await import('./pglite.ts')).openPglite(config.dataDir);
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
