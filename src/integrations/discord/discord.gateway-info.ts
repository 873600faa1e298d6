import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { httpError } from '../../kernel/http-client/client.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import type { ReceiverContext } from '../contract/channel-adapter.ts';
import { DISCORD_API_PATH, DISCORD_USER_AGENT } from './discord.send.ts';

/**
 * `GET /gateway/bot` (Discord docs, "Events > Gateway > Get Gateway Bot"): where a bot connects,
 * how many shards Discord recommends and how many session starts (IDENTIFYs) it has left. Called
 * through the channel's HTTP client (SSRF guard, sandbox), not @discordjs/rest.
 */

/** The answer, as @discordjs/ws reads it (`APIGatewayBotInfo`). */
export interface GatewayBotInfo {
  /** `wss://…` URL of the Gateway. */
  url: string;
  /** Recommended number of shards. */
  shards: number;
  session_start_limit: { total: number; remaining: number; reset_after: number; max_concurrency: number };
}

/** More shards than this for one channel is not a bot Omnify runs (Discord: 2,500 servers per shard). */
const MAX_SHARDS = 128;
const DISCORD_HOSTS = /(^|\.)(discord\.gg|discord\.com)$/;

const int = (v: unknown, min: number): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= min ? v : undefined;

/**
 * Whether Omnify opens a WebSocket to `url`: `wss://` on Discord's own hosts (`discord.gg`,
 * `discord.com` and their subdomains), or `ws(s)://` on the host of the API base URL (a proxy or a
 * test server). The socket is opened by the `ws` package, outside the HTTP client's connect-time
 * address check, so a Gateway URL named by a configured API cannot point anywhere else.
 */
export function gatewayUrlAllowed(url: string, apiBaseUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'wss:' && u.protocol !== 'ws:') return false;
  if (u.hostname === new URL(apiBaseUrl).hostname) return true;
  return u.protocol === 'wss:' && DISCORD_HOSTS.test(u.hostname);
}

/**
 * Fetches `GET <apiBaseUrl>/api/v10/gateway/bot` with the bot token through `ctx.http`.
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` for a 4xx other than 429 (401: the token is
 *   wrong) and for a Gateway URL `gatewayUrlAllowed` refuses (`platformCode: 'gateway_url_refused'`);
 *   `OMNIFY_ERR_PLATFORM_RATE_LIMITED` for a 429 (`retryAfterMs` from `retry_after`) and when no
 *   session start is left for the shards (`retryAfterMs` = `reset_after`); `OMNIFY_ERR_PLATFORM_TRANSIENT`
 *   for 5xx, network errors and an answer without a usable `url`, `shards` or `session_start_limit`.
 */
export async function fetchGatewayBot(
  apiBaseUrl: string,
  botToken: string,
  ctx: Pick<ReceiverContext, 'http' | 'signal'>,
): Promise<GatewayBotInfo> {
  const res = await ctx.http.request({
    method: 'GET',
    url: `${apiBaseUrl}${DISCORD_API_PATH}/gateway/bot`,
    headers: { authorization: `Bot ${botToken}`, 'user-agent': DISCORD_USER_AGENT },
    timeoutMs: 15_000,
    signal: ctx.signal,
    secrets: [botToken],
    label: 'Discord API (Get Gateway Bot)',
  });
  if (res.status < 200 || res.status >= 300) {
    const code = field(res.json, 'code');
    const message = field(res.json, 'message');
    throw httpError(res, {
      label: 'Discord API (Get Gateway Bot)',
      platformCode: typeof code === 'number' && code > 0 ? String(code) : undefined,
      platformMessage: typeof message === 'string' ? message : res.text.slice(0, 200),
      secrets: [botToken],
    });
  }
  const url = field(res.json, 'url');
  const shards = int(field(res.json, 'shards'), 1);
  const limit = field(res.json, 'session_start_limit');
  const total = int(field(limit, 'total'), 0);
  const remaining = int(field(limit, 'remaining'), 0);
  const resetAfter = int(field(limit, 'reset_after'), 0);
  const concurrency = int(field(limit, 'max_concurrency'), 1);
  if (
    typeof url !== 'string' ||
    shards === undefined ||
    shards > MAX_SHARDS ||
    total === undefined ||
    remaining === undefined ||
    resetAfter === undefined ||
    concurrency === undefined
  ) {
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', 'Discord’s Get Gateway Bot answer is not usable', {
      platformCode: 'invalid_response',
      platformMessage: res.text.slice(0, 200),
    });
  }
  if (!gatewayUrlAllowed(url, apiBaseUrl)) {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'The Gateway URL the API named is neither on discord.gg/discord.com (wss) nor on the API base URL’s host',
      { platformCode: 'gateway_url_refused' },
    );
  }
  if (remaining < shards) {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
      `Discord allows no more Gateway session starts for this bot for ${resetAfter} ms`,
      { platformCode: 'session_start_limit', retryAfterMs: resetAfter },
    );
  }
  return {
    url,
    shards,
    session_start_limit: { total, remaining, reset_after: resetAfter, max_concurrency: concurrency },
  };
}
