import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { MediaDownload, SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { fetchMedia, mayCarryCredentials, mediaUnavailable } from '../media-fetch.ts';

/** What `downloadSlackFile` needs of a channel's config. */
interface SlackMediaConfig {
  botToken: string;
}

/** Slack serves private files from `files.slack.com`; the bot token goes there and to the configured API only. */
const FILE_HOSTS = ['slack.com'] as const;

/**
 * The file's private download URL from `files.info` (needs the `files:read` scope), for references
 * stored before URLs were kept. Slack answers errors as `{ok: false, error}`, mostly with HTTP 200:
 * 429 or `ratelimited` → `OMNIFY_ERR_PLATFORM_RATE_LIMITED`, ≥ 500 → `_TRANSIENT`, anything else
 * (`file_not_found`, `missing_scope`, an answer without a URL) → `_REJECTED`.
 */
async function privateUrl(media: MediaRef, config: SlackMediaConfig, ctx: SendContext): Promise<string> {
  const res = await ctx.http.request({
    method: 'GET',
    url: `${ctx.apiBaseUrl}/files.info?file=${encodeURIComponent(media.id)}`,
    headers: { authorization: `Bearer ${config.botToken}` },
    timeoutMs: ctx.timeoutMs,
    secrets: [config.botToken],
    label: 'Slack Web API',
  });
  const url =
    stringField(res.json, 'file', 'url_private_download') ?? stringField(res.json, 'file', 'url_private');
  if (res.status >= 200 && res.status < 300 && field(res.json, 'ok') === true && url) return url;
  const error = stringField(res.json, 'error');
  const platformCode = redact(error ?? (res.status < 300 ? 'invalid_response' : String(res.status)), [
    config.botToken,
  ]);
  const details = { platformCode, platformMessage: platformCode, httpStatus: res.status };
  const message = `Slack files.info failed (${platformCode})`;
  if (res.status === 429 || error === 'ratelimited' || error === 'rate_limited') {
    const wait = res.retryAfterMs === undefined ? {} : { retryAfterMs: res.retryAfterMs };
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, { ...details, ...wait });
  }
  const code = res.status >= 500 ? 'OMNIFY_ERR_PLATFORM_TRANSIENT' : 'OMNIFY_ERR_PLATFORM_REJECTED';
  throw new OmnifyError(code, message, details);
}

/**
 * Downloads a file shared in Slack (docs.slack.dev, "Working with files > Downloading files"):
 * `GET` its `url_private_download` (kept in the reference at parse time; else looked up with
 * `files.info`) with `Authorization: Bearer <botToken>`. Without a valid token Slack answers an
 * HTML sign-in page with status 200, which the media store's type check refuses.
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` when the URL is not on a Slack host (the token
 *   never goes elsewhere); Web API errors of `files.info` (`file_not_found`, `missing_scope` →
 *   `OMNIFY_ERR_PLATFORM_REJECTED`); `fetchMedia`'s errors for the file. The token is redacted.
 */
export async function downloadSlackFile(
  media: MediaRef,
  config: SlackMediaConfig,
  ctx: SendContext,
): Promise<MediaDownload> {
  const url = media.url ?? (await privateUrl(media, config, ctx));
  if (!mayCarryCredentials(url, ctx.apiBaseUrl, FILE_HOSTS)) {
    throw mediaUnavailable('the Slack file URL is not on a Slack host');
  }
  return fetchMedia(ctx, url, {
    label: 'Slack files',
    headers: { authorization: `Bearer ${config.botToken}` },
    secrets: [config.botToken],
  });
}
