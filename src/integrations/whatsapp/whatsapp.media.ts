import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import type { MediaDownload, SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { fetchMedia, mayCarryCredentials, mediaUnavailable } from '../media-fetch.ts';
import { classifyGraphError } from './whatsapp.send.ts';

/** What `downloadWhatsAppMedia` needs of a channel's config. */
interface WhatsAppMediaConfig {
  accessToken: string;
  phoneNumberId: string;
}

/**
 * Hosts Meta serves media from (`lookaside.fbsbx.com` in Meta's docs); the access token goes to
 * these and to the configured API's host only.
 */
const MEDIA_HOSTS = ['fbsbx.com', 'facebook.com', 'fbcdn.net', 'whatsapp.net'] as const;

/** The Graph error envelope's code and text (`{error: {code, message, error_data: {details}}}`). */
function describeGraph(json: unknown): { platformCode?: string; platformMessage?: string } {
  const code = field(json, 'error', 'code');
  const message = [stringField(json, 'error', 'message'), stringField(json, 'error', 'error_data', 'details')]
    .filter(Boolean)
    .join(': ');
  return {
    ...(typeof code === 'number' || typeof code === 'string' ? { platformCode: String(code) } : {}),
    ...(message ? { platformMessage: message } : {}),
  };
}

/**
 * Downloads an inbound WhatsApp media file (Meta docs, Cloud API "Media > Retrieve media URL" and
 * "Download media"): `GET <apiBaseUrl>/{media-id}?phone_number_id=<phoneNumberId>` with the access
 * token answers `{url, mime_type, sha256, file_size, id}`; the `url` (valid for 5 minutes) is then
 * fetched with the same `Authorization: Bearer` header. Media ids live 30 days after the message.
 *
 * @returns the file stream with the `mime_type` and hex `sha256` the Graph API declared, and the
 *   file server's `Content-Length` (else the declared `file_size`), in bytes.
 * @throws as `classifyGraphError` for a refused metadata call (expired or foreign media id: 400/404 →
 *   `OMNIFY_ERR_PLATFORM_REJECTED`); `OMNIFY_ERR_PLATFORM_REJECTED` with `platformCode`
 *   `invalid_response` when the answer names no URL; `OMNIFY_ERR_MEDIA_UNAVAILABLE` when the URL is
 *   not on a Meta host (the token never goes elsewhere); `fetchMedia`'s errors for the file itself.
 */
export async function downloadWhatsAppMedia(
  media: MediaRef,
  config: WhatsAppMediaConfig,
  ctx: SendContext,
): Promise<MediaDownload> {
  const token = config.accessToken;
  const auth = { authorization: `Bearer ${token}` };
  const meta = await ctx.http.request({
    method: 'GET',
    url: `${ctx.apiBaseUrl}/${encodeURIComponent(media.id)}?phone_number_id=${encodeURIComponent(config.phoneNumberId)}`,
    headers: auth,
    timeoutMs: ctx.timeoutMs,
    secrets: [token],
    label: 'WhatsApp Cloud API',
  });
  if (meta.status < 200 || meta.status >= 300) throw classifyGraphError(meta, token);
  const url = stringField(meta.json, 'url');
  if (!url) {
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', 'The WhatsApp media answer names no url.', {
      platformCode: 'invalid_response',
      platformMessage: 'no url in the media answer',
      httpStatus: meta.status,
    });
  }
  if (!mayCarryCredentials(url, ctx.apiBaseUrl, MEDIA_HOSTS)) {
    throw mediaUnavailable('the WhatsApp media URL is not on a Meta host');
  }
  const file = await fetchMedia(ctx, url, {
    label: 'WhatsApp media',
    headers: auth,
    secrets: [token],
    describe: describeGraph,
  });
  const declaredType = stringField(meta.json, 'mime_type');
  const declaredSize = Number(field(meta.json, 'file_size'));
  const sha256 = stringField(meta.json, 'sha256');
  return {
    ...file,
    // The Graph API's type is the one Meta keeps for the media; the file server's is often generic.
    ...(declaredType ? { contentType: declaredType } : {}),
    ...(file.size === undefined && Number.isSafeInteger(declaredSize) ? { size: declaredSize } : {}),
    ...(sha256 && /^[0-9a-f]{64}$/i.test(sha256) ? { sha256: sha256.toLowerCase() } : {}),
  };
}
