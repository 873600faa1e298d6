// Vitest global setup: builds dist/ once before the tests that start `bin/omnify.js` as a child
// process (the production path), so they neither race to build nor spend their timeout on it.
// @ts-expect-error plain JavaScript module without types
import { ensureBuild } from '../bin/build.js';

export default function setup(): void {
  ensureBuild({ quiet: true });
}
