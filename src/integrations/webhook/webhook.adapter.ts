import { type Static, Type } from '@sinclair/typebox';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { httpError } from '../../kernel/http-client/client.ts';
import { objectField, stringField } from '../../kernel/http-client/json-field.ts';
import type {
  ChannelAdapter,
  OutboundRequest,
  SendContext,
  SendResult,
  WebhookRequest,
} from '../contract/channel-adapter.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify, verifyOmnify } from './omnify-signature.ts';
import { parseWebhookBody } from './webhook.normalize.ts';

/**
 * The generic signed-webhook channel: Omnify's own protocol for connecting any system that can
 * send and receive signed JSON over HTTP. Specification: docs/webhook-channel.md.
 */

/**
 * Channel config. `secret` signs both directions (`X-Omnify-Signature`); `callbackUrl` receives
 * Omnify's outbound messages (`format: 'uri'` is registered for TypeBox by src/integrations/contract/formats.ts;
 * the pattern narrows it to http/https).
 */
export const WebhookConfigSchema = Type.Object({
  secret: Type.String({ minLength: 16, description: 'Shared HMAC secret, at least 16 characters (secret).' }),
  callbackUrl: Type.String({
    format: 'uri',
    pattern: '^https?://[^\\s/?#]+[^\\s]*$',
    description: 'http(s) URL that receives outbound messages as signed POST requests.',
  }),
});
export type WebhookConfig = Static<typeof WebhookConfigSchema>;

/** The JSON body Omnify POSTs to `callbackUrl` for each outbound message (docs/webhook-channel.md, "Outbound"). */
export interface WebhookOutboundMessage {
  type: 'message';
  /** Omnify's message id: the idempotency key for the receiver. */
  id: string;
  threadId: string;
  text: string;
  replyTo?: string;
}

/** Throws `OMNIFY_ERR_SIGNATURE_INVALID` unless `X-Omnify-Signature` signs the raw body with `secret` within 5 minutes. */
export function verifyWebhook(req: WebhookRequest, config: WebhookConfig): void {
  if (!verifyOmnify(config.secret, req.rawBody, req.headers[OMNIFY_SIGNATURE_HEADER])) {
    throw new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID');
  }
}

/** The outbound body for `req` (`replyTo` only when set). */
export function outboundBody(req: OutboundRequest): WebhookOutboundMessage {
  const body: WebhookOutboundMessage = {
    type: 'message',
    id: req.messageId,
    threadId: req.threadKey,
    text: req.text,
  };
  if (req.replyToPlatformMessageId) body.replyTo = req.replyToPlatformMessageId;
  return body;
}

/**
 * POSTs one message to `ctx.apiBaseUrl` (the channel's `callbackUrl`) through `ctx.http` as JSON
 * `{type: "message", id, threadId, text, replyTo?}` with `X-Omnify-Signature` computed over the
 * exact bytes sent; redirects are not followed. Answers: 2xx → `platformMessageId` = the answer's
 * string `id`, else our `messageId`; 429 → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (`retryAfterMs` from
 * `Retry-After`); 408, ≥ 500, network error or `ctx.timeoutMs` exceeded → `OMNIFY_ERR_PLATFORM_TRANSIENT`;
 * any other status → `OMNIFY_ERR_PLATFORM_REJECTED` (classes from `httpError`). Errors carry
 * `platformCode` = `error.code` of a JSON answer, else the HTTP status, and `platformMessage` =
 * `error.message`, else the body text. Protocol: docs/webhook-channel.md.
 */
export async function sendWebhookMessage(
  req: OutboundRequest,
  config: WebhookConfig,
  ctx: SendContext,
): Promise<SendResult> {
  const raw = Buffer.from(JSON.stringify(outboundBody(req)), 'utf8');
  const res = await ctx.http.request({
    method: 'POST',
    url: ctx.apiBaseUrl,
    headers: {
      'user-agent': 'Omnify-Webhook/1',
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(config.secret, raw),
    },
    body: raw,
    timeoutMs: ctx.timeoutMs,
    secrets: [config.secret],
    label: 'callback URL',
  });
  const json = res.json;
  if (res.status >= 200 && res.status < 300) {
    const id = stringField(json, 'id') || req.messageId;
    return { platformMessageId: id, status: 'sent' };
  }
  const err = objectField(json, 'error');
  const code = typeof err.code === 'string' || typeof err.code === 'number' ? String(err.code) : '';
  throw httpError(res, {
    label: 'callback URL',
    platformCode: code || undefined,
    platformMessage:
      (typeof err.message === 'string' && err.message) || res.text.slice(0, 500) || `HTTP ${res.status}`,
    secrets: [config.secret],
  });
}

/** The generic signed-webhook channel adapter (docs/webhook-channel.md). No handshake. */
export const webhookAdapter: ChannelAdapter<WebhookConfig> = {
  platform: 'webhook',
  capabilities: {
    inboundMedia: true,
    outboundText: true,
    deliveryStatus: true,
    edits: false,
    reactions: false,
    replies: true,
    handshake: false,
    threads: false,
    typing: false,
    readReceipts: false,
  },
  configSchema: WebhookConfigSchema,
  secretFields: ['secret'],
  urlFields: ['callbackUrl'],
  apiBaseUrl: (config) => config.callbackUrl,
  verify: verifyWebhook,
  parse: (body) => parseWebhookBody(body),
  send: sendWebhookMessage,
};
