import { timeFromIsoOrSeconds } from '../../kernel/dates/platform-time.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundMessage, InboundSender, MediaRef, MessageContent } from '../contract/message.ts';
import { compact } from './discord.normalize.ts';

/**
 * Discord message objects as the Gateway dispatches them (`MESSAGE_CREATE`, `MESSAGE_UPDATE`) in the
 * normalized model. Source: Discord docs, "Resources > Message" (message object, types, attachment
 * object, sticker item object, message reference) and "Events > Gateway Events > Message Create"
 * (the message object plus `guild_id`, `member` and `mentions`).
 */

const SNOWFLAKE = /^\d{1,20}$/;
/** Message types a person writes: DEFAULT (0) and REPLY (19). Others are system messages. */
const PERSON_TYPES = new Set([0, 19]);
/** `message_reference.type` of a forwarded message (not a reply). */
const REFERENCE_FORWARD = 1;
/** Sticker `format_type` → MIME type (1 PNG, 2 APNG, 3 LOTTIE, 4 GIF). */
const STICKER_MIME: Record<number, string> = {
  1: 'image/png',
  2: 'image/apng',
  3: 'application/json',
  4: 'image/gif',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const snowflake = (v: unknown): string | undefined =>
  typeof v === 'string' && SNOWFLAKE.test(v) ? v : undefined;

/** A dispatch's data that cannot be read: the caller keeps the event as `unsupported` with this reason. */
export function unreadable(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `Unreadable Discord event: ${path} ${message}`, {
    fields: [{ path, message }],
  });
}

/** The author as a sender: server nickname, else global name, else username for the display name. */
export function senderOfUser(user: JsonObject, member: unknown): InboundSender | undefined {
  const id = snowflake(user.id);
  if (!id) return undefined;
  const nick = isJsonObject(member) ? str(member.nick) : undefined;
  return compact({
    handle: id,
    displayName: nick ?? str(user.global_name) ?? str(user.username),
    username: str(user.username),
  });
}

/** Message flag IS_VOICE_MESSAGE (1 << 13): the audio attachment is a voice message. */
const FLAG_VOICE = 1 << 13;

const mediaType = (
  mime: string | undefined,
  voice: boolean,
): 'image' | 'video' | 'audio' | 'voice' | 'document' => {
  const top = mime?.split('/')[0];
  if (top === 'audio' && voice) return 'voice';
  return top === 'image' || top === 'video' || top === 'audio' ? top : 'document';
};

/** One attachment as a reference with its CDN `url` (downloaded on demand: discord.media.ts). */
function attachmentRef(a: JsonObject, caption: string | undefined): MediaRef {
  return compact({
    id: str(a.id) ?? 'attachment',
    url: str(a.url),
    mimeType: str(a.content_type),
    fileName: str(a.filename),
    size: num(a.size),
    width: num(a.width),
    height: num(a.height),
    durationSeconds: num(a.duration_secs),
    caption,
  });
}

/** The first sticker as a reference, when the message has no text and no files. */
function stickerOf(d: JsonObject): MessageContent | undefined {
  const s = Array.isArray(d.sticker_items) ? d.sticker_items.find(isJsonObject) : undefined;
  const id = s ? str(s.id) : undefined;
  if (!s || !id) return undefined;
  const media = compact({ id, fileName: str(s.name), mimeType: STICKER_MIME[num(s.format_type) ?? 0] });
  return { type: 'sticker', media };
}

/**
 * One Discord message as inbound messages: its text (`content`), each attachment as a media
 * reference (the first captioned with the text), or its first sticker. `platformMessageId` is the
 * message id; `dedupeKey` the id for the first event, `<id>:file:<attachment id>` for further files,
 * and `<id>:edit:<edited_timestamp>` for an edit (`edited: true`, text only). `threadKey` is
 * `channel_id` (a server channel, a thread or a DM channel: answers go there); a reply (type 19)
 * links `message_reference.message_id`. System messages (joins, pins, boosts…) and messages that
 * arrive empty (no Message Content intent: Discord blanks `content`, `attachments` and `embeds`
 * except in DMs and messages that mention the bot) are kept as `unsupported` with the reason.
 *
 * Throws `OMNIFY_ERR_VALIDATION` (see `unreadable`) when `id`, `channel_id` or `author.id` is not a
 * snowflake; the caller keeps such an event as `unsupported`.
 */
export function normalizeGatewayMessage(d: JsonObject, edited: boolean, now: Date): InboundMessage[] {
  const id = snowflake(d.id);
  if (!id) throw unreadable('/d/id', 'must be a snowflake string');
  const channel = snowflake(d.channel_id);
  if (!channel) throw unreadable('/d/channel_id', 'must be a snowflake string');
  const sender = isJsonObject(d.author) ? senderOfUser(d.author, d.member) : undefined;
  if (!sender) throw unreadable('/d/author/id', 'must be a snowflake string');
  const sent = timeFromIsoOrSeconds(edited ? (d.edited_timestamp ?? d.timestamp) : d.timestamp, now);
  const reference = isJsonObject(d.message_reference) ? d.message_reference : {};
  const base = compact<InboundMessage>({
    kind: 'message',
    platformMessageId: id,
    dedupeKey: edited ? `${id}:edit:${str(d.edited_timestamp) ?? sent.at.toISOString()}` : id,
    sender,
    threadKey: channel,
    sentAt: sent.at,
    content: { type: 'unsupported', platformType: 'message' },
    text: null,
    replyToPlatformMessageId:
      reference.type === REFERENCE_FORWARD ? undefined : snowflake(field(reference, 'message_id')),
    edited: edited || undefined,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: d,
  });
  const type = num(d.type) ?? 0;
  if (!PERSON_TYPES.has(type)) {
    const reason = `Discord system message of type ${type}`;
    return [{ ...base, content: { type: 'unsupported', platformType: `message_type_${type}`, reason } }];
  }
  const text = str(d.content);
  const files = edited || !Array.isArray(d.attachments) ? [] : d.attachments.filter(isJsonObject);
  const voice = ((num(d.flags) ?? 0) & FLAG_VOICE) !== 0;
  if (files.length > 0) {
    return files.map((a, i) => {
      const media = attachmentRef(a, i === 0 ? text : undefined);
      return {
        ...base,
        dedupeKey: i === 0 ? base.dedupeKey : `${id}:file:${media.id}`,
        content: { type: mediaType(media.mimeType, voice), media },
        text: (i === 0 ? text : undefined) ?? `[file: ${media.fileName ?? media.id}]`,
      };
    });
  }
  if (text) return [{ ...base, content: { type: 'text', text }, text }];
  const sticker = edited ? undefined : stickerOf(d);
  if (sticker && sticker.type === 'sticker') {
    return [{ ...base, content: sticker, text: `[sticker: ${sticker.media.fileName ?? sticker.media.id}]` }];
  }
  const reason =
    'the message arrived without content, files or stickers (Discord blanks them without the Message Content intent, except in DMs and mentions of the bot)';
  return [{ ...base, content: { type: 'unsupported', platformType: 'message_empty', reason } }];
}
