import { timeFromUnixSeconds } from '../../kernel/dates/platform-time.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { InboundMessage, InboundSender, MediaRef, MessageContent } from '../contract/message.ts';

/**
 * Telegram Bot API payload shapes (the subset Omnify reads) and their translation into the
 * normalized model. Source: Telegram Bot API, "Getting updates" → `Update`, `Message`, `User`,
 * `Chat`, `PhotoSize`, `CallbackQuery` (https://core.telegram.org/bots/api#update). Telegram's
 * `message_id` is unique per chat only, so Omnify's message ids are `<chat.id>:<message_id>`.
 */

/** `User` or `Chat` (fields Omnify reads). A private chat's id equals its user's id; groups and channels have a `title`. */
export interface TelegramPeer {
  id: number;
  type?: string;
  is_bot?: boolean;
  title?: string;
  first_name?: string;
  last_name?: string;
  username?: string;
}

/** The file-like objects (`PhotoSize`, `Voice`, `Audio`, `Video`, `VideoNote`, `Document`, `Sticker`, `Animation`). */
interface TelegramFile {
  file_id: string;
  file_size?: number;
  mime_type?: string;
  file_name?: string;
  width?: number;
  height?: number;
  /** Seconds. */
  duration?: number;
  /** `VideoNote` diameter in pixels. */
  length?: number;
  emoji?: string;
}

