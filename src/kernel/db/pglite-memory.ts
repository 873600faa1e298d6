import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { OmnifyError } from '../errors/catalog.ts';

/**
 * PGlite's own start parameters plus Omnify's settings. Memory: PGlite keeps PostgreSQL's
 * `shared_buffers` inside its WebAssembly memory, which never shrinks; the default 128 MB costs that
 * much resident memory for a database that is read through the OS page cache anyway. `sharedBuffers`
 * is a PostgreSQL size (`16MB`, `32MB` …).
 *
 * Planning: `random_page_cost=1.1`, the value PostgreSQL's documentation suggests when the data is
 * mostly cached or on storage without a seek penalty (runtime-config-query, "Planner Cost
 * Constants"), as an embedded database read through the page cache is. With the default 4 the
 * planner priced a walk of `messages_workspace_recent` (in insertion order, so nearly sequential)
 * below one of `messages_conversation_recent` for a conversation holding a tenth of the workspace's
 * messages, and read 10,391 rows of other conversations for a page of 51 (21–39 ms instead of 0.4 ms,
 * on the inbox benchmark's 100,000 messages).
 * PGlite plans every statement anew (no named statements), so it never falls back on the generic
 * plan that avoids this on PostgreSQL (src/kernel/db/orm.ts, `LimitForm`).
 */
export function pgliteStartParams(sharedBuffers: string): string[] {
  return [
    ...PGlite.defaultStartParams,
    '-c',
    `shared_buffers=${sharedBuffers}`,
    '-c',
    'random_page_cost=1.1',
  ];
}

/**
 * Creates a new PGlite data directory (initdb) in a short-lived child process, so the ~500 MB that
 * initdb touches in WebAssembly memory is returned to the OS with that process instead of staying
 * resident in the server for its lifetime. Does nothing when `dataDir` already holds a database or is
 * `memory://…`. Throws `OmnifyError` (`OMNIFY_ERR_INTERNAL`) when the child fails.
 */
export function initializePgliteDataDir(dataDir: string): void {
  if (dataDir.startsWith('memory://') || existsSync(join(dataDir, 'PG_VERSION'))) return;
  mkdirSync(dataDir, { recursive: true });
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const code = `const { PGlite } = require(${JSON.stringify(entry)});
PGlite.create(process.argv[1]).then((pg) => pg.close()).catch((e) => { console.error(e); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['-e', code, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) {
    throw new OmnifyError(
      'OMNIFY_ERR_INTERNAL',
      `Could not create the embedded database in ${dataDir}: ${String(r.stderr ?? r.error).slice(0, 500)}`,
    );
  }
}
