import { stringField } from '../../kernel/http-client/json-field.ts';
import type { MediaDownload, SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { fetchMedia, mayCarryCredentials } from '../media-fetch.ts';

/** What `downloadRespondioAttachment` needs of a channel's config. */
interface RespondioMediaConfig {
  apiToken: string;
}

/** Most redirects followed (attachment links may point through a CDN). */
const MAX_REDIRECTS = 3;

/** A `{message}` error body (the Developer API's), else the first 300 characters of the text. */
function describeError(json: unknown): { platformMessage?: string } {
  const message = stringField(json, 'message');
  return message ? { platformMessage: message } : {};
}

/**
 * Downloads a respond.io attachment: the `attachment.url` of the webhook's message object (kept as
 * `media.url`, and as `media.id` for references stored before), a public link to respond.io's or
 * the underlying channel's file storage, fetched with a plain `GET`. The Developer API token
 * (`Authorization: Bearer <apiToken>`) is sent only when the URL is on the configured API's origin
 * (`apiBaseUrl`, default `https://api.respond.io`), never to a host named by a payload otherwise.
 * Redirects (at most 3) to another origin drop the token.
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` when the reference has no http(s) URL;
 *   `fetchMedia`'s errors (an expired or removed link answers 403/404: `OMNIFY_ERR_PLATFORM_REJECTED`).
 *   The token is redacted.
 */
export function downloadRespondioAttachment(
  media: MediaRef,
  config: RespondioMediaConfig,
  ctx: SendContext,
): Promise<MediaDownload> {
  const url = media.url ?? media.id;
  const withToken = mayCarryCredentials(url, ctx.apiBaseUrl, []);
  return fetchMedia(ctx, url, {
    label: 'respond.io attachments',
    ...(withToken ? { headers: { authorization: `Bearer ${config.apiToken}` } } : {}),
    secrets: [config.apiToken],
    maxRedirects: MAX_REDIRECTS,
    describe: describeError,
  });
}
