import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openAppDatabase } from '../app/database.ts';
import type { Config } from '../kernel/config/config.ts';
import type { Database } from '../kernel/db/database.ts';
import { isUuid } from '../kernel/db/uuid.ts';
import { ROLES, type Role } from '../modules/workspaces/access.ts';
import { bootstrapWorkspace, insertApiKey } from '../modules/workspaces/api-keys.ts';

/**
 * Why the CLI may not open the embedded database, or null. PGlite serves one process: a running
 * server keeps `postmaster.pid` in DATA_DIR (PGlite removes it on a clean stop), and a second
 * process opening the same files would corrupt them.
 */
export function pgliteBusyReason(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string | null {
  if (config.databaseUrl || !existsSync(join(config.dataDir, 'postmaster.pid'))) return null;
  return (
    `The embedded database in ${config.dataDir} is in use by a running Omnify server: PGlite serves ` +
    'one process only. Stop the server (Ctrl-C), run this command, then start the server again. ' +
    `If no server is running, the last one did not stop cleanly: delete ${join(config.dataDir, 'postmaster.pid')} and retry.`
  );
}

/**
 * Runs `fn` on the database of `config` (migrated), closing it after; refuses (exit code 1, saying
 * why) when a running server holds the embedded database. Returns `fn`'s exit code.
 */
export async function withDatabase(config: Config, fn: (db: Database) => Promise<number>): Promise<number> {
  const busy = pgliteBusyReason(config);
  if (busy) {
    console.error(busy);
    return 1;
  }
  const db = await openAppDatabase(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * `omnify keys create --role <role> [--workspace <id>] [--name <n>]`: recovery on the machine
 * itself. Opens the database directly (DATA_DIR or DATABASE_URL), creates the default workspace
 * when none exists yet, stores a new key in `--workspace` (default: the instance's first workspace)
 * and prints it once. Returns the exit code (2: bad arguments, 1: unknown workspace or busy database).
 */
export async function runKeysCreate(
  config: Config,
  opts: { role?: string; workspace?: string; name?: string },
): Promise<number> {
  if (!ROLES.includes(opts.role as Role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}.`);
    return 2;
  }
  if (opts.workspace !== undefined && !isUuid(opts.workspace)) {
    console.error('--workspace must be a workspace id (UUID); see `omnify keys list`.');
    return 2;
  }
  return withDatabase(config, async (db) => {
    const first = await bootstrapWorkspace(db);
    const workspaceId = opts.workspace ?? first.workspaceId;
    const ws = await db.query<{ name: string }>('SELECT name FROM workspaces WHERE id = $1', [workspaceId]);
    if (!ws.rows[0]) {
      console.error(`No workspace has the id ${workspaceId}; see \`omnify keys list\`.`);
      return 1;
    }
    const name = opts.name ?? `${opts.role} (omnify keys create)`;
    const { key, view } = await insertApiKey(db, { workspaceId, name, role: opts.role as Role });
    console.log(
      `Created a ${view.role} key "${view.name}" (id ${view.id}) for workspace "${ws.rows[0].name}" (${workspaceId}).`,
    );
    console.log('The key (shown only this once; only its hash is stored):');
    console.log(`  ${key}`);
    return 0;
  });
}

/** `omnify keys list`: every workspace and its keys (id, role, name, first 8 characters), never a key. */
export async function runKeysList(config: Config): Promise<number> {
  return withDatabase(config, async (db) => {
    const r = await db.query<{
      ws_id: string;
      ws_name: string;
      id: string | null;
      role: string | null;
      name: string | null;
      key_prefix: string | null;
      created_at: string | null;
    }>(
      `SELECT w.id AS ws_id, w.name AS ws_name, k.id, k.role, k.name, k.key_prefix, k.created_at
       FROM workspaces w LEFT JOIN api_keys k ON k.workspace_id = w.id
       ORDER BY w.created_at, w.id, k.created_at, k.id`,
    );
    if (r.rows.length === 0)
      console.log('No workspace yet: start the server once, or run `omnify keys create`.');
    let current = '';
    for (const row of r.rows) {
      if (row.ws_id !== current) {
        current = row.ws_id;
        console.log(`workspace ${row.ws_id}  "${row.ws_name}"`);
      }
      if (row.id) {
        const at = new Date(row.created_at!).toISOString();
        console.log(`  ${row.id}  ${row.role!.padEnd(6)}  ${row.key_prefix}…  ${at}  ${row.name}`);
      } else console.log('  (no keys)');
    }
    return 0;
  });
}
