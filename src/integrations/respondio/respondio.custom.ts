import { createHash } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field, isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundMessage } from '../contract/message.ts';
import { compact, idOf, respondioContent, respondioTime } from './respondio.normalize.ts';

/**
 * respond.io's Custom Channel protocol (help.respond.io "Custom Channel Quick Start";
 * respond-io/custom-channel-integration-example). Omnify plays the "custom integration server":
 *
 * - respond.io → Omnify: when a respond.io user, workflow or broadcast sends on the custom channel,
 *   respond.io POSTs `{channelId?, contactId, message: {type, text, …}}` with `Authorization: Bearer
 *   <channel API token>` and expects `{"mId": "<id>"}` (max 50 characters) back.
 * - Omnify → respond.io: `POST https://app.respond.io/custom/channel/webhook/` with the same bearer
 *   token and `{channelId, contactId, events: [{type: "message", mId, timestamp (ms), message: {type:
 *   "text", text}}]}`; respond.io stores it as the contact's message (creating the contact if needed).
 *
 * The docs show no message id in respond.io's own POST: Omnify keys it by an id field if one is
 * present (`mId`, `messageId`), else by a hash of the body, so a redelivered body is stored once (and
 * two identical bodies, were respond.io to send any, would be stored once too).
 */

/** Thread keys of Custom Channel conversations start with this; the rest is respond.io's `contactId`. */
export const CUSTOM_THREAD_PREFIX = 'custom:';
/** The `mId`s Omnify gives the messages it posts to a Custom Channel start with this. */
export const OWN_MID_PREFIX = 'omnify-';
/** The longest `mId` respond.io accepts. */
const MAX_MID = 50;

/** Whether `mId` is one Omnify gave (its own message coming back). */
export const isOwnMid = (mId: string | undefined): boolean => mId?.startsWith(OWN_MID_PREFIX) === true;

/** Whether a webhook body is a Custom Channel delivery (`contactId` and a `message` object, no `event_type`). */
export function isCustomChannelBody(body: JsonObject): boolean {
  return body.event_type === undefined && idOf(body.contactId) !== undefined && isJsonObject(body.message);
}

/** The `mId` of a message Omnify posts: `omnify-{our message id}`, hashed when that would exceed 50 characters. */
export function ownMid(messageId: string): string {
  const plain = `${OWN_MID_PREFIX}${messageId}`;
  if (plain.length <= MAX_MID) return plain;
  return `${OWN_MID_PREFIX}${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`;
}

/**
 * The id of a Custom Channel delivery: its `mId`/`messageId` (top level or in `message`) when it has
 * one, else `cc-` and 40 hex characters of SHA-256 over the body's JSON. Also the `mId` answered.
 */
export function customMessageId(body: JsonObject): string {
  const given = [body.mId, body.messageId, field(body, 'message', 'mId'), field(body, 'message', 'messageId')]
    .map(idOf)
    .find((v) => v !== undefined);
  if (given && given.length <= MAX_MID) return given;
  return `cc-${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40)}`;
}

/**
 * One Custom Channel delivery → one inbound message in the conversation `custom:{contactId}`, its
 * platform id and dedupe key `customMessageId(body)`, sender handle the `contactId`. A `channelId` in
 * the body is kept as `replyContext.customChannelId` for the answer. Time: `timestamp` (ms or s)
 * when present, else receipt.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when `contactId` is missing or longer than 50 characters.
 */
export function parseCustomChannel(body: JsonObject, now: Date): InboundMessage {
  const contactId = idOf(body.contactId);
  if (!contactId || contactId.length > MAX_MID) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Not a respond.io Custom Channel message: bad contactId', {
      fields: [{ path: '/contactId', message: 'must be a respond.io contact id (at most 50 characters)' }],
    });
  }
  const id = customMessageId(body);
  const sent = respondioTime(body.timestamp ?? field(body, 'message', 'timestamp'), now);
  const { content, text } = respondioContent(body.message);
  const channelId = idOf(body.channelId);
  return compact<InboundMessage>({
    kind: 'message',
    platformMessageId: id,
    dedupeKey: id,
    sender: { handle: contactId },
    threadKey: `${CUSTOM_THREAD_PREFIX}${contactId}`,
    sentAt: sent.at,
    content,
    text,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: body,
    replyContext: channelId ? { customChannelId: channelId } : undefined,
  });
}

/** The JSON body Omnify posts to the Custom Channel webhook for one text message (`timestampMs`: epoch ms). */
export function customChannelBody(
  channelId: string,
  contactId: string,
  mId: string,
  text: string,
  timestampMs: number,
): Record<string, unknown> {
  return {
    channelId,
    contactId,
    events: [{ type: 'message', mId, timestamp: timestampMs, message: { type: 'text', text } }],
  };
}
