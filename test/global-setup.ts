// Vitest global setup: builds dist/ once before the tests that start `bin/omnify.js` as a child
// process (the production path), so they neither race to build nor spend their timeout on it; and
// the web app (web/dist/) that the server serves and the browser tests open. Also one empty PGlite
// data directory that every test's embedded database starts as a copy of (src/testing/backends.ts),
// removed at the end of the run.
import { rmSync } from 'node:fs';
// @ts-expect-error plain JavaScript module without types
import { ensureBuild } from '../bin/build.js';
// @ts-expect-error plain JavaScript module without types
import { ensureWebBuild } from '../bin/build-web.js';

import { createPgliteTemplate, PGLITE_TEMPLATE_ENV } from '../src/testing/backends.ts';

export default function setup(): () => void {
  ensureBuild({ quiet: true });
  ensureWebBuild({ quiet: true });
  // Test workers start after this and inherit the environment.
  const template = createPgliteTemplate();
  process.env[PGLITE_TEMPLATE_ENV] = template;
  return () => rmSync(template, { recursive: true, force: true });
}
