// Vitest global setup: builds dist/ once before the tests that start `bin/omnify.js` as a child
// process (the production path), so they neither race to build nor spend their timeout on it; and
// the web app (web/dist/) that the server serves and the browser tests open.
// @ts-expect-error plain JavaScript module without types
import { ensureBuild } from '../bin/build.js';
// @ts-expect-error plain JavaScript module without types
import { ensureWebBuild } from '../bin/build-web.js';

export default function setup(): void {
  ensureBuild({ quiet: true });
  ensureWebBuild({ quiet: true });
}
