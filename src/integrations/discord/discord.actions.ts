import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { SendContext, TypingRequest } from '../contract/channel-adapter.ts';
import { DiscordBuckets, readRateLimit } from './discord.ratelimit.ts';
import { DISCORD_API_PATH, interpretDiscordResponse } from './discord.send.ts';

/**
 * The typing indicator of a Discord bot: Trigger Typing Indicator ("Resources > Channel", `POST
 * /channels/{channel.id}/typing`, answered 204 No Content): "<bot> is typing…" shows for 10 seconds
 * or until the bot's next message. Discord has no read receipts, so there is no `markRead`.
 */

/** Discord asks bots to identify as `DiscordBot ($url, $version)` ("Reference > User Agent"). */
const USER_AGENT = 'DiscordBot (omnify, 0.1.0)';

/**
 * Shows "typing…" in the conversation's channel (the thread key is a channel id: a server channel or
 * a user's DM channel): `POST <ctx.apiBaseUrl>/api/v10/channels/<threadKey>/typing` with
 * `Authorization: Bot <botToken>`, no body. Resolves on any 2xx. A route or bot Discord said must
 * wait (`DiscordBuckets`) throws `OMNIFY_ERR_PLATFORM_RATE_LIMITED` without a request.
 *
 * @throws OmnifyError as `interpretDiscordResponse` classifies a failed answer (429 → rate limited
 *   with `retryAfterMs`; ≥ 500 → transient; 403 50001 Missing Access, 404 10003 Unknown Channel →
 *   rejected); network errors and timeouts are transient. The bot token never appears in an error.
 */
export async function sendDiscordTyping(
  req: TypingRequest,
  config: { botToken: string },
  ctx: SendContext,
): Promise<void> {
  const route = `channels/${encodeURIComponent(req.threadKey)}/typing`;
  const buckets = new DiscordBuckets(ctx.apiBaseUrl, config.botToken, route);
  const wait = buckets.waitMs();
  if (wait > 0) {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
      `Discord's rate limit for this route is exhausted; next call in ${wait} ms`,
      { platformCode: 'bucket_empty', platformMessage: 'rate limit bucket empty', retryAfterMs: wait },
    );
  }
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}${DISCORD_API_PATH}/${route}`,
    headers: { authorization: `Bot ${config.botToken}`, 'user-agent': USER_AGENT },
    timeoutMs: ctx.timeoutMs,
    secrets: [config.botToken],
    label: 'Discord API',
  });
  const limit = res.status === 429 ? readRateLimit(res.json, res.headers) : undefined;
  buckets.learn(res.status, res.headers, limit);
  if (res.status >= 200 && res.status < 300) return;
  // Every answer outside 2xx throws there (rate limited, transient or rejected).
  interpretDiscordResponse(res, config.botToken, limit, 'Trigger Typing Indicator');
}
