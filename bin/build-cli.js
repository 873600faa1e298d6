#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ (bin/build.js) and the web app to web/dist/
// (bin/build-web.js), each when missing or stale. `--web` builds only the web app.
import { ensureBuild } from './build.js';
import { ensureWebBuild } from './build-web.js';

if (!process.argv.includes('--web')) ensureBuild();
ensureWebBuild();
