import type { Config } from '../kernel/config/config.ts';
import type { Database } from '../kernel/db/database.ts';
import { openDatabase } from '../kernel/db/open.ts';
import { MODULES } from './modules.ts';

/**
 * Opens the configured database (PostgreSQL when `databaseUrl` is set, else PGlite under `dataDir`)
 * and applies every module's pending migrations in the order of {@link MODULES}. Rejects, with the
 * database closed, when a migration fails.
 */
export function openAppDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databasePoolSize'>>,
): Promise<Database> {
  return openDatabase(config, MODULES);
}
