import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../../kernel/config/config.ts';
import { type MediaStore, type StagedFile, storeUnavailable } from './media-store.ts';

/** Staged files older than this are leftovers of a stopped process (a download takes at most MEDIA_TIMEOUT_MS). */
const STALE_STAGING_MS = 60 * 60 * 1000;
const HEX64 = /^[0-9a-f]{64}$/;

/** The media folder: `MEDIA_DIR`, else `DATA_DIR/media`. */
export function mediaRoot(config: Pick<Config, 'mediaDir' | 'dataDir'>): string {
  return config.mediaDir ?? join(config.dataDir, 'media');
}

/** Where object `sha256` lives under `root`: `objects/<first two digits>/<sha256>` (at most 256 entries per folder level). */
export function objectPath(root: string, sha256: string): string {
  return join(root, 'objects', sha256.slice(0, 2), sha256);
}

const isMissing = (e: unknown) => (e as { code?: unknown })?.code === 'ENOENT';

/**
 * The folder store: objects at `<root>/objects/ab/abcd…` (the SHA-256 of their bytes), downloads
 * staged in `<root>/tmp` on the same file system. `put` flushes the staged file to disk
 * (`fsync`) and renames it into place, an atomic step: a reader sees the whole object or none, and a
 * crash leaves at most a staged file, which the store removes an hour later.
 */
export function createFsMediaStore(root: string): MediaStore {
  const stagingDir = join(root, 'tmp');
  let ready: Promise<void> | undefined;
  const prepare = () => {
    ready ??= (async () => {
      await mkdir(stagingDir, { recursive: true });
      await sweepStaging(stagingDir, Date.now() - STALE_STAGING_MS);
    })().catch((e) => {
      ready = undefined;
      throw storeUnavailable(`cannot create ${stagingDir}`, e);
    });
    return ready;
  };
  return {
    kind: 'fs',
    stagingDir,
    async put(file: StagedFile) {
      if (!HEX64.test(file.sha256)) throw storeUnavailable('an object key is not a SHA-256');
      await prepare();
      const target = objectPath(root, file.sha256);
      try {
        const handle = await open(file.path, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await mkdir(join(target, '..'), { recursive: true });
        // Same bytes under the same name: replacing an object written meanwhile changes nothing.
        await rename(file.path, target);
      } catch (e) {
        await unlink(file.path).catch(() => undefined);
        throw storeUnavailable('cannot write the object', e);
      }
    },
    async get(sha256: string) {
      if (!HEX64.test(sha256)) return undefined;
      const path = objectPath(root, sha256);
      try {
        const { size } = await stat(path);
        return { body: createReadStream(path), size };
      } catch (e) {
        if (isMissing(e)) return undefined;
        throw storeUnavailable('cannot read the object', e);
      }
    },
  };
}

/** Removes staged files last changed before `before` (ms since the epoch). Never throws. */
async function sweepStaging(dir: string, before: number): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < before) await unlink(path).catch(() => undefined);
  }
}
