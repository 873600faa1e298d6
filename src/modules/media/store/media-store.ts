import type { Readable } from 'node:stream';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';

/** A downloaded file on local disk (in `MediaStore.stagingDir`), checked and ready to be kept. */
export interface StagedFile {
  path: string;
  /** SHA-256 of its bytes, 64 lower-case hex digits: the object's key in the store. */
  sha256: string;
  /** Its length in bytes. */
  size: number;
}

/** A stored object opened for reading. */
export interface StoredObject {
  body: Readable;
  /** Its length in bytes. */
  size: number;
}

/**
 * Where media files are kept, content-addressed by the SHA-256 of their bytes (docs/media.md): the
 * `DATA_DIR/media` folder (`fs`) or an S3-compatible bucket (`s3`). Objects never change once
 * written, so writing one twice is harmless. Failures throw `OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE`.
 */
export interface MediaStore {
  kind: 'fs' | 's3';
  /** Local folder downloads are written to before they are kept (on the fs store's own file system). */
  stagingDir: string;
  /** Keeps a staged file under its `sha256`; the staged file is gone afterwards (moved, or uploaded and removed). */
  put(file: StagedFile): Promise<void>;
  /** The object named `sha256`, or undefined when the store has none. */
  get(sha256: string): Promise<StoredObject | undefined>;
}

/** `OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE` for a failed store operation (no secrets in `reason`). */
export function storeUnavailable(reason: string, cause?: unknown): OmnifyError {
  return new OmnifyError(
    'OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE',
    `The media store failed: ${reason}.`,
    {},
    { cause },
  );
}
