import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { adapterFor } from '../../integrations/channel-registry.ts';
import type { ChannelAdapter, MediaDownload } from '../../integrations/contract/channel-adapter.ts';
import { channelSendContext } from '../../integrations/send-context.ts';
import type { OmnifyContext } from '../../kernel/context.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { findChannel, insertSandboxRequest } from '../channels/channels.service.ts';
import { findMessageMedia, type MessageMedia } from '../inbox/inbox.service.ts';
import { findStoredMedia, insertStoredMedia, type StoredMedia } from './media.repository.ts';
import { fileNameFor } from './media-names.ts';
import { stageDownload, tooLarge } from './media-staging.ts';
import { checkedType, specificType } from './media-types.ts';
import type { MediaStore } from './store/media-store.ts';

/** What the media files need of the runtime. */
export type MediaDeps = Pick<OmnifyContext, 'db' | 'secrets' | 'config' | 'log'>;

/** A message's file, kept in the store, opened for reading. */
export interface OpenedMedia {
  stored: StoredMedia;
  body: Readable;
  size: number;
}

const noMedia = () =>
  new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No message of this conversation has this id and a file.');
const unavailable = (reason: string) =>
  new OmnifyError('OMNIFY_ERR_MEDIA_UNAVAILABLE', `This media cannot be downloaded: ${reason}.`);

/**
 * Messages' files, downloaded from their platform on the first request and kept in the media store
 * (docs/media.md). Concurrent first requests for one message in this process share one download;
 * processes racing on one message each download it, and both keep the same content-addressed object.
 */
export class MediaFiles {
  private readonly inflight = new Map<string, Promise<StoredMedia>>();

  constructor(
    private readonly deps: MediaDeps,
    readonly store: MediaStore,
  ) {}

  /**
   * The file of inbound message `messageId` of conversation `conversationId`, opened from the store;
   * downloaded and kept first when it is not there (or its object went missing from the store).
   *
   * @throws OmnifyError `OMNIFY_ERR_NOT_FOUND` (no such message with a file in the workspace's
   *   conversation); the errors of {@link download}; `OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE`.
   */
  async open(workspaceId: string, conversationId: string, messageId: string): Promise<OpenedMedia> {
    const { db } = this.deps;
    const ref = await findMessageMedia(db, workspaceId, conversationId, messageId);
    if (!ref) throw noMedia();
    const known = await findStoredMedia(db, workspaceId, messageId);
    const stored = known ?? (await this.once(workspaceId, ref, false));
    const object = await this.store.get(stored.sha256);
    if (object) return { stored, ...object };
    // The row outlived its object (a store emptied by hand): fetch the file again.
    const again = await this.once(workspaceId, ref, true);
    const retried = await this.store.get(again.sha256);
    if (!retried)
      throw new OmnifyError('OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE', 'The stored media file went missing.');
    return { stored: again, ...retried };
  }

  private once(workspaceId: string, ref: MessageMedia, replace: boolean): Promise<StoredMedia> {
    const key = `${workspaceId}:${ref.messageId}`;
    let running = this.inflight.get(key);
    if (!running) {
      running = this.download(workspaceId, ref, replace).finally(() => this.inflight.delete(key));
      this.inflight.set(key, running);
    }
    return running;
  }

  /**
   * Downloads `ref`'s file through its channel's adapter (`downloadMedia`, `MEDIA_TIMEOUT_MS` for
   * all of it) — or reads it from the store when its delivery carried it (`kept`) — stages it with the
   * size limit, checks its type and keeps it: object, then row.
   * Nothing is kept when a check fails.
   *
   * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` (no channel or no media API for its platform),
   *   `OMNIFY_ERR_MEDIA_TOO_LARGE`, `OMNIFY_ERR_MEDIA_TYPE_REFUSED`, the platform's errors
   *   (`OMNIFY_ERR_PLATFORM_*`) and `OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE`.
   */
  private async download(workspaceId: string, ref: MessageMedia, replace: boolean): Promise<StoredMedia> {
    const { config, log } = this.deps;
    const maxBytes = config.mediaMaxBytes;
    if (ref.media.size !== undefined && ref.media.size > maxBytes) throw tooLarge(maxBytes, ref.media.size);
    const { file, platform } = ref.media.kept ? await this.keptFile(ref) : await this.fetch(workspaceId, ref);
    const staged = await stageDownload(file, { dir: this.store.stagingDir, maxBytes });
    let contentType: string;
    try {
      const declared = specificType(ref.media.mimeType) ?? specificType(file.contentType);
      contentType = checkedType(ref.contentType, declared, staged.sniffedType);
    } catch (e) {
      await unlink(staged.path).catch(() => undefined);
      throw e;
    }
    await this.store.put(staged);
    const fileName = fileNameFor(ref, contentType, staged.sniffedExt);
    const row = {
      messageId: ref.messageId,
      sha256: staged.sha256,
      contentType,
      sizeBytes: staged.size,
      fileName,
    };
    log.info(
      { messageId: ref.messageId, platform, bytes: staged.size, contentType },
      'media file downloaded into the store',
    );
    return insertStoredMedia(this.deps.db, workspaceId, row, replace);
  }

  /**
   * The bytes a delivery carried, kept in the store when they arrived (`MediaRef.kept`): read again
   * through the same checks as a download. Its platform is not asked (e-mail has no media API).
   */
  private async keptFile(ref: MessageMedia): Promise<{ file: MediaDownload; platform?: string }> {
    const object = ref.media.sha256 ? await this.store.get(ref.media.sha256) : undefined;
    if (!object)
      throw unavailable('its file, kept when the message arrived, is no longer in the media store');
    return { file: { body: object.body, size: object.size, sha256: ref.media.sha256 } };
  }

  /** The file as `ref`'s channel's adapter downloads it (`downloadMedia`, `MEDIA_TIMEOUT_MS` for all of it). */
  private async fetch(
    workspaceId: string,
    ref: MessageMedia,
  ): Promise<{ file: MediaDownload; platform: string }> {
    const { db, secrets, config } = this.deps;
    const channel = await findChannel(db, secrets, ref.channelId, workspaceId);
    if (!channel) throw unavailable('its channel is gone');
    let adapter: ChannelAdapter;
    try {
      adapter = adapterFor(channel.platform);
    } catch {
      throw unavailable(`platform ${channel.platform} is not supported by this build`);
    }
    if (!adapter.downloadMedia) throw unavailable(`${channel.platform} channels have no media API`);
    const ctx = channelSendContext(
      {
        config: { allowPrivateUrls: config.allowPrivateUrls, sendTimeoutMs: config.mediaTimeoutMs },
        recordSandbox: (channelId, r) => insertSandboxRequest(db, channelId, r),
      },
      adapter,
      { id: channel.id, sandbox: channel.sandbox, config: channel.config },
    );
    const file = await adapter.downloadMedia(ref.media, channel.config, ctx);
    return { file, platform: channel.platform };
  }
}
