import { type PlatformTime, timeFromUnixSeconds } from '../../kernel/dates/platform-time.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundSender, MediaRef, MessageContent } from '../contract/message.ts';

/**
 * respond.io's message object (`message.message` of a `message.received` webhook event, `message` of
 * a Custom Channel delivery) turned into the normalized content. Shapes: `{type: "text", text}`,
 * `{type: "attachment", attachment: {type: "image"|"video"|"audio"|"file", url, fileName?, mimeType?,
 * size?}}`, `{type: "location", latitude, longitude, address?}`, `{type: "email", subject, text}`,
 * `{type: "story_reply", text}` (respond-io/n8n-integration: the send formatter and the trigger's
 * message types; the webhook's attachment fields as third-party receivers document them).
 */

export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A string or finite number as a string (respond.io ids are numbers, custom ids strings). */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return str(v);
}

/** Drops undefined properties so normalized objects compare and serialize cleanly. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Types whose `text` is what the contact wrote. */
const TEXT_TYPES = new Set(['text', 'email', 'story_reply']);

const MEDIA: Record<string, 'image' | 'video' | 'audio' | 'document'> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'document',
};

/** Normalized content and its plain text. */
export interface RespondioContent {
  content: MessageContent;
  text: string | null;
}

function unsupported(platformType: string, reason?: string): RespondioContent {
  return {
    content: reason ? { type: 'unsupported', platformType, reason } : { type: 'unsupported', platformType },
    text: null,
  };
}

function attachment(a: JsonObject): RespondioContent {
  const url = str(a.url);
  const kind = str(a.type) ?? 'file';
  if (!url) return unsupported('message:attachment', 'the attachment has no url');
  // respond.io gives a URL, not a media id: the URL is the reference kept (downloaded on demand by
  // respondio.media.ts, never here).
  const media: MediaRef = compact({
    id: url,
    url,
    mimeType: str(a.mimeType),
    fileName: str(a.fileName),
    size: num(a.size),
    caption: str(a.description),
  });
  const name = media.fileName;
  return {
    content: { type: MEDIA[kind] ?? 'document', media },
    text: media.caption ?? (name ? `[${kind}: ${name}]` : `[${kind}]`),
  };
}

/**
 * The content of one respond.io message object. Text-bearing types (`text`, `email`, `story_reply`)
 * → `text`; `attachment` → `image`/`video`/`audio`/`document` with the URL as media id; `location`
 * with finite coordinates → `location`; anything else (or a known type missing its fields) →
 * `unsupported` `message:<type>`. Never throws.
 */
export function respondioContent(m: unknown): RespondioContent {
  if (!isJsonObject(m)) return unsupported('message', 'the message is not an object');
  const type = str(m.type) ?? 'unknown';
  if (TEXT_TYPES.has(type)) {
    const text = typeof m.text === 'string' ? m.text : undefined;
    if (text === undefined) return unsupported(`message:${type}`, 'the message has no text');
    return { content: { type: 'text', text }, text };
  }
  if (type === 'attachment') {
    return isJsonObject(m.attachment)
      ? attachment(m.attachment)
      : unsupported('message:attachment', 'the message has no attachment object');
  }
  if (type === 'location') {
    const latitude = num(m.latitude);
    const longitude = num(m.longitude);
    if (latitude === undefined || longitude === undefined) {
      return unsupported('message:location', 'the location has no numeric latitude/longitude');
    }
    const address = str(m.address);
    return {
      content: compact({ type: 'location', latitude, longitude, address, name: str(m.title) }),
      text: address ?? `[location: ${latitude}, ${longitude}]`,
    };
  }
  return unsupported(`message:${type}`);
}

/**
 * A respond.io time: epoch milliseconds or seconds, both of which occur in its webhook samples. A
 * value of at least 10^11 is read as milliseconds (10^11 seconds would be the year 5138; 10^11 ms is
 * March 1973, before respond.io existed).
 * Missing → `receivedAt` without an issue; unusable → `receivedAt` with the reason.
 */
export function respondioTime(v: unknown, receivedAt: Date): PlatformTime {
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) >= 1e11) {
    return timeFromUnixSeconds(v / 1000, receivedAt);
  }
  return timeFromUnixSeconds(v, receivedAt);
}

/** An E.164 number (`+` and 6–15 digits), else undefined. */
function e164(v: unknown): string | undefined {
  const s = str(v);
  return s && /^\+\d{6,15}$/.test(s) ? s : undefined;
}

/**
 * The sender of a Developer-API event: `handle` is the thread key (`id:{contact id}`), names and phone
 * from the event's `contact` object (`firstName`, `lastName`, `phone`).
 */
export function respondioSender(handle: string, contact: JsonObject): InboundSender {
  const name = [str(contact.firstName), str(contact.lastName)].filter(Boolean).join(' ');
  return compact({ handle, displayName: name || undefined, phoneE164: e164(contact.phone) });
}
