import type { TelegramMessage } from './telegram.normalize.ts';

/*
 * Our own side of a Telegram chat, recognised so it is never stored as inbound nor answered.
 * Source: Telegram Bot API, `Message` (fields `from`, `via_bot`, `sender_business_bot`, `chat`),
 * `User.is_bot`, and "Authorizing your bot" (a token is `<bot id>:<secret>`, e.g.
 * `123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11`). A bot never receives its own messages through
 * `getUpdates` or a webhook in a private chat, but a group, a business chat or an inline result
 * can still put our bot's words in an update.
 */

/** The bot's own user id: the digits before the `:` of its token; undefined for a token without them. */
export function telegramBotId(botToken: string): number | undefined {
  const head = /^(\d{1,20}):/.exec(botToken)?.[1];
  const id = head === undefined ? Number.NaN : Number(head);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

const idOf = (v: unknown): unknown =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as { id?: unknown }).id : undefined;

/**
 * Why `m` (an update's `Message`, of update kind `kind`) is our own side rather than a customer's
 * words, or undefined when it is a customer's:
 * - `own_bot`: written by our bot (`from.is_bot` with `from.id` = `botId`), e.g. in a group;
 * - `via_own_bot`: an inline result of our bot (`via_bot.id` = `botId`): our bot's content;
 * - `business_bot`: sent on behalf of a connected business account by a bot (`sender_business_bot`,
 *   which the Bot API sets "only for outgoing messages");
 * - `business_owner`: an outgoing message of the business account itself: a `business_message`
 *   (or its edit) in a private chat whose sender is not the chat's other party (a private chat's
 *   id is that user's id).
 * Channel posts carry no `from` (Bot API: "may be empty for messages sent to channels"): a post
 * our bot made in a channel cannot be told apart and is stored like any other post.
 */
export function ownSideReason(
  m: TelegramMessage,
  kind: string,
  botId: number | undefined,
): string | undefined {
  const from = m.from;
  if (botId !== undefined && from?.is_bot === true && from.id === botId) return 'own_bot';
  if (botId !== undefined && idOf(m.via_bot) === botId) return 'via_own_bot';
  if (m.sender_business_bot !== undefined && m.sender_business_bot !== null) return 'business_bot';
  const business = kind === 'business_message' || kind === 'edited_business_message';
  if (business && m.chat.type === 'private' && from !== undefined && from.id !== m.chat.id) {
    return 'business_owner';
  }
  return undefined;
}
