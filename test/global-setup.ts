// Vitest global setup: builds dist/ once before the tests that start `bin/omnify.js` as a child
// process (the production path), so they neither race to build nor spend their timeout on it; and
// the web app (web/dist/) that the server serves and the browser tests open. Also one empty PGlite
// data directory that every test's embedded database starts as a copy of, and migrated copies of it
// (and, with DATABASE_URL, a migrated PostgreSQL template database) that the servers tests start
// begin as (src/testing/backends.ts), removed at the end of the run.
import { rmSync } from 'node:fs';
// @ts-expect-error plain JavaScript module without types
import { ensureBuild } from '../bin/build.js';
// @ts-expect-error plain JavaScript module without types
import { ensureWebBuild } from '../bin/build-web.js';

import { MODULES } from '../src/app/modules.ts';
import type { Database } from '../src/kernel/db/database.ts';
import { migrate } from '../src/kernel/db/migrate.ts';
import { JobQueue } from '../src/kernel/queue/queue.ts';
import {
  createMigratedTemplates,
  createPgliteTemplate,
  PGLITE_TEMPLATE_ENV,
} from '../src/testing/backends.ts';

export default async function setup(): Promise<() => Promise<void>> {
  ensureBuild({ quiet: true });
  ensureWebBuild({ quiet: true });
  // Test workers start after this and inherit the environment.
  const template = createPgliteTemplate();
  process.env[PGLITE_TEMPLATE_ENV] = template;
  const removeMigrated = await createMigratedTemplates(template, prepareTemplate);
  return async () => {
    await removeMigrated();
    rmSync(template, { recursive: true, force: true });
  };
}

/** What every server start does to a new database before it serves: migrations, pg-boss's schema. */
async function prepareTemplate(db: Database): Promise<void> {
  await migrate(db, MODULES);
  const queue = new JobQueue(db);
  await queue.start();
  await queue.stop(false);
}
