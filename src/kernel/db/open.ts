import type { Config } from '../config/config.ts';
import type { Database } from './database.ts';
import { type MigratingModule, migrate } from './migrate.ts';

/**
 * Opens PostgreSQL when `databaseUrl` is set (a pool of `databasePoolSize` connections, default
 * 10), else PGlite under `dataDir`, then applies the pending
 * migrations of `modules` in their order (`migrate`; the app passes its modules through
 * `openAppDatabase`, src/app/database.ts). Only the driver in use is loaded (each costs resident
 * memory). Rejects, with the database closed, when a migration fails.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databasePoolSize'>>,
  modules: readonly MigratingModule[],
): Promise<Database> {
  const db = config.databaseUrl
    ? await (await import('./postgres.ts')).openPostgres(config.databaseUrl, config.databasePoolSize)
    : await (await import('./pglite.ts')).openPglite(config.dataDir);
  try {
    await migrate(db, modules);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
