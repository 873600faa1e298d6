import { isJsonObject } from '../../kernel/http-client/json-field.ts';
import type { SendContext, TypingRequest } from '../contract/channel-adapter.ts';
import { type TelegramEnvelope, telegramError } from './telegram.send.ts';

/**
 * The typing indicator of a Telegram bot: `sendChatAction` with `action: "typing"` (Bot API,
 * `sendChatAction`): the chat shows "typing…" for 5 seconds, or until the bot's next message
 * arrives. Telegram has no read receipts for bots, so there is no `markRead`.
 */

/** The exact JSON body of `sendChatAction` for `req`: `{chat_id, action: "typing"}`. */
export function chatActionBody(req: TypingRequest): { chat_id: string; action: 'typing' } {
  return { chat_id: req.threadKey, action: 'typing' };
}

/**
 * Shows "typing…" in the chat: `POST <ctx.apiBaseUrl>/bot<botToken>/sendChatAction`. Resolves when
 * Telegram answers `{ok: true}`.
 *
 * @throws OmnifyError as `interpretSendResponse` classifies failures (429 with
 *   `parameters.retry_after` → rate limited; ≥ 500 → transient; 400 "chat not found", 403 "bot was
 *   blocked by the user" → rejected); network errors and timeouts are transient. The bot token never
 *   appears in an error.
 */
export async function sendTelegramTyping(
  req: TypingRequest,
  config: { botToken: string },
  ctx: SendContext,
): Promise<void> {
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/bot${config.botToken}/sendChatAction`,
    body: chatActionBody(req),
    timeoutMs: ctx.timeoutMs,
    secrets: [config.botToken],
    label: 'Telegram Bot API',
  });
  const env: Partial<TelegramEnvelope> = isJsonObject(res.json) ? res.json : {};
  if (res.status >= 200 && res.status < 300 && env.ok === true) return;
  throw telegramError(res, env, config.botToken, 'sendChatAction');
}
