import { createHash } from 'node:crypto';
import { type ErrorDetails, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { field, isJsonObject } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';
import { DiscordBuckets, type DiscordRateLimit, readRateLimit } from './discord.ratelimit.ts';

/** The REST API version every call uses (Discord docs, "Reference > API Versioning"). */
export const DISCORD_API_PATH = '/api/v10';

/** Discord asks bots to identify as `DiscordBot ($url, $version)` ("Reference > User Agent"). */
export const DISCORD_USER_AGENT = 'DiscordBot (omnify, 0.1.0)';

/** The secrets `sendDiscordMessage` needs (a subset of `DiscordConfig`, kept local to avoid an import cycle). */
interface DiscordSendConfig {
  botToken: string;
}

const SNOWFLAKE = /^\d{1,20}$/;

/**
 * A nonce for `messageId` (≤ 25 characters, Discord's limit): with `enforce_nonce`, Discord returns
 * the message already created with it by this bot in the last few minutes instead of creating it
 * again, so a send repeated after a crash does not post twice.
 */
export function discordNonce(messageId: string): string {
  return createHash('sha256').update(messageId).digest('base64url').slice(0, 25);
}

/**
 * The JSON body of Create Message ("Resources > Message > Create Message") for `req`: `content`, no
 * pings (`allowed_mentions.parse = []`: an agent's `@everyone` stays text), the nonce with
 * `enforce_nonce`, and `message_reference` (`fail_if_not_exists: false`) when it answers a Discord
 * message. Interactions (`interaction:<id>`) are not messages and are not quoted.
 */
export function createMessageBody(req: OutboundRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    content: req.text,
    allowed_mentions: { parse: [] },
    nonce: discordNonce(req.messageId),
    enforce_nonce: true,
  };
  const replyTo = req.replyToPlatformMessageId;
  if (replyTo && SNOWFLAKE.test(replyTo)) {
    body.message_reference = { message_id: replyTo, fail_if_not_exists: false };
  }
  return body;
}

/** The platform's error text: `message`, plus the field errors of a 50035 "Invalid Form Body". */
function errorText(res: HttpResponse): string {
  const message = field(res.json, 'message');
  const errors = field(res.json, 'errors');
  const text =
    typeof message === 'string' && message ? message : res.text.slice(0, 300) || `HTTP ${res.status}`;
  return isJsonObject(errors) ? `${text} ${JSON.stringify(errors).slice(0, 300)}` : text;
}

/**
 * Classifies a Discord REST answer. A 2xx with a message object → its `id`. Otherwise an
 * `OmnifyError` with `details.platformCode` = the JSON error `code` when it is a positive integer
 * (e.g. `50001` Missing Access, `10003` Unknown Channel), else the HTTP status, and
 * `details.platformMessage` = its `message`: 429 → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` with
 * `retryAfterMs` (body `retry_after` seconds, else the headers), `global`, `scope` and `bucket`;
 * ≥ 500 → `OMNIFY_ERR_PLATFORM_TRANSIENT`; any other answer (4xx, a 2xx without an id) →
 * `OMNIFY_ERR_PLATFORM_REJECTED`. `token` is redacted from every text kept.
 */
export function interpretDiscordResponse(
  res: HttpResponse,
  token: string,
  limit: DiscordRateLimit | undefined,
  what = 'Create Message',
): SendResult {
  const ok2xx = res.status >= 200 && res.status < 300;
  const id = field(res.json, 'id');
  if (ok2xx && typeof id === 'string' && id !== '') return { platformMessageId: id, status: 'sent' };
  const code = field(res.json, 'code');
  const platformCode =
    typeof code === 'number' && Number.isInteger(code) && code > 0
      ? String(code)
      : ok2xx
        ? 'invalid_response'
        : String(res.status);
  const platformMessage = redact(errorText(res), [token]);
  const details: ErrorDetails = { platformCode, platformMessage, httpStatus: res.status };
  const message = `Discord ${what} failed (${platformCode}): ${platformMessage}`;
  if (res.status === 429) {
    const l = limit ?? readRateLimit(res.json, res.headers);
    if (l.retryAfterMs !== undefined) details.retryAfterMs = l.retryAfterMs;
    details.global = l.global;
    if (l.scope) details.scope = l.scope;
    if (l.bucket) details.bucket = l.bucket;
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, details);
  }
  if (res.status >= 500) throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', message, details);
  throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', message, details);
}

/** Thrown without calling Discord when its last answers said the bucket (or the bot) must wait. */
export function bucketEmpty(waitMs: number): OmnifyError {
  return new OmnifyError(
    'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
    `Discord's rate limit for this route is exhausted; next call in ${waitMs} ms`,
    { platformCode: 'bucket_empty', platformMessage: 'rate limit bucket empty', retryAfterMs: waitMs },
  );
}

/**
 * Sends one text message: `POST <ctx.apiBaseUrl>/api/v10/channels/<threadKey>/messages` with
 * `Authorization: Bot <botToken>` and the body of `createMessageBody` (the thread key is a channel
 * id: a server channel, or the DM channel of a user). Resolves `{platformMessageId: <message id>,
 * status: 'sent'}`. Before calling, a route or bot known to be rate limited (see `DiscordBuckets`)
 * throws `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (`platformCode: 'bucket_empty'`, `retryAfterMs`) without a
 * request. Otherwise throws as `interpretDiscordResponse` describes, and
 * `OMNIFY_ERR_PLATFORM_TRANSIENT` on network errors or after `ctx.timeoutMs`. The bot token never
 * appears in an error's message or details.
 */
export async function sendDiscordMessage(
  req: OutboundRequest,
  config: DiscordSendConfig,
  ctx: SendContext,
): Promise<SendResult> {
  const route = `channels/${encodeURIComponent(req.threadKey)}/messages`;
  const buckets = new DiscordBuckets(ctx.apiBaseUrl, config.botToken, route);
  const wait = buckets.waitMs();
  if (wait > 0) throw bucketEmpty(wait);
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}${DISCORD_API_PATH}/${route}`,
    headers: { authorization: `Bot ${config.botToken}`, 'user-agent': DISCORD_USER_AGENT },
    body: createMessageBody(req),
    timeoutMs: ctx.timeoutMs,
    secrets: [config.botToken],
    label: 'Discord API',
  });
  const limit = res.status === 429 ? readRateLimit(res.json, res.headers) : undefined;
  buckets.learn(res.status, res.headers, limit);
  return interpretDiscordResponse(res, config.botToken, limit);
}
