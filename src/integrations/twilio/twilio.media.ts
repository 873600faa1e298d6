import { field, stringField } from '../../kernel/http-client/json-field.ts';
import type { MediaDownload, SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { fetchMedia, mayCarryCredentials, mediaUnavailable } from '../media-fetch.ts';

/** What `downloadTwilioMedia` needs of a channel's config. */
interface TwilioMediaConfig {
  accountSid: string;
  authToken: string;
}

/** Twilio's media URLs are on `api.twilio.com`: the account's credentials go there and to the configured API only. */
const MEDIA_HOSTS = ['twilio.com'] as const;

/** Twilio's REST error body: `{code, message, more_info, status}`. */
function describeTwilio(json: unknown): { platformCode?: string; platformMessage?: string } {
  const code = field(json, 'code');
  const message = stringField(json, 'message');
  return {
    ...(typeof code === 'number' || typeof code === 'string' ? { platformCode: String(code) } : {}),
    ...(message ? { platformMessage: message } : {}),
  };
}

/**
 * Downloads an inbound MMS or WhatsApp attachment from Twilio (Twilio docs, "Messaging webhooks":
 * `MediaUrl{N}`; "Media resource"): `GET` the `MediaUrl0` kept as the reference's id with HTTP Basic
 * auth `accountSid:authToken` (required when the account enforces "HTTP Basic Authentication for
 * media access", harmless otherwise). Twilio answers with a redirect to its CDN: up to 3 are followed,
 * each through the guarded client, without the credentials once the host changes.
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` when the URL is not on a Twilio host (the
 *   credentials never go elsewhere); `fetchMedia`'s errors (a deleted media resource: 404 →
 *   `OMNIFY_ERR_PLATFORM_REJECTED`, Twilio's `code` as `platformCode`). The token is redacted.
 */
export function downloadTwilioMedia(
  media: MediaRef,
  config: TwilioMediaConfig,
  ctx: SendContext,
): Promise<MediaDownload> {
  const url = media.url ?? media.id;
  if (!mayCarryCredentials(url, ctx.apiBaseUrl, MEDIA_HOSTS)) {
    return Promise.reject(mediaUnavailable('the Twilio media URL is not on a Twilio host'));
  }
  const basic = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
  return fetchMedia(ctx, url, {
    label: 'Twilio media',
    headers: { authorization: `Basic ${basic}` },
    secrets: [config.authToken, basic],
    maxRedirects: 3,
    describe: describeTwilio,
  });
}
