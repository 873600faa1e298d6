import { type ErrorDetails, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import { bodyRetryAfterMs } from '../../kernel/http-client/retry-after.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';

/** The secrets `sendTelegramMessage` needs (a subset of `TelegramConfig`, kept local to avoid an import cycle). */
interface TelegramSendConfig {
  botToken: string;
}

/**
 * The Bot API response envelope ("Making requests"): `ok`, then `result` on success, or
 * `description`, `error_code` and optional `parameters` (`ResponseParameters`: `retry_after` in
 * seconds, `migrate_to_chat_id`) on failure.
 */
export interface TelegramEnvelope {
  ok: boolean;
  result?: { message_id?: number; chat?: { id?: number | string } };
  description?: string;
  error_code?: number;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** The Telegram `message_id` inside an Omnify id `<chat.id>:<message_id>`; undefined when it has none. */
export function telegramMessageId(platformMessageId: string | undefined): number | undefined {
  const tail = platformMessageId?.slice(platformMessageId.lastIndexOf(':') + 1);
  return tail && /^\d+$/.test(tail) ? Number(tail) : undefined;
}

/** The JSON body of `sendMessage` for `req`: `chat_id`, `text`, and `reply_parameters` when quoting. */
export function sendMessageBody(req: OutboundRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { chat_id: req.threadKey, text: req.text };
  const replyTo = telegramMessageId(req.replyToPlatformMessageId);
  if (replyTo !== undefined)
    body.reply_parameters = { message_id: replyTo, allow_sending_without_reply: true };
  return body;
}

/**
 * Classifies a Bot API answer. Success (`ok: true` with a `Message`) → `platformMessageId`
 * `<chat.id>:<message_id>`. Failure → `OmnifyError` with `details.platformCode = String(error_code)`
 * (the HTTP status when absent) and `details.platformMessage = description`:
 * 429 → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (`retryAfterMs` from `parameters.retry_after` seconds,
 * else the `Retry-After` header); ≥ 500 → `OMNIFY_ERR_PLATFORM_TRANSIENT`; any other failure
 * (400 "chat not found", 403 "bot was blocked by the user", a 2xx that is not an envelope) →
 * `OMNIFY_ERR_PLATFORM_REJECTED`. `token` is redacted from every text kept.
 */
export function interpretSendResponse(res: HttpResponse, token: string): SendResult {
  const env = envelopeOf(res);
  const chatId = env.result?.chat?.id;
  const messageId = env.result?.message_id;
  if (isOk(res, env) && chatId !== undefined && typeof messageId === 'number') {
    return { platformMessageId: `${chatId}:${messageId}`, status: 'sent' };
  }
  throw telegramError(res, env, token, 'sendMessage');
}

const envelopeOf = (res: HttpResponse): Partial<TelegramEnvelope> =>
  res.json && typeof res.json === 'object' && !Array.isArray(res.json) ? res.json : {};
const isOk = (res: HttpResponse, env: Partial<TelegramEnvelope>) =>
  res.status >= 200 && res.status < 300 && env.ok === true;

/** The OmnifyError of a failed Bot API call `method`, classified as {@link interpretSendResponse} says. */
export function telegramError(
  res: HttpResponse,
  env: Partial<TelegramEnvelope>,
  token: string,
  method: string,
): OmnifyError {
  const ok2xx = res.status >= 200 && res.status < 300;
  const code = typeof env.error_code === 'number' ? env.error_code : ok2xx ? undefined : res.status;
  const description = redact(
    typeof env.description === 'string' && env.description
      ? env.description
      : res.text.slice(0, 300) || `HTTP ${res.status}`,
    [token],
  );
  const details: ErrorDetails = {
    platformCode: code === undefined ? 'invalid_response' : String(code),
    platformMessage: description,
  };
  const migrateTo = env.parameters?.migrate_to_chat_id;
  if (typeof migrateTo === 'number') details.migrateToChatId = String(migrateTo);
  const message = `Telegram ${method} failed (${details.platformCode}): ${description}`;
  if (res.status === 429 || code === 429) {
    const wait = bodyRetryAfterMs(env) ?? res.retryAfterMs;
    if (wait !== undefined) details.retryAfterMs = wait;
    return new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, details);
  }
  if (res.status >= 500 || (code !== undefined && code >= 500)) {
    return new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', message, details);
  }
  return new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', message, details);
}

/**
 * Answers a callback query (an inline keyboard press) so the user's app stops showing its progress
 * indicator: `POST <ctx.apiBaseUrl>/bot<botToken>/answerCallbackQuery` with JSON
 * `{callback_query_id}` (Bot API `answerCallbackQuery`; no notification text is shown). Resolves
 * when Telegram answers `{ok: true}`; throws as {@link interpretSendResponse} classifies failures
 * (an expired query is a 400, rejected). The bot token never appears in an error.
 */
export async function answerTelegramCallbackQuery(
  callbackQueryId: string,
  config: TelegramSendConfig,
  ctx: SendContext,
): Promise<void> {
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/bot${config.botToken}/answerCallbackQuery`,
    body: { callback_query_id: callbackQueryId },
    timeoutMs: ctx.timeoutMs,
    secrets: [config.botToken],
    label: 'Telegram Bot API',
  });
  const env = envelopeOf(res);
  if (!isOk(res, env)) throw telegramError(res, env, config.botToken, 'answerCallbackQuery');
}

/**
 * Sends one text message: `POST <ctx.apiBaseUrl>/bot<botToken>/sendMessage` with JSON
 * `{chat_id: threadKey, text, reply_parameters?: {message_id, allow_sending_without_reply: true}}`
 * (Bot API `sendMessage`, `ReplyParameters`). Resolves `{platformMessageId: "<chat.id>:<message_id>",
 * status: 'sent'}`; throws as `interpretSendResponse` describes, and `OMNIFY_ERR_PLATFORM_TRANSIENT`
 * on network errors or after `ctx.timeoutMs`. The bot token never appears in an error's message,
 * details or cause.
 */
export async function sendTelegramMessage(
  req: OutboundRequest,
  config: TelegramSendConfig,
  ctx: SendContext,
): Promise<SendResult> {
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/bot${config.botToken}/sendMessage`,
    body: sendMessageBody(req),
    timeoutMs: ctx.timeoutMs,
    secrets: [config.botToken],
    label: 'Telegram Bot API',
  });
  return interpretSendResponse(res, config.botToken);
}
