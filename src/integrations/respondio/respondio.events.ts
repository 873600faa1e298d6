import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundEvent, InboundMessage, StatusUpdate } from '../contract/message.ts';
import { isOwnMid } from './respondio.custom.ts';
import {
  compact,
  idOf,
  respondioContent,
  respondioSender,
  respondioTime,
  str,
} from './respondio.normalize.ts';

/**
 * respond.io's webhook events (Settings → Integrations → Webhooks; the Developer API v2 webhook
 * payloads): `{event_type, event_id, contact: {id, firstName, lastName, phone, …}, message:
 * {messageId, channelMessageId, contactId, channelId, traffic: "incoming"|"outgoing", timestamp,
 * message: {type, …}, status?: [{value, timestamp, message?}]}, channel: {id, name, source}, sender?:
 * {source: "contact"|"user"|"api"|"workflow"|…}}`. Event types: `message.received`, `message.sent`,
 * `contact.*`, `conversation.opened|closed`, `comment.created`, `call.ended` (respond-io/n8n-integration
 * trigger events; activepieces' respond.io piece samples "based on their docs"; third-party receivers'
 * tests). Written from those, not from captured deliveries.
 */

/** Thread key of a Developer-API contact: respond.io's own identifier form, `id:{contact id}`. */
export const contactThreadKey = (contactId: string): string => `id:${contactId}`;

function invalid(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `Not a respond.io webhook event: ${path} ${message}`, {
    fields: [{ path, message }],
  });
}

/** respond.io delivery statuses → ours (`pending` has none: the message is still `queued`/`sent`). */
const STATUS: Record<string, StatusUpdate['status'] | undefined> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  failed: 'failed',
};

/**
 * A `message.sent` event: a message sent from respond.io, Omnify's own sends included. Never a message
 * to store or answer (it is not the contact's); its latest known status (`message.status[]`, last
 * entry with a status we model) becomes a status update of `messageId`, which moves the status of
 * Omnify's message with that platform id and is ignored for messages Omnify did not send.
 */
function sentStatus(m: JsonObject, now: Date): InboundEvent[] {
  const id = idOf(m.messageId);
  const history = Array.isArray(m.status) ? m.status.filter(isJsonObject) : [];
  const last = [...history].reverse().find((s) => STATUS[str(s.value) ?? ''] !== undefined);
  if (!id || !last) return [];
  const status = STATUS[str(last.value)!]!;
  return [
    compact<StatusUpdate>({
      kind: 'status',
      platformMessageId: id,
      status,
      at: respondioTime(last.timestamp, now).at,
      error:
        status === 'failed'
          ? { code: 'failed', message: str(last.message) ?? 'respond.io reports the message failed' }
          : undefined,
      raw: m,
    }),
  ];
}

/**
 * A `message.received` event → one inbound message in the conversation `id:{contactId}`, keyed by
 * respond.io's `messageId` (else `event:{event_id}`). `replyContext.channelId` keeps the respond.io
 * channel the contact wrote on, so the answer goes out on it. Produces nothing for an `outgoing` item
 * (only `message.sent` reports those) and for the echo of a message Omnify posted through the Custom
 * Channel (its `channelMessageId` is the `mId` Omnify gave it).
 */
function received(body: JsonObject, m: JsonObject, now: Date): InboundEvent[] {
  if (m.traffic === 'outgoing') return sentStatus(m, now);
  if (isOwnMid(idOf(m.channelMessageId))) return [];
  const contact = isJsonObject(body.contact) ? body.contact : {};
  const contactId = idOf(m.contactId) ?? idOf(contact.id);
  if (!contactId) throw invalid('/message/contactId', 'must be a contact id');
  const eventId = str(body.event_id);
  const id = idOf(m.messageId) ?? (eventId ? `event:${eventId}` : undefined);
  if (!id) throw invalid('/message/messageId', 'must be a message id');
  const threadKey = contactThreadKey(contactId);
  const sent = respondioTime(m.timestamp, now);
  const { content, text } = respondioContent(m.message);
  const channelId = idOf(m.channelId) ?? (isJsonObject(body.channel) ? idOf(body.channel.id) : undefined);
  return [
    compact<InboundMessage>({
      kind: 'message',
      platformMessageId: id,
      dedupeKey: id,
      sender: respondioSender(threadKey, contact),
      threadKey,
      sentAt: sent.at,
      content,
      text,
      issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
      raw: body,
      replyContext: channelId ? { channelId } : undefined,
    }),
  ];
}

/**
 * Turns one verified respond.io webhook event into Omnify events: `message.received` → a message (see
 * `received`), `message.sent` → at most one status update (see `sentStatus`), any other event type
 * (contact, conversation, comment, call events) → none: they are acknowledged and not stored.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when a message event has no `message` object, no contact
 *   id, or neither a `messageId` nor an `event_id` to keep it under.
 */
export function parseRespondioEvent(body: JsonObject, eventType: string, now: Date): InboundEvent[] {
  if (eventType !== 'message.received' && eventType !== 'message.sent') return [];
  const m = body.message;
  if (!isJsonObject(m)) throw invalid('/message', 'must be an object');
  return eventType === 'message.sent' ? sentStatus(m, now) : received(body, m, now);
}
