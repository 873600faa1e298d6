import { type PlatformTime, timeFromIsoOrSeconds } from '../../kernel/dates/platform-time.ts';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { InboundEvent, InboundMessage, MediaRef, StatusUpdate } from '../contract/message.ts';

/**
 * The inbound side of Omnify's generic signed-webhook protocol (docs/webhook-channel.md, "Inbound
 * events"): a body is one event or `{"events": [...]}`; events are `message` (a contact wrote) or
 * `status` (what happened to a message Omnify sent). This file is the only code that knows them.
 */

/** Media kinds an inbound `message` may carry. */
export const WEBHOOK_MEDIA_KINDS = ['image', 'audio', 'video', 'document'] as const;
export type WebhookMediaKind = (typeof WEBHOOK_MEDIA_KINDS)[number];

/** `type: "message"`. `timestamp` is ISO 8601 or unix seconds (default: time of receipt). */
export interface WebhookMessageEvent {
  type: 'message';
  /** The sender's own id for the message; Omnify deduplicates redeliveries by it. */
  id: string;
  from: { id: string; name?: string };
  /** Conversation key; defaults to `from.id`. Omnify's replies carry it back as `threadId`. */
  threadId?: string;
  timestamp?: string | number;
  text?: string;
  /** `kind` defaults from `mimeType` (`image/*`, `audio/*`, `video/*`, else `document`). */
  media?: { id: string; mimeType?: string; caption?: string; fileName?: string; kind?: WebhookMediaKind };
  /** The `id` of the message this one answers (one of yours, or one Omnify sent). */
  replyTo?: string;
}

