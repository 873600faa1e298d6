import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type {
  InboundEvent,
  InboundMessage,
  InboundSender,
  MediaRef,
  MessageContent,
  StatusUpdate,
} from '../contract/message.ts';

/*
 * Twilio Programmable Messaging webhooks, normalized. Sources: Twilio docs "Twilio's request to your
 * incoming message Webhook URL" (MessageSid, From, To, Body, NumMedia, MediaUrl{N},
 * MediaContentType{N}; WhatsApp: ProfileName, WaId, ButtonText, ButtonPayload, Latitude, Longitude,
 * Address, Label, OriginalRepliedMessageSid, MessageType) and "Outbound message status in status
 * callbacks" (MessageSid, MessageStatus, ErrorCode, ErrorMessage). Neither carries a time: events
 * are dated at receipt.
 */

/** Channel prefixes of Twilio addresses (`whatsapp:+1555…`); the part after it is the handle. */
const ADDRESS_PREFIX = /^([a-z]+):/i;
const E164 = /^\+[1-9]\d{1,14}$/;

/** Status callback values → our delivery statuses; absent ones (queued, accepted, sending, scheduled, received…) give no event. */
const STATUS_MAP: Record<string, StatusUpdate['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** The first string value of a parameter (a repeated name keeps its first value); undefined otherwise. */
function param(p: JsonObject, name: string): string | undefined {
  const v = Object.hasOwn(p, name) ? p[name] : undefined;
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** A parameter that must be a non-empty string. */
function nonEmpty(p: JsonObject, name: string): string | undefined {
  const v = param(p, name)?.trim();
  return v ? v : undefined;
}

/** `address` without its channel prefix: `whatsapp:+1555…` → `+1555…`. */
export function bareAddress(address: string): string {
  return address.replace(ADDRESS_PREFIX, '');
}

/** The channel prefix of an address (`whatsapp:`), or '' for a plain phone number. */
export function addressPrefix(address: string): string {
  return ADDRESS_PREFIX.exec(address)?.[0] ?? '';
}

function mediaKind(mimeType: string | undefined): 'image' | 'audio' | 'video' | 'document' {
  const top = mimeType?.split('/')[0]?.toLowerCase();
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'document';
}

/** `MediaUrl0`/`MediaContentType0` as a reference (the URL is Twilio's id for it; downloaded on demand: twilio.media.ts). */
function firstMedia(p: JsonObject): MediaRef | undefined {
  const url = nonEmpty(p, 'MediaUrl0');
  if (!url) return undefined;
  const mimeType = nonEmpty(p, 'MediaContentType0');
  return { id: url, ...(mimeType ? { mimeType } : {}) };
}

/** The number, when `s` is a finite decimal (Twilio sends coordinates as strings). */
function coordinate(s: string | undefined, limit: number): number | undefined {
  if (s === undefined || !/^\s*[-+]?\d+(\.\d+)?\s*$/.test(s)) return undefined;
  const n = Number(s);
  return Math.abs(n) <= limit ? n : undefined;
}

/** Content and plain text of an inbound message, from the richest part it carries. */
function contentOf(p: JsonObject): { content: MessageContent; text: string | null } {
  const body = param(p, 'Body') ?? '';
  const media = firstMedia(p);
  if (media) {
    if (body) media.caption = body;
    const count = Number(param(p, 'NumMedia'));
    const more = Number.isInteger(count) && count > 1 ? ` (+${count - 1} more attachments)` : '';
    return { content: { type: mediaKind(media.mimeType), media }, text: body ? `${body}${more}` : null };
  }
  const latitude = coordinate(param(p, 'Latitude'), 90);
  const longitude = coordinate(param(p, 'Longitude'), 180);
  if (latitude !== undefined && longitude !== undefined) {
    const name = nonEmpty(p, 'Label');
    const address = nonEmpty(p, 'Address');
    return {
      content: {
        type: 'location',
        latitude,
        longitude,
        ...(name ? { name } : {}),
        ...(address ? { address } : {}),
      },
      text: name ?? address ?? null,
    };
  }
  const payload = nonEmpty(p, 'ButtonPayload');
  const title = param(p, 'ButtonText') ?? '';
  if (payload || title.trim()) {
    const kind = param(p, 'MessageType') === 'interactive' ? 'button' : 'quick_reply';
    return {
      content: { type: 'interactive_reply', kind, replyId: payload ?? title, title },
      text: title || null,
    };
  }
  const type = nonEmpty(p, 'MessageType');
  if (!body && type && type !== 'text') {
    return {
      content: { type: 'unsupported', platformType: type, reason: 'no Body, media, location or button' },
      text: null,
    };
  }
  return { content: { type: 'text', text: body }, text: body };
}

/** The sender: handle = the address without `whatsapp:`, E.164 phone when it is one, WhatsApp profile name. */
function senderOf(p: JsonObject, from: string): InboundSender {
  const handle = bareAddress(from);
  const displayName = nonEmpty(p, 'ProfileName');
  return {
    handle,
    ...(E164.test(handle) ? { phoneE164: handle } : {}),
    ...(displayName ? { displayName } : {}),
  };
}

function statusEvent(p: JsonObject, sid: string, messageStatus: string, now: Date): InboundEvent[] {
  const key = messageStatus.toLowerCase();
  const status = Object.hasOwn(STATUS_MAP, key) ? STATUS_MAP[key] : undefined;
  if (!status) return [];
  const event: StatusUpdate = { kind: 'status', platformMessageId: sid, status, at: now, raw: p };
  if (status === 'failed') {
    const code = nonEmpty(p, 'ErrorCode') ?? key;
    const message = nonEmpty(p, 'ErrorMessage') ?? `Twilio reported the message ${messageStatus}`;
    event.error = { code, message };
  }
  return [event];
}

/**
 * Turns one decoded Twilio webhook (form parameters, see `decodeForm`) into events:
 * - a status callback (`MessageStatus` present): `sent`, `delivered`, `read`, or `failed` for
 *   `failed`/`undelivered`/`canceled` with `error.code` = Twilio's `ErrorCode` (else the status)
 *   and `ErrorMessage`; the other statuses (queued, sending, …) give no event;
 * - an inbound message: `platformMessageId` = `dedupeKey` = `MessageSid` (else `SmsSid`), sender
 *   handle = `From` without `whatsapp:` (`phoneE164` when E.164, WhatsApp `ProfileName`), thread key
 *   = `From` as Twilio needs it to answer (`whatsapp:` kept), content from the first media
 *   (reference: `MediaUrl0`, `MediaContentType0`), a WhatsApp location, a button tap, else `Body`;
 *   `OriginalRepliedMessageSid` → `replyToPlatformMessageId`;
 * - a message from `ownAddress` (our own number, e.g. a status callback URL set as the incoming URL):
 *   an echo of our send, never stored: no event.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the body is not an object of parameters, has no
 *   `MessageSid`/`SmsSid`, or (a message) no `From`.
 */
export function parseTwilioWebhook(body: unknown, ownAddress: string, now = new Date()): InboundEvent[] {
  if (!isJsonObject(body)) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'A Twilio webhook is a set of form parameters.');
  }
  const sid = nonEmpty(body, 'MessageSid') ?? nonEmpty(body, 'SmsSid');
  if (!sid) throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The Twilio webhook has no MessageSid.');
  const messageStatus = nonEmpty(body, 'MessageStatus');
  if (messageStatus) return statusEvent(body, sid, messageStatus, now);
  const from = nonEmpty(body, 'From');
  if (!from) throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The Twilio message has no From.');
  if (bareAddress(from) === bareAddress(ownAddress)) return [];
  const { content, text } = contentOf(body);
  const replyTo = nonEmpty(body, 'OriginalRepliedMessageSid');
  const message: InboundMessage = {
    kind: 'message',
    platformMessageId: sid,
    dedupeKey: sid,
    sender: senderOf(body, from),
    threadKey: from,
    sentAt: now,
    content,
    text,
    ...(replyTo ? { replyToPlatformMessageId: replyTo } : {}),
    raw: body,
  };
  return [message];
}
