import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, stringField } from '../../kernel/http-client/json-field.ts';
import type { MediaDownload, SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { fetchMedia, mayCarryCredentials } from '../media-fetch.ts';
import type { BotFrameworkTokens, TeamsTokenConfig } from './teams.token.ts';

/**
 * Hosts of the Bot Connector service Teams names as a conversation's `serviceUrl` (public cloud
 * `smba.trafficmanager.net/{region}/`, the GCC, GCC High and DoD clouds, other Bot Framework
 * channels on `*.botframework.com`). The bot's token goes there and to the configured `apiBaseUrl`.
 */
export const BOT_CONNECTOR_HOSTS = [
  'smba.trafficmanager.net',
  'botframework.com',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
] as const;

/** Most redirects followed (an attachment view may answer with its blob's location). */
const MAX_REDIRECTS = 3;

/** The `{error: {code, message}}` body of the Bot Connector and of SharePoint/OneDrive. */
function describeError(json: unknown): { platformCode?: string; platformMessage?: string } {
  const code = field(json, 'error', 'code');
  const message = stringField(json, 'error', 'message');
  return {
    ...(typeof code === 'string' || typeof code === 'number' ? { platformCode: String(code) } : {}),
    ...(message ? { platformMessage: message } : {}),
  };
}

/** True when the bot's token may go to `url`: on a Bot Connector host or the configured API. */
function connectorUrl(url: string, apiBaseUrl: string): boolean {
  // An empty apiBaseUrl (the default) leaves only the connector hosts; their own origin stands in.
  return mayCarryCredentials(url, apiBaseUrl || `https://${BOT_CONNECTOR_HOSTS[0]}`, BOT_CONNECTOR_HOSTS);
}

/**
 * Downloads a file of a Teams message (Teams docs, "Send and receive files using bot": a chat
 * file's `content.downloadUrl` is a pre-authorized OneDrive/SharePoint link, fetched with a plain
 * `GET`; Bot Framework docs, "Add media attachments" / Teams "Receive images": an inline image's
 * `contentUrl` on the Bot Connector needs `Authorization: Bearer <bot token>`). The URL is
 * `media.url`, else `media.id` (references stored before URLs were kept; a chat file's `uniqueId`
 * is not a URL). The token is sent only when the reference is a `contentUrl` (`url` = `id`) on a
 * {@link BOT_CONNECTOR_HOSTS} host or the configured `apiBaseUrl`'s origin; any other URL is
 * fetched without it. Redirects (at most 3) to another origin drop the token. A 401 drops the
 * cached token so the next call asks for a new one.
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` when there is no http(s) URL; the token
 *   request's errors (teams.token.ts); `fetchMedia`'s errors for the file (an expired link or a
 *   refused token: 401/403/404 → `OMNIFY_ERR_PLATFORM_REJECTED`). The token is redacted.
 */
export async function downloadTeamsFile(
  media: MediaRef,
  config: TeamsTokenConfig,
  ctx: SendContext,
  tokens: BotFrameworkTokens,
): Promise<MediaDownload> {
  const url = media.url ?? media.id;
  const preAuthorized = media.url !== undefined && media.url !== media.id;
  if (preAuthorized || !connectorUrl(url, ctx.apiBaseUrl)) {
    return fetchMedia(ctx, url, {
      label: 'Teams files',
      secrets: [],
      maxRedirects: MAX_REDIRECTS,
      describe: describeError,
    });
  }
  const token = await tokens.token(config, ctx);
  try {
    return await fetchMedia(ctx, url, {
      label: 'Bot Connector attachments',
      headers: { authorization: `Bearer ${token}` },
      secrets: [token, config.appPassword],
      maxRedirects: MAX_REDIRECTS,
      describe: describeError,
    });
  } catch (e) {
    if (e instanceof OmnifyError && e.details.httpStatus === 401) tokens.forget(config);
    throw e;
  }
}
