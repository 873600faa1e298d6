// Keeps widget/dist/widget.js (the embeddable web chat widget the server serves at
// /webchat/widget.js) in step with widget/src: bundles it with esbuild into one minified IIFE when
// it is missing or older than a source file. Shares bin/build.js's lock, so a server, the tests and
// `npm run build` never build at once.
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLock, releaseLock } from './build.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const SRC = join(ROOT, 'widget', 'src');
const OUT = join(ROOT, 'widget', 'dist', 'widget.js');

/** Newest modification time (ms) of the widget's sources. */
function newestSource() {
  let newest = 0;
  for (const e of readdirSync(SRC, { withFileTypes: true, recursive: true }))
    if (e.isFile() && !e.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
  return newest;
}

const isStale = () => !existsSync(OUT) || statSync(OUT).mtimeMs < newestSource();

/**
 * Builds widget/dist/widget.js when stale. Returns true when a build is there (fresh or just made),
 * false when esbuild is not installed and no build exists (the server then answers
 * /webchat/widget.js with a 404 saying how to build it). Exits the process when the build fails.
 */
export async function ensureWidgetBuild({ quiet = false } = {}) {
  if (!existsSync(SRC) || !isStale()) return existsSync(OUT);
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return existsSync(OUT);
  }
  acquireLock();
  try {
    if (isStale()) {
      if (!quiet) process.stderr.write('Building the web chat widget (esbuild → widget/dist/)…\n');
      // Written beside the file and renamed over it: a running server never reads half of it.
      const next = `${OUT}.next-${process.pid}`;
      try {
        esbuild.buildSync({
          entryPoints: [join(SRC, 'main.ts')],
          bundle: true,
          format: 'iife',
          minify: true,
          target: ['es2020'],
          legalComments: 'none',
          outfile: next,
          logLevel: 'silent',
        });
      } catch (e) {
        process.stderr.write(`${e.message ?? e}\nOmnify: the web chat widget build failed.\n`);
        process.exit(1);
      }
      renameSync(next, OUT);
    }
  } finally {
    releaseLock();
  }
  return true;
}
