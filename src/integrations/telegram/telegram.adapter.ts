import { createHash, timingSafeEqual } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { ChannelAdapter, WebhookRequest } from '../contract/channel-adapter.ts';
import type { InboundEvent } from '../contract/message.ts';
import { sendTelegramTyping } from './telegram.actions.ts';
import { ownSideReason, telegramBotId } from './telegram.echo.ts';
import { downloadTelegramFile } from './telegram.media.ts';
import {
  asMessage,
  normalizeCallbackQuery,
  normalizeMessage,
  normalizeOtherUpdate,
  updateKind,
} from './telegram.normalize.ts';
import { answerTelegramCallbackQuery, sendTelegramMessage } from './telegram.send.ts';

/** The real Bot API; `config.apiBaseUrl` replaces it (tests, sandbox, self-hosted Bot API server). */
export const TELEGRAM_API_BASE_URL = 'https://api.telegram.org';

/** Header Telegram sets on every webhook request when `setWebhook` was given a `secret_token`. */
export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * Channel config. `botToken` comes from @BotFather; `secretToken` is the `secret_token` passed to
 * `setWebhook` (Bot API: 1-256 characters, `A-Z a-z 0-9 _ -`).
 */
export const TelegramConfigSchema = Type.Object({
  botToken: Type.String({ minLength: 1, description: 'Bot token from @BotFather (secret).' }),
  secretToken: Type.String({
    minLength: 1,
    maxLength: 256,
    pattern: '^[A-Za-z0-9_-]+$',
    description:
      'The secret_token given to setWebhook; Telegram echoes it in X-Telegram-Bot-Api-Secret-Token.',
  }),
  apiBaseUrl: Type.Optional(
    Type.String({ minLength: 1, description: 'Bot API base URL; defaults to https://api.telegram.org.' }),
  ),
});
export type TelegramConfig = Static<typeof TelegramConfigSchema>;

/** Update kinds that carry a `Message`, mapped to whether they are edits. */
const MESSAGE_KINDS: Record<string, boolean> = {
  message: false,
  channel_post: false,
  business_message: false,
  edited_message: true,
  edited_channel_post: true,
  edited_business_message: true,
};

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Throws `OMNIFY_ERR_SIGNATURE_INVALID` unless the `X-Telegram-Bot-Api-Secret-Token` header equals
 * `config.secretToken`. Compared as SHA-256 digests with `timingSafeEqual`, so neither the content
 * nor the length of the secret leaks through timing. Telegram signs nothing else: the token
 * authenticates the sender, not the body (Bot API `setWebhook`, parameter `secret_token`).
 */
export function verifyTelegram(req: WebhookRequest, config: TelegramConfig): void {
  const got = req.headers[TELEGRAM_SECRET_HEADER];
  if (typeof got !== 'string' || !timingSafeEqual(digest(got), digest(config.secretToken))) {
    throw new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID');
  }
}

/**
 * Turns one webhook `Update` into Omnify events (zero or one). `message`, `channel_post` and
 * `business_message` become messages; their `edited_*` twins become edits; `callback_query` a
 * callback; every other kind an `unsupported` message, and so does a known kind that lacks its
 * required fields (with the reason). A message of our own side (written by our bot `botId`, an
 * inline result of it, or an outgoing message of a connected business account: `ownSideReason`)
 * yields nothing: never stored as inbound, never answered. Throws `OMNIFY_ERR_VALIDATION` only
 * when the body is not an `Update` (no integer `update_id`). Source: Bot API, `Update`.
 */
export function parseTelegramUpdate(body: unknown, now = new Date(), botId?: number): InboundEvent[] {
  const { update, kind } = updateKind(body);
  if (kind === undefined) return [];
  try {
    if (Object.hasOwn(MESSAGE_KINDS, kind)) {
      const message = asMessage(update[kind], `/${kind}`);
      if (ownSideReason(message, kind, botId) !== undefined) return [];
      return [normalizeMessage(message, MESSAGE_KINDS[kind], now)];
    }
    if (kind === 'callback_query') return [normalizeCallbackQuery(update[kind], `/${kind}`, now)];
  } catch (e) {
    // A malformed message or callback inside a valid Update is kept as `unsupported` under its
    // update_id, so Telegram (which holds later updates until this one is acknowledged) moves on.
    if (!isOmnifyError(e)) throw e;
    return [normalizeOtherUpdate(update, kind, now, e.message)];
  }
  return [normalizeOtherUpdate(update, kind, now)];
}

/**
 * Telegram Bot API channel (https://core.telegram.org/bots/api). Inbound: webhook `Update`s
 * authenticated by the secret-token header; outbound: `sendMessage`, and `sendChatAction` for the
 * typing indicator (`telegram.actions.ts`). No GET handshake; no read receipts (Telegram has none for
 * bots).
 */
export const telegramAdapter: ChannelAdapter<TelegramConfig> = {
  platform: 'telegram',
  capabilities: {
    inboundMedia: true,
    outboundText: true,
    deliveryStatus: false,
    edits: true,
    reactions: false,
    replies: true,
    handshake: false,
    threads: false,
    typing: true,
    readReceipts: false,
  },
  configSchema: TelegramConfigSchema,
  secretFields: ['botToken', 'secretToken'],
  urlFields: ['apiBaseUrl'],
  apiBaseUrl: (config) => (config.apiBaseUrl ?? TELEGRAM_API_BASE_URL).replace(/\/+$/, ''),
  verify: verifyTelegram,
  // The bot's own id (its token's prefix) tells its own messages apart: they are never inbound.
  parse: (body, config) => parseTelegramUpdate(body, new Date(), telegramBotId(config.botToken)),
  send: sendTelegramMessage,
  downloadMedia: downloadTelegramFile,
  sendTyping: sendTelegramTyping,
  // A pressed inline button spins in the user's app until the callback query is answered.
  needsAcknowledgement: (content) => content.type === 'callback_query',
  acknowledgeInbound: async (content, config, ctx) => {
    if (content.type === 'callback_query') await answerTelegramCallbackQuery(content.callbackId, config, ctx);
  },
};