/** `Message` (new, edited, channel post or business message). `date`/`edit_date` are unix seconds. */
export interface TelegramMessage {
  message_id: number;
  date: number;
  chat: TelegramPeer;
  from?: TelegramPeer;
  sender_chat?: TelegramPeer;
  edit_date?: number;
  text?: string;
  caption?: string;
  reply_to_message?: { message_id: number };
  [field: string]: unknown;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const isFile = (v: unknown): v is TelegramFile =>
  isRec(v) && typeof v.file_id === 'string' && v.file_id !== '';

/** Fields of `Message` that describe it rather than hold its content (skipped when naming unsupported content). */
const MESSAGE_META = new Set(
  `message_id message_thread_id direct_messages_topic from sender_chat sender_boost_count
  sender_business_bot sender_tag date business_connection_id chat forward_origin forward_from
  forward_from_chat forward_from_message_id forward_signature forward_sender_name forward_date
  is_topic_message is_automatic_forward reply_to_message external_reply quote reply_to_story
  reply_to_checklist_task_id via_bot edit_date has_protected_content is_from_offline is_paid_post
  media_group_id author_signature paid_star_count entities caption caption_entities
  link_preview_options show_caption_above_media has_media_spoiler effect_id reply_markup
  suggested_post_info`.split(/\s+/),
);

/** File-carrying content keys in the order they are checked (`animation` also sets `document`, so it comes first). */
const FILE_KINDS = [
  ['voice', 'voice', 'voice message'],
  ['video_note', 'video', 'video message'],
  ['video', 'video', 'video'],
  ['audio', 'audio', 'audio'],
  ['animation', 'animation', 'animation'],
  ['sticker', 'sticker', 'sticker'],
  ['document', 'document', 'document'],
] as const;

/** Drops undefined properties so normalized objects compare and serialize cleanly. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function fullName(first: unknown, last: unknown): string | undefined {
  const name = [str(first), str(last)].filter(Boolean).join(' ').trim();
  return name || undefined;
}

/** The sender: the user when known, else the posting chat (channel posts, anonymous admins). */
export function senderOf(user: unknown, chat: unknown): InboundSender {
  if (isRec(user) && num(user.id) !== undefined) {
    return compact({
      handle: String(user.id),
      displayName: fullName(user.first_name, user.last_name),
      username: str(user.username),
    });
  }
  if (isRec(chat) && num(chat.id) !== undefined) {
    return compact({
      handle: String(chat.id),
      displayName: str(chat.title) ?? fullName(chat.first_name, chat.last_name),
      username: str(chat.username),
    });
  }
  return { handle: 'telegram' };
}

function mediaRef(f: TelegramFile, caption: string | undefined): MediaRef {
  const side = num(f.length);
  return compact({
    id: f.file_id,
    mimeType: str(f.mime_type),
    fileName: str(f.file_name),
    size: num(f.file_size),
    durationSeconds: num(f.duration),
    width: num(f.width) ?? side,
    height: num(f.height) ?? side,
    caption,
  });
}

/** The largest `PhotoSize` by pixel area, ties broken by `file_size`. */
function largestPhoto(sizes: TelegramFile[]): TelegramFile {
  const area = (p: TelegramFile) => (num(p.width) ?? 0) * (num(p.height) ?? 0);
  return sizes.reduce((best, p) => {
    const d = area(p) - area(best);
    return d > 0 || (d === 0 && (num(p.file_size) ?? 0) > (num(best.file_size) ?? 0)) ? p : best;
  });
}

/** Maps a `Message`'s content to Omnify content plus its plain text (text, caption or a short description). */
export function contentOf(m: TelegramMessage): { content: MessageContent; text: string | null } {
  const caption = str(m.caption);
  if (typeof m.text === 'string') return { content: { type: 'text', text: m.text }, text: m.text };
  if (Array.isArray(m.photo)) {
    const sizes = m.photo.filter(isFile);
    if (sizes.length > 0) {
      const media = mediaRef(largestPhoto(sizes), caption);
      return { content: { type: 'image', media }, text: caption ?? '[photo]' };
    }
  }
  for (const [key, type, label] of FILE_KINDS) {
    const f = m[key];
    if (!isFile(f)) continue;
    const name = str(f.file_name) ?? (key === 'sticker' ? str(f.emoji) : undefined);
    return {
      content: { type, media: mediaRef(f, caption) },
      text: caption ?? (name ? `[${label}: ${name}]` : `[${label}]`),
    };
  }
  const venue = m.venue;
  if (isRec(venue) && isRec(venue.location)) {
    const latitude = num(venue.location.latitude);
    const longitude = num(venue.location.longitude);
    if (latitude !== undefined && longitude !== undefined) {
      const name = str(venue.title);
      const content = compact({
        type: 'location' as const,
        latitude,
        longitude,
        name,
        address: str(venue.address),
      });
      return { content, text: name ? `[venue: ${name}]` : '[venue]' };
    }
  }
  const loc = m.location;
  if (isRec(loc) && num(loc.latitude) !== undefined && num(loc.longitude) !== undefined) {
    const [latitude, longitude] = [num(loc.latitude)!, num(loc.longitude)!];
    return {
      content: { type: 'location', latitude, longitude },
      text: `[location: ${latitude}, ${longitude}]`,
    };
  }
  const contact = m.contact;
  if (isRec(contact) && typeof contact.phone_number === 'string') {
    const name = fullName(contact.first_name, contact.last_name) ?? contact.phone_number;
    return {
      content: { type: 'contacts', contacts: [{ name, phones: [contact.phone_number], emails: [] }] },
      text: `[contact: ${name}]`,
    };
  }
  const platformType = Object.keys(m).find((k) => !MESSAGE_META.has(k)) ?? 'empty';
  return { content: { type: 'unsupported', platformType }, text: caption ?? null };
}

function invalid(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `Not a Telegram update: ${path} ${message}`, {
    fields: [{ path, message }],
  });
}

/** Checks the fields every `Message` has; throws `OMNIFY_ERR_VALIDATION` naming the bad field. */
export function asMessage(v: unknown, path: string): TelegramMessage {
  if (!isRec(v)) throw invalid(path, 'must be an object');
  if (!Number.isInteger(v.message_id)) throw invalid(`${path}/message_id`, 'must be an integer');
  if (num(v.date) === undefined) throw invalid(`${path}/date`, 'must be unix seconds');
  if (!isRec(v.chat) || num(v.chat.id) === undefined) throw invalid(`${path}/chat/id`, 'must be a number');
  return v as TelegramMessage;
}

/**
 * Normalizes a `Message` update. New messages: `platformMessageId = dedupeKey = "<chat.id>:<message_id>"`.
 * Edits keep the original's `platformMessageId`, get `edited: true`, `sentAt` = `edit_date` and
 * `dedupeKey = "<chat.id>:<message_id>:edit:<edit_date>"` so every edit is its own event.
 * A date outside 1970–9999 becomes `now` (receipt time), recorded as `issue.code = timestamp_invalid`.
 */
