/**
 * Vite build of the web app (React + TypeScript). `npm run build` and `npm start` (when stale) run it
 * through bin/build.js; the output in web/dist/ is served by the API server at `/`
 * (src/app/web-app.ts). In development, `npx vite --config web/vite.config.ts` serves the sources on
 * :5173 and proxies the API to a server on :8080.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '@formatjs/icu-messageformat-parser';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const CATALOG = fileURLToPath(new URL('./src/i18n/en.json', import.meta.url));

/**
 * Precompiles the message catalog to ICU ASTs at build time (as formatjs recommends for
 * production), so the bundle ships react-intl without the ICU parser: `virtual:compiled-messages`
 * exports `en` (src/i18n/en.json) as ASTs, and the parser import is aliased to its `no-parser` build.
 */
function compiledMessages(): Plugin {
  const id = 'virtual:compiled-messages';
  return {
    name: 'omnify-compiled-messages',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      this.addWatchFile(CATALOG);
      const en = JSON.parse(readFileSync(CATALOG, 'utf8')) as Record<string, string>;
      const ast = Object.fromEntries(Object.entries(en).map(([k, v]) => [k, parse(v)]));
      return `export const en = ${JSON.stringify(ast)};`;
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), compiledMessages()],
  resolve: {
    alias: { '@formatjs/icu-messageformat-parser': '@formatjs/icu-messageformat-parser/no-parser.js' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Read by .size-limit.cjs to find the chunks each route loads.
    manifest: true,
    // The inbox route must stay under 250 KB of gzipped JavaScript (size-limit in .ci/run).
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/openapi.json': 'http://127.0.0.1:8080',
      '/webhooks': 'http://127.0.0.1:8080',
    },
  },
});
