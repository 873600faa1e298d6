import { timeFromIsoOrSeconds } from '../../kernel/dates/platform-time.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, isJsonObject, type JsonObject, stringField } from '../../kernel/http-client/json-field.ts';
import type { InboundEvent, InboundMessage, MessageContent } from '../contract/message.ts';

/** What every web chat envelope carries: who wrote, in which conversation, received when. */
interface WebchatEnvelopeBase {
  object: 'webchat';
  /** The conversation: `<channel id>:<visitor handle>` (unique across channels, see webchat.adapter.ts). */
  threadKey: string;
  visitor: {
    /** The visitor's identity handle: the session id, or `user:<userId>` for a signed identity. */
    handle: string;
    name?: string;
  };
  /** When Omnify received it (ISO 8601): the visitor's clock is never trusted. */
  receivedAt: string;
}

/** A visitor message. */
export interface WebchatMessageEnvelope extends WebchatEnvelopeBase {
  type: 'message';
  message: {
    /** The widget's id of the message (`[A-Za-z0-9_-]{8,64}`): a retry with the same id is stored once. */
    id: string;
    /** The text; for a file, its caption (may be empty). */
    text: string;
    /**
     * A file the visitor attached, already checked (size, type) and kept in the media store by the
     * web chat module, which hands its bytes to the ingest beside the envelope (`CarriedFiles`,
     * under the media id `message.id`).
     */
    file?: WebchatFile;
  };
}

/** A visitor's file as the envelope describes it. */
export interface WebchatFile {
  /** `image` (shown inline) or `document` (a download). */
  kind: 'image' | 'document';
  /** The checked content type (`image/png`, `application/pdf`). */
  type: string;
  /** The name the visitor's file had, without any path. */
  name?: string;
  /** Bytes. */
  size: number;
}

/** The widget showed (`delivered`) or the visitor saw (`read`) answers, by their platform ids. */
export interface WebchatReceiptEnvelope extends WebchatEnvelopeBase {
  type: 'receipt';
  receipt: { status: 'delivered' | 'read'; messageIds: string[] };
}

/**
 * The body the web chat module hands to `parse`: one visitor message or one receipt. It is built by
 * Omnify from a widget request it has authenticated (session token, allowed origin) and validated,
 * never taken from the network as is; `parse` still reads it defensively, as every adapter reads
 * its platform's payload. Protocol of the widget: docs/channels/webchat.md.
 */
export type WebchatEnvelope = WebchatMessageEnvelope | WebchatReceiptEnvelope;

/**
 * The key that makes a widget retry idempotent: one per conversation and widget message id
 * (`<thread key>:<message id>`), so two visitors' ids never collide within a channel.
 */
export function webchatDedupeKey(threadKey: string, clientMessageId: string): string {
  return `${threadKey}:${clientMessageId}`;
}

function envelopeError(what: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `Not a web chat envelope: ${what}.`, {
    fields: [{ path: '/', message: what }],
  });
}

/** A receipt's status updates: one per string id, none for an unknown status. */
function receiptEvents(body: JsonObject, at: Date): InboundEvent[] {
  const status = field(body, 'receipt', 'status');
  const ids = field(body, 'receipt', 'messageIds');
  if ((status !== 'delivered' && status !== 'read') || !Array.isArray(ids)) return [];
  return ids
    .filter((id): id is string => typeof id === 'string' && id !== '')
    .map((id) => ({ kind: 'status', platformMessageId: id, status, at, raw: { status, messageId: id } }));
}

/**
 * The content of a message envelope's `file` (an object with `kind` `image` or `document`): a
 * media reference under the media id `id` (the widget's message id, which is also the key of the
 * file's bytes the web chat module hands to the ingest), with the caption `text` when not blank,
 * and the history text (`[image: name]`, `[file: name]`, else the caption); undefined otherwise.
 */
function fileContent(
  body: JsonObject,
  id: string,
  text: string | undefined,
): { content: MessageContent; text: string } | undefined {
  const kind = field(body, 'message', 'file', 'kind');
  if (kind !== 'image' && kind !== 'document') return undefined;
  const name = stringField(body, 'message', 'file', 'name');
  const type = stringField(body, 'message', 'file', 'type');
  const size = field(body, 'message', 'file', 'size');
  const caption = text && text.trim() !== '' ? text : undefined;
  const media = {
    id,
    ...(type ? { mimeType: type } : {}),
    ...(name ? { fileName: name } : {}),
    ...(typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? { size } : {}),
    ...(caption ? { caption } : {}),
  };
  const label = kind === 'image' ? 'image' : 'file';
  return {
    content: { type: kind, media },
    text: caption ?? (name ? `[${label}: ${name}]` : `[${label}]`),
  };
}

/**
 * One {@link WebchatEnvelope} → events. A message: with a `file`, an `image` or `document` media
 * reference ({@link fileContent}); else text content for a non-empty string `text`,
 * `unsupported` for a missing or blank text; `platformMessageId` is the widget's message id,
 * `dedupeKey` {@link webchatDedupeKey}; `sentAt` the receipt time (`now` when unreadable, with an
 * `issue`). A receipt: one `delivered` or `read` status update per message id (none for another
 * status). Another `type` with a message id: an `unsupported` message.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `body` is not an object with `object: "webchat"`,
 * a thread key and a visitor handle, or when a non-receipt has no message id.
 */
export function parseWebchatEnvelope(body: unknown, now: Date): InboundEvent[] {
  if (!isJsonObject(body) || body.object !== 'webchat') throw envelopeError('object is not "webchat"');
  const threadKey = stringField(body, 'threadKey');
  const handle = stringField(body, 'visitor', 'handle');
  if (!threadKey || !handle) throw envelopeError('threadKey and visitor.handle are required');
  const sent = timeFromIsoOrSeconds(field(body, 'receivedAt'), now);
  const type = field(body, 'type');
  if (type === 'receipt') return receiptEvents(body, sent.at);
  const id = stringField(body, 'message', 'id');
  if (!id) throw envelopeError('message.id is required');
  const text = stringField(body, 'message', 'text');
  let content: MessageContent;
  const file = type === 'message' ? fileContent(body, id, text) : undefined;
  if (file) {
    content = file.content;
  } else if (type !== 'message') {
    content = { type: 'unsupported', platformType: typeof type === 'string' && type ? type : 'unknown' };
  } else if (text && text.trim() !== '') {
    content = { type: 'text', text };
  } else {
    content = { type: 'unsupported', platformType: 'message', reason: 'no text' };
  }
  const name = stringField(body, 'visitor', 'name');
  const msg: InboundMessage = {
    kind: 'message',
    platformMessageId: id,
    dedupeKey: webchatDedupeKey(threadKey, id),
    sender: { handle, ...(name ? { displayName: name } : {}) },
    threadKey,
    sentAt: sent.at,
    content,
    text: file ? file.text : content.type === 'text' ? content.text : null,
    raw: body,
  };
  if (sent.issue) msg.issue = { code: 'timestamp_invalid', message: sent.issue };
  return [msg];
}
