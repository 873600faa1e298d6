import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { CarriedFiles, InboundEvent, MediaRef } from '../../integrations/contract/message.ts';
import { isOmnifyError } from '../../kernel/errors/catalog.ts';
import { type StagedDownload, stageDownload } from './media-staging.ts';
import type { MediaStore } from './store/media-store.ts';

/** What keeping carried files needs: the store, the size limit (`MEDIA_MAX_BYTES`) and a logger. */
export interface CarriedFilesDeps {
  store: () => MediaStore;
  maxBytes: number;
  log: { warn(data: object, msg: string): void };
}

/**
 * Keeps in the media store the bytes a delivery carried (`files`, by `MediaRef.id`: an e-mail's
 * attachments) and marks each kept reference `kept: true` with the SHA-256 computed from the bytes,
 * so opening the file later needs no platform (docs/media.md). Objects are content-addressed, so a
 * redelivery keeps nothing twice. Runs before the ingest transaction: an object whose message is
 * then not stored is harmless. A file past `maxBytes`, or one the store cannot take, is not kept
 * (logged; its message is stored as a reference all the same): one file never sinks its delivery.
 * `kept` is cleared from every other reference, as only the host may set it. Returns new events;
 * `events` is not changed.
 */
export async function keepCarriedFiles(
  deps: CarriedFilesDeps,
  events: InboundEvent[],
  files: CarriedFiles | undefined,
): Promise<InboundEvent[]> {
  const out: InboundEvent[] = [];
  for (const e of events) {
    if (e.kind !== 'message' || !('media' in e.content)) {
      out.push(e);
      continue;
    }
    const { kept: _dropped, ...ref } = e.content.media;
    const bytes = files?.get(ref.id);
    const keptRef = bytes ? await keep(deps, ref, bytes) : ref;
    out.push({ ...e, content: { ...e.content, media: keptRef } });
  }
  return out;
}

async function keep(deps: CarriedFilesDeps, ref: MediaRef, bytes: Uint8Array): Promise<MediaRef> {
  if (bytes.byteLength > deps.maxBytes) {
    deps.log.warn(
      { mediaId: ref.id, bytes: bytes.byteLength, maxBytes: deps.maxBytes },
      'carried file larger than MEDIA_MAX_BYTES: not kept',
    );
    return ref;
  }
  let staged: StagedDownload | undefined;
  try {
    const store = deps.store();
    staged = await stageDownload(
      { body: Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]) },
      { dir: store.stagingDir, maxBytes: deps.maxBytes },
    );
    await store.put(staged);
    return { ...ref, sha256: staged.sha256, size: staged.size, kept: true };
  } catch (err) {
    if (staged) await unlink(staged.path).catch(() => undefined);
    deps.log.warn(
      { mediaId: ref.id, code: isOmnifyError(err) ? err.code : undefined, err },
      'carried file could not be kept in the media store',
    );
    return ref;
  }
}
