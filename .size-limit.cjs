// size-limit (`npx size-limit`, in .ci/run): the gzipped JavaScript a route loads, read from the
// Vite manifest of the last build (web/dist/.vite/manifest.json): the entry plus the route's lazily
// loaded chunks and everything they import statically; and the web chat widget's one script
// (bin/build-widget.js). Run `npm run build` first.
const { readFileSync } = require('node:fs');

const manifest = JSON.parse(readFileSync(`${__dirname}/web/dist/.vite/manifest.json`, 'utf8'));

/** The files of the given manifest entries and of every chunk they import statically. */
function filesOf(...entries) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    if (!manifest[key]) throw new Error(`size-limit: ${key} is not in the Vite manifest`);
    seen.add(key);
    for (const k of manifest[key].imports ?? []) visit(k);
  };
  for (const e of entries) visit(e);
  return [...seen].map((k) => `web/dist/${manifest[k].file}`);
}

module.exports = [
  {
    name: 'inbox route (entry, inbox and conversation chunks), gzipped',
    path: filesOf(
      'index.html',
      'src/features/inbox/InboxPage.tsx',
      'src/features/inbox/ConversationView.tsx',
    ),
    limit: '250 KB',
    gzip: true,
  },
  {
    name: 'dashboard route (entry, dashboard and insight chunks with ECharts), gzipped',
    path: filesOf(
      'index.html',
      'src/features/dashboard/DashboardPage.tsx',
      'src/features/dashboard/InsightDetail.tsx',
    ),
    limit: '600 KB',
    gzip: true,
  },
  {
    name: 'web chat widget (widget/dist/widget.js, the one script host sites load), gzipped',
    path: 'widget/dist/widget.js',
    limit: '30 KB',
    gzip: true,
  },
];
