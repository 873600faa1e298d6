import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { OmnifyError } from '../errors/catalog.ts';

/**
 * PGlite's own start parameters plus Omnify's memory settings. PGlite keeps PostgreSQL's
 * `shared_buffers` inside its WebAssembly memory, which never shrinks; the default 128 MB costs that
 * much resident memory for a database that is read through the OS page cache anyway. `sharedBuffers`
 * is a PostgreSQL size (`16MB`, `32MB` …).
 */
export function pgliteStartParams(sharedBuffers: string): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`];
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
