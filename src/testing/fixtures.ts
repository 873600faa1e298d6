import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared payload fixtures (`../shared/fixtures/payloads` beside the repo). They come from public
 * projects, so they are read in place and never copied into the repo; absent in a user's fresh clone.
 */
export const SHARED_PAYLOADS_DIR = process.env.OMNIFY_SHARED_DIR
  ? join(process.env.OMNIFY_SHARED_DIR, 'fixtures/payloads')
  : resolve(REPO_ROOT, '../shared/fixtures/payloads');

/** Our own sample payloads, written from the platforms' documentation (shipped, used by the README). */
export const SAMPLE_PAYLOADS_DIR = join(REPO_ROOT, 'samples/payloads');

export const hasSharedFixtures = existsSync(SHARED_PAYLOADS_DIR);

/** Explains a skip once, so a run on a fresh clone says why shared-fixture tests did not run. */
export function sharedSkipReason(): string | undefined {
  return hasSharedFixtures
    ? undefined
    : `../shared/fixtures/payloads not found at ${SHARED_PAYLOADS_DIR}: tests over the shared real payloads are skipped (own samples still run)`;
}

export interface FixtureFile {
  name: string;
  path: string;
  bytes: Buffer;
}

/** Lists files in `dir` whose names match `pattern`, sorted by name; empty when `dir` is missing. */
export function listFixtures(dir: string, pattern: RegExp = /\.json$/): FixtureFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => pattern.test(n))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { name, path, bytes: readFileSync(path) };
    });
}
