import { createHash } from 'node:crypto';
import { timeFromIsoOrSeconds } from '../../kernel/dates/platform-time.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundMessage, InboundSender, MediaRef, MessageContent } from '../contract/message.ts';

/**
 * The parts of a Bot Framework activity every normalized event shares, and the content of message
 * activities. Source: Bot Framework Activity schema (`id`, `timestamp`, `serviceUrl`, `channelId`,
 * `from`, `conversation`, `recipient`, `text`, `attachments`, `entities`, `replyToId`) and Teams'
 * "Messages in bot conversations" / "Send and receive files" (attachment content types).
 */

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Drops undefined properties so normalized objects compare and serialize cleanly. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** What every event of one activity shares. */
export interface ActivityBase {
  /** The activity id (else a hash of the activity, stable across redeliveries). */
  id: string;
  /** The conversation id, the thread key (placeholder `teams` when the activity has none). */
  conversationId: string;
  /** `{conversation id}|{activity id}`: Teams message ids are unique per conversation only. */
  key: string;
  common: Omit<InboundMessage, 'platformMessageId' | 'dedupeKey' | 'content' | 'text'>;
}

/** The author: `from.id` (Teams `29:…`), with `from.name`. */
function senderOf(a: JsonObject): InboundSender {
  const from = isJsonObject(a.from) ? a.from : {};
  return compact({ handle: str(from.id) ?? 'teams', displayName: str(from.name) });
}

/** The fields shared by every event of `a`; `replyContext.serviceUrl` when it is an http(s) URL. */
export function activityBase(a: JsonObject, now: Date): ActivityBase {
  const conversation = isJsonObject(a.conversation) ? a.conversation : {};
  const conversationId = str(conversation.id) ?? 'teams';
  const id =
    str(a.id) ?? `activity:${createHash('sha256').update(JSON.stringify(a)).digest('hex').slice(0, 32)}`;
  const sent = timeFromIsoOrSeconds(a.timestamp, now);
  const serviceUrl = str(a.serviceUrl);
  return {
    id,
    conversationId,
    key: `${conversationId}|${id}`,
    common: compact({
      kind: 'message' as const,
      sender: senderOf(a),
      threadKey: conversationId,
      sentAt: sent.at,
      issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
      raw: a,
      replyContext: serviceUrl && /^https?:\/\/\S+$/i.test(serviceUrl) ? { serviceUrl } : undefined,
    }),
  };
}

/**
 * The text with the mentions of our own bot (`<at>Name</at>`, the `mention` entities whose
 * `mentioned.id` is the activity's `recipient.id`) removed, as Teams adds one in channels; other
 * mentions stay. Undefined when the activity has no string `text`.
 */
export function textWithoutOwnMention(a: JsonObject): string | undefined {
  if (typeof a.text !== 'string') return undefined;
  const bot = isJsonObject(a.recipient) ? str(a.recipient.id) : undefined;
  let text = a.text;
  for (const e of Array.isArray(a.entities) ? a.entities : []) {
    if (!isJsonObject(e) || e.type !== 'mention' || !isJsonObject(e.mentioned)) continue;
    const mention = str(e.text);
    if (bot && mention && e.mentioned.id === bot) text = text.split(mention).join('');
  }
  return text === a.text ? text : text.trim();
}

const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** One file of a message, as the normalized content of its event. */
type MediaContent = { type: 'image' | 'video' | 'audio' | 'document'; media: MediaRef };

function mediaType(contentType: string): MediaContent['type'] {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('video/')) return 'video';
  if (contentType.startsWith('audio/')) return 'audio';
  return 'document';
}

/**
 * The files of a message as media references (never downloaded): a file sent in a chat
 * (`application/vnd.microsoft.teams.file.download.info`: `media.id` = `content.uniqueId`, the
 * OneDrive item, else `contentUrl`; `media.url` = `content.downloadUrl`, pre-authorized, else
 * `contentUrl`) or an inline image or other file with a `contentUrl` (`media.id` and `media.url` =
 * that URL, fetched later with the bot's token: teams.media.ts). The `text/html` copy of the text,
 * cards and attachments without a reference are not files.
 */
export function mediaOf(a: JsonObject, caption: string | undefined): MediaContent[] {
  const out: MediaContent[] = [];
  for (const att of Array.isArray(a.attachments) ? a.attachments : []) {
    if (!isJsonObject(att)) continue;
    const contentType = str(att.contentType)?.toLowerCase() ?? '';
    const content = isJsonObject(att.content) ? att.content : {};
    if (contentType === FILE_DOWNLOAD_INFO) {
      const id = str(content.uniqueId) ?? str(att.contentUrl);
      const url = str(content.downloadUrl) ?? str(att.contentUrl);
      if (id) out.push({ type: 'document', media: compact({ id, url, fileName: str(att.name), caption }) });
      continue;
    }
    if (contentType === 'text/html' || contentType.startsWith('application/vnd.microsoft.')) continue;
    const url = str(att.contentUrl);
    if (!url) continue;
    const mimeType = /^[a-z]+\/[a-z0-9.+-]+$/.test(contentType) ? contentType : undefined;
    const media = compact({ id: url, url, mimeType, fileName: str(att.name), caption });
    out.push({ type: mediaType(contentType), media });
  }
  return out;
}

/**
 * A message (or an edit of one) as events: one text event, or one event per file (the first keyed
 * `dedupeKey`, further ones `{dedupeKey}:attachment:{n}`, the text as caption), or one `unsupported`
 * event when it holds neither (a card, an empty text).
 */
export function messageEvents(
  a: JsonObject,
  base: ActivityBase,
  dedupeKey: string,
  extra: { edited?: boolean; platformType: string },
): InboundMessage[] {
  const text = textWithoutOwnMention(a);
  const shared = compact({
    ...base.common,
    platformMessageId: base.id,
    replyToPlatformMessageId: str(a.replyToId),
    edited: extra.edited,
  });
  const media = mediaOf(a, text || undefined);
  if (media.length > 0) {
    return media.map((m, i) => ({
      ...shared,
      dedupeKey: i === 0 ? dedupeKey : `${dedupeKey}:attachment:${i}`,
      content: m,
      text: text || (m.media.fileName ? `[file: ${m.media.fileName}]` : '[file]'),
    }));
  }
  if (text === undefined || text.trim() === '') {
    const content: MessageContent = {
      type: 'unsupported',
      platformType: extra.platformType,
      reason: 'the activity has neither text nor files (a card or an empty message)',
    };
    return [{ ...shared, dedupeKey, content, text: null }];
  }
  return [{ ...shared, dedupeKey, content: { type: 'text', text }, text }];
}