export function normalizeMessage(m: TelegramMessage, edited: boolean, now = new Date()): InboundMessage {
  const chatId = String(m.chat.id);
  const id = `${chatId}:${m.message_id}`;
  const editDate = num(m.edit_date) ?? m.date;
  const sent = timeFromUnixSeconds(edited ? editDate : m.date, now);
  const { content, text } = contentOf(m);
  const reply = isRec(m.reply_to_message) ? num(m.reply_to_message.message_id) : undefined;
  return compact<InboundMessage>({
    kind: 'message',
    platformMessageId: id,
    dedupeKey: edited ? `${id}:edit:${editDate}` : id,
    // Messages sent on behalf of a chat carry a placeholder `from` (Bot API `Message.from`): prefer `sender_chat`.
    sender: m.sender_chat ? senderOf(undefined, m.sender_chat) : senderOf(m.from, m.chat),
    threadKey: chatId,
    sentAt: sent.at,
    content,
    text,
    replyToPlatformMessageId: reply === undefined ? undefined : `${chatId}:${reply}`,
    edited: edited || undefined,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: m,
  });
}

/**
 * Normalizes a `CallbackQuery` (inline keyboard press): content `callback_query` with `data` as text,
 * thread = the chat of the message carrying the keyboard (else the user's private chat, whose id is the
 * user id), ids `callback:<id>`. Callback queries carry no date, so `sentAt` is the time of receipt.
 */
export function normalizeCallbackQuery(q: unknown, path: string, now: Date): InboundMessage {
  if (!isRec(q) || typeof q.id !== 'string' || q.id === '') throw invalid(`${path}/id`, 'must be a string');
  if (!isRec(q.from) || num(q.from.id) === undefined) throw invalid(`${path}/from/id`, 'must be a number');
  const data = str(q.data) ?? str(q.game_short_name) ?? '';
  const chat = isRec(q.message) && isRec(q.message.chat) ? num(q.message.chat.id) : undefined;
  const key = `callback:${q.id}`;
  return {
    kind: 'message',
    platformMessageId: key,
    dedupeKey: key,
    sender: senderOf(q.from, undefined),
    threadKey: String(chat ?? q.from.id),
    sentAt: now,
    content: { type: 'callback_query', callbackId: q.id, data },
    text: data,
    raw: q,
  };
}

/**
 * Any update kind Omnify does not model (`my_chat_member`, `inline_query`, `poll`, …): one
 * `unsupported` message keyed `update:<update_id>`, sender and thread taken from the object's
 * `from`/`user`/`chat` when present (else the placeholder handle `telegram`); `raw` is the whole update.
 * `reason` (content `reason`) says why a known kind was not read, e.g. a malformed `message`.
 */
export function normalizeOtherUpdate(update: Rec, kind: string, now: Date, reason?: string): InboundMessage {
  const obj = isRec(update[kind]) ? (update[kind] as Rec) : {};
  const user = obj.from ?? obj.user;
  const chat = obj.chat ?? obj.actor_chat ?? obj.voter_chat;
  const sender = senderOf(user, chat);
  const chatId = isRec(chat) ? num(chat.id) : undefined;
  const sent = timeFromUnixSeconds(num(obj.date), now);
  const key = `update:${update.update_id}`;
  return compact<InboundMessage>({
    kind: 'message',
    platformMessageId: key,
    dedupeKey: key,
    sender,
    threadKey: chatId === undefined ? sender.handle : String(chatId),
    sentAt: sent.at,
    content: reason
      ? { type: 'unsupported', platformType: kind, reason }
      : { type: 'unsupported', platformType: kind },
    text: null,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: update,
  });
}

/** Validates the `Update` envelope: an object with an integer `update_id`. Returns the update kind (its one other field). */
export function updateKind(body: unknown): { update: Rec; kind: string | undefined } {
  if (!isRec(body)) throw invalid('/', 'must be a JSON object');
  if (!Number.isInteger(body.update_id)) throw invalid('/update_id', 'must be an integer');
  return { update: body, kind: Object.keys(body).find((k) => k !== 'update_id' && isRec(body[k])) };
}
