import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromFile } from 'file-type';
import type { MediaDownload } from '../../integrations/contract/channel-adapter.ts';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import { type StagedFile, storeUnavailable } from './store/media-store.ts';

/** A download written to local disk, hashed, measured and sniffed: not yet kept. */
export interface StagedDownload extends StagedFile {
  /** The type the bytes look like (`file-type`'s detection), undefined when they match no known format. */
  sniffedType: string | undefined;
  /** The extension that goes with it (`jpg`), when sniffed. */
  sniffedExt: string | undefined;
}

/** `OMNIFY_ERR_MEDIA_TOO_LARGE` for a file past `maxBytes` (`size`: what the platform declared, when it did). */
export function tooLarge(maxBytes: number, size?: number): OmnifyError {
  return new OmnifyError(
    'OMNIFY_ERR_MEDIA_TOO_LARGE',
    `The media file is larger than ${maxBytes} bytes (MEDIA_MAX_BYTES); nothing was kept.`,
    { maxBytes, ...(size !== undefined ? { size } : {}) },
  );
}

/**
 * Writes a download's bytes to a new file in `dir`, counting and hashing them on the way, then
 * sniffs the file's type. The limit holds while streaming: the first byte past `maxBytes` stops the
 * download (the connection is closed) and the partial file is removed; a declared size or
 * `Content-Length` past it stops it before the first byte. On any failure the partial file is removed.
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_TOO_LARGE`; `OMNIFY_ERR_PLATFORM_TRANSIENT` when the download
 *   breaks off (network, timeout) or its SHA-256 differs from the platform's declared one;
 *   `OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE` when the local file cannot be written.
 */
export async function stageDownload(
  download: MediaDownload,
  o: { dir: string; maxBytes: number; declaredSize?: number },
): Promise<StagedDownload> {
  const declared = [download.size, o.declaredSize].find((n) => n !== undefined && n > o.maxBytes);
  // Closing a download early makes undici error its body with an abort: expected, so heard here.
  download.body.on('error', () => undefined);
  if (declared !== undefined) {
    download.body.destroy();
    throw tooLarge(o.maxBytes, declared);
  }
  const path = join(o.dir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > o.maxBytes) return done(tooLarge(o.maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // Which side failed first: the others are destroyed with its error afterwards.
  let failedFirst: 'download' | 'file' | undefined;
  download.body.once('error', () => {
    failedFirst ??= 'download';
  });
  try {
    await mkdir(o.dir, { recursive: true });
    const file = createWriteStream(path, { flags: 'wx' });
    file.once('error', () => {
      failedFirst ??= 'file';
    });
    await pipeline(download.body, limit, file);
  } catch (e) {
    download.body.destroy();
    await unlink(path).catch(() => undefined);
    if (isOmnifyError(e)) throw e;
    if (failedFirst !== 'download') throw storeUnavailable('cannot write the downloaded file', e);
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', 'The media download broke off.', {
      platformCode: (e as { code?: string }).code ?? 'download_interrupted',
    });
  }
  const sha256 = hash.digest('hex');
  if (download.sha256 && download.sha256 !== sha256) {
    await unlink(path).catch(() => undefined);
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_TRANSIENT',
      "The media file's SHA-256 differs from the platform's.",
      {
        platformCode: 'sha256_mismatch',
      },
    );
  }
  const sniffed = await fileTypeFromFile(path).catch(() => undefined);
  return { path, sha256, size, sniffedType: sniffed?.mime, sniffedExt: sniffed?.ext };
}
