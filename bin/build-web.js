// Keeps web/dist/ (the web app the server serves at `/`) in step with web/: runs `vite build` when
// web/dist/ is missing or older than a file under web/src, web/index.html or web/vite*.ts (the config
// and its plugins).
// Shares bin/build.js's lock, so a server, the tests and `npm run build` never build at once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLock, releaseLock } from './build.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const WEB = join(ROOT, 'web');
const OUT = join(WEB, 'dist');
const STAMP = join(OUT, '.build-stamp');

/** Newest modification time (ms) of the web app's sources. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!/\.(test|e2e\.test)\.tsx?$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(WEB, 'src'));
  for (const f of readdirSync(WEB))
    if (f === 'index.html' || /^vite\..*\.ts$/.test(f))
      newest = Math.max(newest, statSync(join(WEB, f)).mtimeMs);
  return newest;
}

const isStale = () => !existsSync(STAMP) || statSync(STAMP).mtimeMs < newestSource();

/**
 * Builds web/dist/ when stale. Returns true when a build is there (fresh or just made), false when
 * Vite is not installed and no build exists (the server then answers `/` with how to build it).
 * Exits the process when the build fails.
 */
export function ensureWebBuild({ quiet = false } = {}) {
  if (!existsSync(join(WEB, 'src')) || !isStale()) return existsSync(STAMP);
  let vite;
  try {
    // vite's `exports` hide bin/: resolve its package.json and join the path.
    vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    return existsSync(join(OUT, 'index.html'));
  }
  acquireLock();
  try {
    if (isStale()) {
      if (!quiet) process.stderr.write('Building the web app (Vite → web/dist/)…\n');
      const started = Date.now();
      // Build beside web/dist/ and swap it in, so a running server never sees it half-written.
      const next = `${OUT}.next-${process.pid}`;
      const r = spawnSync(
        process.execPath,
        [vite, 'build', '--config', join(WEB, 'vite.config.ts'), '--logLevel', 'warn', '--outDir', next],
        // A production build even when called from the tests (vitest sets NODE_ENV=test).
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
      );
      if (r.status !== 0) {
        process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}\nOmnify: the web app build failed.\n`);
        process.exit(1);
      }
      writeFileSync(join(next, '.build-stamp'), `${new Date().toISOString()}\n`);
      const old = `${OUT}.old-${process.pid}`;
      if (existsSync(OUT)) renameSync(OUT, old);
      renameSync(next, OUT);
      rmSync(old, { recursive: true, force: true });
      if (!quiet)
        process.stderr.write(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    }
  } finally {
    releaseLock();
  }
  return true;
}