/** `type: "status"` for a message Omnify sent; `messageId` is the id your callback answered (or Omnify's `id`). */
export interface WebhookStatusEvent {
  type: 'status';
  messageId: string;
  status: 'delivered' | 'read' | 'failed';
  timestamp?: string | number;
  error?: { code: string; message: string };
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const STATUSES = new Set(['delivered', 'read', 'failed']);

function fail(path: string, message: string): never {
  throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Invalid webhook event: ${path} ${message}`, {
    fields: [{ path, message }],
  });
}

/** A required non-empty string field. */
function need(o: Rec, key: string, path: string): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') fail(`${path}/${key}`, 'must be a non-empty string');
  return v;
}

/** An optional string field (`null` counts as absent). */
function maybe(o: Rec, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') fail(`${path}/${key}`, 'must be a string');
  return v;
}

/** `timestamp`: ISO 8601 string or unix seconds; absent → `now`; unusable → `now` with an issue. */
function timestampOf(o: Rec, now: Date): PlatformTime {
  return timeFromIsoOrSeconds(o.timestamp, now);
}

/** The `issue` of a message whose timestamp was replaced by the time of receipt. */
const timeIssue = (t: PlatformTime) =>
  t.issue ? { issue: { code: 'timestamp_invalid', message: t.issue } } : {};

function mediaKind(kind: string | undefined, mimeType: string | undefined, path: string): WebhookMediaKind {
  if (kind !== undefined) {
    if (!(WEBHOOK_MEDIA_KINDS as readonly string[]).includes(kind)) {
      fail(`${path}/kind`, `must be one of ${WEBHOOK_MEDIA_KINDS.join(', ')}`);
    }
    return kind as WebhookMediaKind;
  }
  const top = mimeType?.split('/')[0];
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'document';
}

/** Sender, thread, ids and date shared by `message` and unknown-type events. */
function envelope(e: Rec, path: string, now: Date) {
  const id = need(e, 'id', path);
  if (!isRec(e.from)) fail(`${path}/from`, 'must be an object with an id');
  const handle = need(e.from, 'id', `${path}/from`);
  const name = maybe(e.from, 'name', `${path}/from`);
  const threadKey = maybe(e, 'threadId', path) || handle;
  const sender = name ? { handle, displayName: name } : { handle };
  const time = timestampOf(e, now);
  return { id, sender, threadKey, sentAt: time.at, ...timeIssue(time) };
}

function messageEvent(e: Rec, path: string, now: Date): InboundMessage {
  const { id, sender, threadKey, sentAt, issue } = envelope(e, path, now);
  const text = maybe(e, 'text', path) || undefined;
  const replyTo = maybe(e, 'replyTo', path) || undefined;
  const base = {
    kind: 'message' as const,
    platformMessageId: id,
    dedupeKey: id,
    sender,
    threadKey,
    sentAt,
    ...(issue ? { issue } : {}),
    raw: e,
  };
  const extra = replyTo ? { replyToPlatformMessageId: replyTo } : {};
  if (e.media !== undefined && e.media !== null) {
    const mp = `${path}/media`;
    if (!isRec(e.media)) fail(mp, 'must be an object');
    const mimeType = maybe(e.media, 'mimeType', mp);
    const caption = maybe(e.media, 'caption', mp);
    const media: MediaRef = { id: need(e.media, 'id', mp) };
    if (mimeType) media.mimeType = mimeType;
    if (caption) media.caption = caption;
    const fileName = maybe(e.media, 'fileName', mp);
    if (fileName) media.fileName = fileName;
    const type = mediaKind(maybe(e.media, 'kind', mp), mimeType, mp);
    return { ...base, content: { type, media }, text: text ?? caption ?? null, ...extra };
  }
  if (text === undefined) fail(`${path}/text`, 'a message needs text or media');
  return { ...base, content: { type: 'text', text }, text, ...extra };
}

function statusEvent(e: Rec, path: string, now: Date): StatusUpdate {
  const platformMessageId = need(e, 'messageId', path);
  const status = need(e, 'status', path);
  if (!STATUSES.has(status)) fail(`${path}/status`, 'must be delivered, read or failed');
  const update: StatusUpdate = {
    kind: 'status',
    platformMessageId,
    status: status as StatusUpdate['status'],
    at: timestampOf(e, now).at,
    raw: e,
  };
  if (isRec(e.error)) {
    const code =
      typeof e.error.code === 'number' ? String(e.error.code) : maybe(e.error, 'code', `${path}/error`);
    const message = maybe(e.error, 'message', `${path}/error`);
    update.error = { code: code || 'unspecified', message: message || 'No error message given' };
  } else if (e.error !== undefined && e.error !== null) {
    fail(`${path}/error`, 'must be an object with code and message');
  }
  if (status === 'failed' && !update.error) {
    update.error = { code: 'unspecified', message: 'The receiver reported a failure without details' };
  }
  return update;
}

/** One event; an unknown `type` with `id` and `from.id` becomes an `unsupported` message, else a validation error. */
function parseEvent(e: unknown, path: string, now: Date): InboundEvent {
  if (!isRec(e)) fail(path || '/', 'must be an event object');
  const type = need(e, 'type', path);
  if (type === 'message') return messageEvent(e, path, now);
  if (type === 'status') return statusEvent(e, path, now);
  if (typeof e.id !== 'string' || !isRec(e.from)) {
    fail(`${path}/type`, `unknown event type "${type}" without id and from`);
  }
  const { id, sender, threadKey, sentAt, issue } = envelope(e, path, now);
  const text = maybe(e, 'text', path) || null;
  const content = { type: 'unsupported' as const, platformType: type };
  return {
    kind: 'message',
    platformMessageId: id,
    dedupeKey: id,
    sender,
    threadKey,
    sentAt,
    content,
    text,
    ...(issue ? { issue } : {}),
    raw: e,
  };
}

/**
 * An invalid `message`-like event of a batch that still names itself (string `id` and `from.id`):
 * kept as `unsupported` content with the validation message as `reason`, so the rest of the batch
 * is stored and the sender sees it in the inbox. Undefined when the event cannot be identified.
 */
function invalidAsUnsupported(e: unknown, err: OmnifyError, now: Date): InboundMessage | undefined {
  if (!isRec(e) || e.type === 'status' || !isRec(e.from)) return undefined;
  const id = e.id;
  const handle = e.from.id;
  if (typeof id !== 'string' || id === '' || typeof handle !== 'string' || handle === '') return undefined;
  const threadKey = typeof e.threadId === 'string' && e.threadId !== '' ? e.threadId : handle;
  const time = timestampOf(e, now);
  return {
    kind: 'message',
    platformMessageId: id,
    dedupeKey: id,
    sender: { handle },
    threadKey,
    sentAt: time.at,
    content: {
      type: 'unsupported',
      platformType: typeof e.type === 'string' ? e.type : 'invalid',
      reason: err.message,
    },
    text: null,
    ...timeIssue(time),
    raw: e,
  };
}

/**
 * Parses a verified webhook-channel body into events, in order. Accepts one event object or
 * `{"events": [...]}`. In a batch, an invalid event that still has a string `id` and `from.id` is
 * kept as `unsupported` content whose `reason` is the validation message (the others are stored);
 * a timestamp that is not a usable time becomes the time of receipt (`issue` `timestamp_invalid`).
 * Throws `OMNIFY_ERR_VALIDATION` (with `details.fields[0].path`, a JSON pointer such as
 * `/events/2/from/id`) when the body is neither, a single event is invalid, or an event of a batch
 * is invalid and has no `id`/`from.id` to keep it under. Protocol: docs/webhook-channel.md.
 */
export function parseWebhookBody(body: unknown, now = new Date()): InboundEvent[] {
  if (!isRec(body)) fail('/', 'must be a JSON object (one event or {"events": [...]})');
  if (body.events !== undefined) {
    if (!Array.isArray(body.events)) fail('/events', 'must be an array of events');
    return body.events.map((e, i) => {
      try {
        return parseEvent(e, `/events/${i}`, now);
      } catch (err) {
        if (!isOmnifyError(err)) throw err;
        const kept = invalidAsUnsupported(e, err, now);
        if (!kept) throw err;
        return kept;
      }
    });
  }
  if (body.type === undefined) fail('/type', 'is required (or send {"events": [...]})');
  return [parseEvent(body, '', now)];
}
