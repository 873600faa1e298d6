import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { isJsonObject } from '../../kernel/http-client/json-field.ts';
import type { ChannelAdapter, WebhookResponse } from '../contract/channel-adapter.ts';
import type { InboundEvent } from '../contract/message.ts';
import { customMessageId, isCustomChannelBody, parseCustomChannel } from './respondio.custom.ts';
import { parseRespondioEvent } from './respondio.events.ts';
import { downloadRespondioAttachment } from './respondio.media.ts';
import { RESPONDIO_API_BASE_URL, sendRespondioMessage } from './respondio.send.ts';
import { verifyRespondio } from './respondio.verify.ts';

export { RESPONDIO_API_BASE_URL } from './respondio.send.ts';

/**
 * Channel config. `apiToken`, `channelToken` and the Custom Channel's id are named as respond.io
 * names them ("Developer API" access token; the Custom Channel dialog's "API Token" and "Channel
 * ID"); `signingKey` is the key respond.io shows for a webhook; `webhookToken` is Omnify's own.
 */
export const RespondioConfigSchema = Type.Object({
  apiToken: Type.String({
    minLength: 1,
    description:
      'Developer API access token (Settings → Integrations → Developer API); sends replies (secret).',
  }),
  channelToken: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'Custom Channel API Token: authenticates respond.io’s calls and Omnify’s posts (secret).',
    }),
  ),
  customChannelId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 100, description: 'Custom Channel "Channel ID".' }),
  ),
  signingKey: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'Signing key(s) of the respond.io webhooks (Settings → Integrations → Webhooks), separated by commas; checks X-Webhook-Signature (secret).',
    }),
  ),
  webhookToken: Type.Optional(
    Type.String({
      minLength: 16,
      maxLength: 200,
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'A secret of your choice, sent by respond.io as ?token= in the webhook URL (secret).',
    }),
  ),
  apiBaseUrl: Type.Optional(
    Type.String({ format: 'uri', description: `Developer API base URL; default ${RESPONDIO_API_BASE_URL}.` }),
  ),
});
export type RespondioConfig = Static<typeof RespondioConfigSchema>;

function notRespondio(message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', `Not a respond.io webhook: ${message}`, {
    fields: [{ path: '/', message }],
  });
}

/**
 * Turns one verified body into events: a webhook event (`event_type`, see respondio.events.ts) or a
 * Custom Channel delivery (`contactId` and `message`, see respondio.custom.ts).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` for a body that is neither, or one missing what its
 *   messages are keyed by.
 */
export function parseRespondio(body: unknown, now: Date): InboundEvent[] {
  if (!isJsonObject(body)) throw notRespondio('the body must be a JSON object');
  if (typeof body.event_type === 'string') return parseRespondioEvent(body, body.event_type, now);
  if (isCustomChannelBody(body)) return [parseCustomChannel(body, now)];
  throw notRespondio('neither an event_type nor a Custom Channel contactId and message');
}

/**
 * The answer once a delivery is stored: a Custom Channel delivery gets `{"mId": "<id>"}` (the id its
 * message is stored under; respond.io keeps it as the message's channel id); a webhook event `{"ok":
 * true}`.
 */
export function acknowledgeRespondio(body: unknown): WebhookResponse {
  const mId = isJsonObject(body) && isCustomChannelBody(body) ? customMessageId(body) : undefined;
  return { status: 200, contentType: 'application/json', body: JSON.stringify(mId ? { mId } : { ok: true }) };
}

/** Options of {@link createRespondioAdapter}. */
export interface RespondioAdapterOptions {
  /** The clock of receipt times and Custom Channel timestamps, ms since the epoch (tests pin it). */
  now?: () => number;
}

/**
 * A respond.io channel adapter with its own clock. Inbound: respond.io webhook events
 * (`message.received` → messages, `message.sent` → delivery statuses of Omnify's sends) and Custom
 * Channel deliveries, authenticated as respondio.verify.ts describes. Outbound: text through the
 * Developer API (`POST /contact/{identifier}/message`) or, in Custom Channel conversations, the
 * Custom Channel webhook. No handshake, edits, reactions, threads, typing or read receipts.
 */
export function createRespondioAdapter(
  options: RespondioAdapterOptions = {},
): ChannelAdapter<RespondioConfig> {
  const now = options.now ?? Date.now;
  return {
    platform: 'respondio',
    capabilities: {
      inboundMedia: true,
      outboundText: true,
      deliveryStatus: true,
      edits: false,
      reactions: false,
      replies: false,
      handshake: false,
      threads: false,
      typing: false,
      readReceipts: false,
    },
    configSchema: RespondioConfigSchema,
    secretFields: ['apiToken', 'channelToken', 'signingKey', 'webhookToken'],
    urlFields: ['apiBaseUrl'],
    apiBaseUrl: (config) => (config.apiBaseUrl ?? RESPONDIO_API_BASE_URL).replace(/\/+$/, ''),
    verify: (req, config) => verifyRespondio(req, config),
    acknowledge: (body) => acknowledgeRespondio(body),
    parse: (body) => parseRespondio(body, new Date(now())),
    send: (req, config, ctx) => sendRespondioMessage(req, config, ctx, now()),
    downloadMedia: (media, config, ctx) => downloadRespondioAttachment(media, config, ctx),
  };
}

/** The respond.io adapter on the real clock (the one the registry serves). */
export const respondioAdapter: ChannelAdapter<RespondioConfig> = createRespondioAdapter();
