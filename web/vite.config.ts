/**
 * Vite build of the web app (React + TypeScript). `npm run build` and `npm start` (when stale) run it
 * through bin/build.js; the output in web/dist/ is served by the API server at `/`
 * (src/app/web-app.ts). In development, `npx vite --config web/vite.config.ts` serves the sources on
 * :5173 and proxies the API to a server on :8080.
 */
import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@formatjs/icu-messageformat-parser';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { NAMESPACES, type Namespace, namespaceOf, namespaceOfFolder } from './src/i18n/namespaces.ts';
import { precompress } from './vite.compress.ts';
import { routePreload } from './vite.route-preload.ts';

const CATALOG = fileURLToPath(new URL('./src/i18n/en.json', import.meta.url));
const SRC = fileURLToPath(new URL('./src/', import.meta.url));
/** The one module that imports route components lazily, each with its namespace (`withMessages`). */
const ROUTER = 'app/router.tsx';

const readCatalog = () => JSON.parse(readFileSync(CATALOG, 'utf8')) as Record<string, string>;

/** A module's path relative to web/src with `/` separators, or null outside web/src. */
function srcPath(id: string): string | null {
  const file = id.split('?')[0]!;
  if (!file.startsWith(SRC)) return null;
  return relative(SRC, file).split(sep).join('/');
}

/** The catalog keys a source text names: quoted keys, and every key under a template's prefix. */
function keysIn(code: string, keys: readonly string[], known: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  for (const m of code.matchAll(/(['"`])([a-z][\w-]*(?:\.[\w-]+)+)\1/g))
    if (known.has(m[2]!)) found.add(m[2]!);
  // `setup.${platform}.howto` and the like: the static head before the first `${`.
  for (const m of code.matchAll(/`([a-z][\w-]*\.[\w.-]*)\$\{/g))
    for (const k of keys) if (k.startsWith(m[1]!)) found.add(k);
  return found;
}

/**
 * Precompiles the message catalog to ICU ASTs at build time (as formatjs recommends for
 * production), so the bundle ships react-intl without the ICU parser (its import is aliased to the
 * `no-parser` build), and splits it by key prefix (src/i18n/namespaces.ts):
 * `virtual:compiled-messages/core` (imported by src/i18n/catalog.ts, in the entry bundle) and
 * `virtual:compiled-messages/<namespace>` for each lazily loaded namespace (its own chunk, loaded
 * with its routes). Each exports `messages`, key → AST; every key of en.json is in exactly one.
 *
 * A build fails when a module uses a key of a lazy namespace but can render on routes that do not
 * load it: it lives outside that namespace's feature folders, or such a module imports it.
 */
function compiledMessages(): Plugin {
  const prefix = 'virtual:compiled-messages/';
  const parts = new Set<string>(['core', ...Object.keys(NAMESPACES)]);
  let keys: string[] = [];
  let known = new Set<string>();
  /** Module id → the catalog keys its source names (lazy namespaces' keys only). */
  const used = new Map<string, Set<string>>();
  return {
    name: 'omnify-compiled-messages',
    // Sees the TypeScript sources as written, before any transform.
    enforce: 'pre',
    buildStart() {
      keys = Object.keys(readCatalog());
      known = new Set(keys);
      used.clear();
    },
    resolveId: (source) =>
      source.startsWith(prefix) && parts.has(source.slice(prefix.length)) ? `\0${source}` : undefined,
    load(resolved) {
      if (!resolved.startsWith(`\0${prefix}`)) return undefined;
      this.addWatchFile(CATALOG);
      const part = resolved.slice(prefix.length + 1);
      const ast = Object.fromEntries(
        Object.entries(readCatalog())
          .filter(([k]) => namespaceOf(k) === part)
          .map(([k, v]) => {
            try {
              return [k, parse(v)];
            } catch (e) {
              throw new Error(`src/i18n/en.json: ${k}: ${(e as Error).message}`);
            }
          }),
      );
      return `export const messages = ${JSON.stringify(ast)};`;
    },
    transform(code, id) {
      const path = srcPath(id);
      if (!path || !/\.tsx?$/.test(path) || /\.test\.tsx?$/.test(path)) return undefined;
      const lazy = [...keysIn(code, keys, known)].filter((k) => namespaceOf(k) !== 'core');
      if (lazy.length) used.set(id.split('?')[0]!, new Set(lazy));
      else used.delete(id.split('?')[0]!);
      return undefined;
    },
    generateBundle() {
      const problems: string[] = [];
      for (const [id, ids] of used) {
        if (!this.getModuleInfo(id)) continue;
        // The folders of every module that leads to this one (itself, its importers, theirs…),
        // up to the router, whose lazy imports each load their route's namespace.
        const folders = new Set<Namespace | 'core'>();
        const seen = new Set<string>();
        const visit = (m: string) => {
          if (seen.has(m)) return;
          seen.add(m);
          const path = srcPath(m);
          folders.add(path ? namespaceOfFolder(path) : 'core');
          const info = this.getModuleInfo(m);
          for (const i of info?.importers ?? []) visit(i);
          for (const i of info?.dynamicImporters ?? []) if (srcPath(i) !== ROUTER) visit(i);
        };
        visit(id);
        for (const k of ids) {
          const ns = namespaceOf(k);
          if (folders.size === 1 && folders.has(ns)) continue;
          problems.push(
            `src/${srcPath(id)} uses '${k}' of the lazily loaded namespace '${ns}', but renders where ` +
              `${[...folders].filter((f) => f !== ns).join(', ')} messages load`,
          );
        }
      }
      if (problems.length)
        this.error(
          `Messages used outside their namespace's routes (raw keys would show):\n  ${problems.join('\n  ')}\n` +
            'Add such keys to SHARED_KEYS in web/src/i18n/namespaces.ts (they then load with core), or use a core key.',
        );
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  // The inbox is where `/` and a sign-in lead: its chunks load with the entry (index.html).
  plugins: [react(), compiledMessages(), routePreload(['features/inbox/InboxPage.tsx']), precompress()],
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
