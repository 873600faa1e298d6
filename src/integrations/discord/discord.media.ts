import { stringField } from '../../kernel/http-client/json-field.ts';
import type { MediaDownload, SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { fetchMedia, mediaUnavailable } from '../media-fetch.ts';

/** Discord's JSON error body: `{code, message}`. */
function describeDiscord(json: unknown): { platformCode?: string; platformMessage?: string } {
  const message = stringField(json, 'message');
  const code = (json as { code?: unknown } | undefined)?.code;
  return {
    ...(typeof code === 'number' ? { platformCode: String(code) } : {}),
    ...(message ? { platformMessage: message } : {}),
  };
}

/**
 * Downloads a Discord attachment (Discord docs, "Message Resource > Attachment Object": `url`, a
 * signed CDN link with `ex`/`is`/`hm` parameters that expires after about a day): a plain `GET` of
 * the `url` kept in the reference, no bot token (the CDN needs none, and a URL from a payload never
 * gets it).
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` when the reference has no URL; `fetchMedia`'s
 *   errors (an expired link answers 404: `OMNIFY_ERR_PLATFORM_REJECTED`).
 */
export function downloadDiscordAttachment(media: MediaRef, ctx: SendContext): Promise<MediaDownload> {
  if (!media.url) return Promise.reject(mediaUnavailable('the Discord attachment has no URL'));
  return fetchMedia(ctx, media.url, { label: 'Discord CDN', secrets: [], describe: describeDiscord });
}
