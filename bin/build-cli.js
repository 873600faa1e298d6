#!/usr/bin/env node
// `npm run build`: compiles src/ to dist/ (bin/build.js) and the web app to web/dist/
// (bin/build-web.js) and the web chat widget to widget/dist/ (bin/build-widget.js), each when missing or
// stale. `--web` builds only the web app and the widget.
import { ensureBuild } from './build.js';
import { ensureWebBuild } from './build-web.js';
import { ensureWidgetBuild } from './build-widget.js';

if (!process.argv.includes('--web')) ensureBuild();
ensureWebBuild();
await ensureWidgetBuild();
