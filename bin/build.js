// Keeps dist/ (the compiled JavaScript that `npm start` runs) in step with src/: builds with the
// project's TypeScript compiler when dist/ is missing or older than a source file. Several processes
// may call it at once (tests, a server and a CLI): one builds under a lock directory, the others wait.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const LOCK = join(ROOT, '.build-lock');
const ENTRY = join(DIST, 'cli', 'main.js');

/** Newest modification time (ms) of the files the build reads. */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
        newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(join(ROOT, 'src'));
  for (const f of ['tsconfig.json', 'tsconfig.build.json'])
    newest = Math.max(newest, statSync(join(ROOT, f)).mtimeMs);
  return newest;
}

/** Releases the build lock. */
export const releaseLock = () => rmSync(LOCK, { recursive: true, force: true });

const isStale = () => !existsSync(STAMP) || !existsSync(ENTRY) || statSync(STAMP).mtimeMs < newestSource();

/** True while the process that took the lock is alive (a build killed half-way leaves its lock). */
function lockHolderAlive() {
  try {
    process.kill(Number(readFileSync(join(LOCK, 'pid'), 'utf8')), 0);
    return true;
  } catch (e) {
    // EPERM: alive but not ours. A lock without a pid file is being taken right now.
    if (e.code === 'EPERM') return true;
    if (e.code === 'ENOENT')
      return Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 5_000;
    return false;
  }
}

/** Takes the build lock (waits up to 5 minutes for another build). */
export function acquireLock() {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (!lockHolderAlive()) rmSync(LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline)
        throw new Error(`Omnify: waited 5 minutes for another build (remove ${LOCK} if none runs)`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

/**
 * Builds dist/ when stale and returns the URL of the compiled CLI entry, or null when the TypeScript
 * compiler is not installed (a production install without devDependencies and without dist/), in
 * which case the caller runs the sources through tsx. Exits the process when the build fails.
 */
export function ensureBuild({ quiet = false } = {}) {
  if (!isStale()) return pathToFileURL(ENTRY).href;
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return existsSync(ENTRY) ? pathToFileURL(ENTRY).href : null;
  }
  acquireLock();
  try {
    if (isStale()) {
      if (!quiet) process.stderr.write('Building Omnify (TypeScript → dist/, `npm run build`)…\n');
      const started = Date.now();
      const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      if (r.status !== 0) {
        process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}\n`);
        // Type errors still emit JavaScript; without output there is nothing to run.
        if (!existsSync(ENTRY)) {
          process.stderr.write('Omnify: the build failed (npm run build).\n');
          process.exit(1);
        }
        process.stderr.write('Omnify: the build reported errors (above); running what it emitted.\n');
        return pathToFileURL(ENTRY).href;
      }
      writeFileSync(STAMP, `${new Date().toISOString()}\n`);
      if (!quiet) process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
  return pathToFileURL(ENTRY).href;
}
