#!/usr/bin/env node
// Entry point of the `omnify` CLI and of `npm start`. Runs the compiled JavaScript in dist/, building
// it first when it is missing or older than the sources (bin/build.js). OMNIFY_TS=1 runs the
// TypeScript sources through tsx instead (development; also the fallback when no compiler is installed).
import { ensureBuild } from './build.js';
import { ensureWebBuild } from './build-web.js';
import { ensureWidgetBuild } from './build-widget.js';

const entry = process.env.OMNIFY_TS === '1' ? null : ensureBuild();
// The server serves the web app at `/` and the web chat widget at /webchat/widget.js: build them
// before `start` when missing or stale.
if (process.argv[2] === 'start') {
  ensureWebBuild();
  await ensureWidgetBuild();
}
if (entry) {
  await import(entry);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
