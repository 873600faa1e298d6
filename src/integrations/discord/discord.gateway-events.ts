import { createHash } from 'node:crypto';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundEvent, InboundMessage, InboundSender } from '../contract/message.ts';
import { normalizeGatewayMessage, senderOfUser, unreadable } from './discord.gateway-message.ts';
import { compact } from './discord.normalize.ts';

/**
 * Gateway dispatches (Discord docs, "Events > Gateway Events": the payload `{op: 0, t, s, d}`) as
 * the receive loop delivers them, read by `parse` beside interactions.
 */

/** The dispatches Omnify stores; the loop delivers only these. */
export const GATEWAY_EVENTS = new Set([
  'MESSAGE_CREATE',
  'MESSAGE_UPDATE',
  'MESSAGE_DELETE',
  'MESSAGE_REACTION_ADD',
]);

/** Gateway opcode of a dispatch. */
const OP_DISPATCH = 0;
const SNOWFLAKE = /^\d{1,20}$/;
const snowflake = (v: unknown): string | undefined =>
  typeof v === 'string' && SNOWFLAKE.test(v) ? v : undefined;

/** A Gateway dispatch: `op` 0 and a string `t` (an interaction has neither). */
export function isGatewayDispatch(body: unknown): body is JsonObject & { op: 0; t: string } {
  return isJsonObject(body) && body.op === OP_DISPATCH && typeof body.t === 'string';
}

/**
 * True when the dispatch was made by a bot or a webhook rather than a person: our own messages and
 * reactions (an echo: the author or reacting user is one of `botIds`, the application id and the
 * bot user id the Gateway's READY named) and any other bot's or webhook's (two bots answering each
 * other would never stop). Such dispatches are not stored.
 */
export function isFromBot(t: string, d: JsonObject, botIds: readonly string[]): boolean {
  if (t === 'MESSAGE_CREATE' || t === 'MESSAGE_UPDATE') {
    const author = isJsonObject(d.author) ? d.author : {};
    return author.bot === true || typeof d.webhook_id === 'string' || botIds.includes(String(author.id));
  }
  if (t === 'MESSAGE_REACTION_ADD') {
    const user = isJsonObject(d.member) && isJsonObject(d.member.user) ? d.member.user : {};
    return user.bot === true || botIds.includes(String(d.user_id));
  }
  return false;
}

const digest = (d: JsonObject) =>
  createHash('sha256').update(JSON.stringify(d)).digest('base64url').slice(0, 22);

/** A dispatch kept as `unsupported` (what `reason` says could not be read), keyed by its content. */
function unsupportedDispatch(t: string, d: JsonObject, now: Date, reason: string): InboundMessage {
  const id = snowflake(d.id) ?? digest(d);
  const key = `${t.toLowerCase()}:${id}`;
  const author = isJsonObject(d.author) ? d.author : {};
  return compact<InboundMessage>({
    kind: 'message',
    platformMessageId: key,
    dedupeKey: key,
    sender: { handle: snowflake(author.id) ?? snowflake(d.user_id) ?? 'discord' },
    threadKey: snowflake(d.channel_id) ?? 'discord',
    sentAt: now,
    content: { type: 'unsupported', platformType: t.toLowerCase(), reason },
    text: null,
    raw: d,
  });
}

/**
 * MESSAGE_DELETE (`{id, channel_id, guild_id?}`): the message model has no deletions, so it is kept
 * as `unsupported` (`message_deleted`) under `<id>:deleted` in the deleted message's conversation;
 * what was stored stays. The event names no user: the sender is the placeholder `discord`.
 */
function deletion(d: JsonObject, now: Date): InboundMessage {
  const id = snowflake(d.id);
  if (!id) throw unreadable('/d/id', 'must be a snowflake string');
  const channel = snowflake(d.channel_id);
  if (!channel) throw unreadable('/d/channel_id', 'must be a snowflake string');
  return {
    kind: 'message',
    platformMessageId: id,
    dedupeKey: `${id}:deleted`,
    sender: { handle: 'discord' },
    threadKey: channel,
    sentAt: now,
    content: {
      type: 'unsupported',
      platformType: 'message_deleted',
      reason: `Discord message ${id} was deleted; Omnify keeps what was stored (no deletions in the message model)`,
    },
    text: null,
    raw: d,
  };
}

/**
 * MESSAGE_REACTION_ADD (`{user_id, channel_id, message_id, member?, emoji: {id, name}}`): a
 * `reaction` to `message_id` with the emoji (a custom one as `:name:`), keyed
 * `reaction:<message>:<user>:<emoji>` (the event has no id or time: one reaction per user, message
 * and emoji is stored once; the time is the time of receipt).
 */
function reaction(d: JsonObject, now: Date): InboundMessage {
  const user = snowflake(d.user_id);
  if (!user) throw unreadable('/d/user_id', 'must be a snowflake string');
  const channel = snowflake(d.channel_id);
  if (!channel) throw unreadable('/d/channel_id', 'must be a snowflake string');
  const target = snowflake(d.message_id);
  if (!target) throw unreadable('/d/message_id', 'must be a snowflake string');
  const e = isJsonObject(d.emoji) ? d.emoji : {};
  const name = typeof e.name === 'string' && e.name !== '' ? e.name : undefined;
  const custom = snowflake(e.id);
  const emoji = custom ? `:${name ?? custom}:` : (name ?? null);
  const member = isJsonObject(d.member) ? d.member : {};
  const named = isJsonObject(member.user) ? senderOfUser(member.user, member) : undefined;
  const sender: InboundSender = named?.handle === user ? named : { handle: user };
  const key = `reaction:${target}:${user}:${custom ?? name ?? '?'}`;
  return {
    kind: 'message',
    platformMessageId: key,
    dedupeKey: key,
    sender,
    threadKey: channel,
    sentAt: now,
    content: { type: 'reaction', emoji, targetPlatformMessageId: target },
    text: emoji,
    raw: d,
  };
}

/**
 * Turns one Gateway dispatch into events. None for dispatches Omnify does not read (anything but
 * `GATEWAY_EVENTS`), for bots' and webhooks' messages and reactions (`isFromBot`, with the channel's
 * `applicationId`), and for a MESSAGE_UPDATE that is no edit of text (Discord also sends one when it
 * adds a link preview: no `author` or no `edited_timestamp`). A dispatch whose data cannot be read is
 * kept as `unsupported` with the reason. Throws `OMNIFY_ERR_VALIDATION` only when `d` is not an object.
 */
export function parseGatewayDispatch(
  body: JsonObject & { t: string },
  applicationId: string,
  now = new Date(),
): InboundEvent[] {
  const { t, d } = body;
  if (!isJsonObject(d)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Not a Discord Gateway dispatch: /d must be an object', {
      fields: [{ path: '/d', message: 'must be an object' }],
    });
  }
  if (!GATEWAY_EVENTS.has(t) || isFromBot(t, d, [applicationId])) return [];
  try {
    switch (t) {
      case 'MESSAGE_CREATE':
        return normalizeGatewayMessage(d, false, now);
      case 'MESSAGE_UPDATE':
        if (!isJsonObject(d.author) || typeof d.edited_timestamp !== 'string') return [];
        return normalizeGatewayMessage(d, true, now);
      case 'MESSAGE_DELETE':
        return [deletion(d, now)];
      default:
        return [reaction(d, now)];
    }
  } catch (e) {
    if (!isOmnifyError(e)) throw e;
    return [unsupportedDispatch(t, d, now, e.message)];
  }
}
