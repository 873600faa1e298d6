import { randomUUID } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import type {
  ChannelAdapter,
  EmulatorRequest,
  OutboundRequest,
  SendContext,
  SendResult,
  WebhookRequest,
} from '../../core/channel-adapter.ts';
import { parseJsonLenient } from '../../core/http-response.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify, verifyOmnify } from '../../core/omnify-signature.ts';
import { type ErrorDetails, OmnifyError } from '../../errors/catalog.ts';
import { retryAfterMs } from '../http.ts';
import { parseWebhookBody } from './webhook.normalize.ts';

/**
 * The generic signed-webhook channel: Omnify's own protocol for connecting any system that can
 * send and receive signed JSON over HTTP. Specification: docs/webhook-channel.md.
 */

/**
 * Channel config. `secret` signs both directions (`X-Omnify-Signature`); `callbackUrl` receives
 * Omnify's outbound messages (`format: 'uri'` is registered for TypeBox by src/core/formats.ts;
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

function transient(e: unknown): OmnifyError {
  const reason = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
  return new OmnifyError(
    'OMNIFY_ERR_PLATFORM_TRANSIENT',
    `Network error calling the callback URL: ${reason}`,
    {},
    { cause: e },
  );
}

/**
 * POSTs one message to `ctx.apiBaseUrl` (the channel's `callbackUrl`) as JSON
 * `{type: "message", id, threadId, text, replyTo?}` with `X-Omnify-Signature` computed over the
 * exact bytes sent; redirects are not followed. Answers: 2xx → `platformMessageId` = the answer's
 * string `id`, else our `messageId`; 429 → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (`retryAfterMs` from
 * `Retry-After`); ≥ 500, network error or `ctx.timeoutMs` exceeded → `OMNIFY_ERR_PLATFORM_TRANSIENT`;
 * any other status → `OMNIFY_ERR_PLATFORM_REJECTED`. Errors carry `platformCode` =
 * `error.code` of a JSON answer, else the HTTP status, and `platformMessage` = `error.message`, else
 * the body text. Protocol: docs/webhook-channel.md.
 */
export async function sendWebhookMessage(
  req: OutboundRequest,
  config: WebhookConfig,
  ctx: SendContext,
): Promise<SendResult> {
  const raw = Buffer.from(JSON.stringify(outboundBody(req)), 'utf8');
  let res: Response;
  let text: string;
  try {
    res = await fetch(ctx.apiBaseUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Omnify-Webhook/1',
        [OMNIFY_SIGNATURE_HEADER]: signOmnify(config.secret, raw),
      },
      body: raw,
      redirect: 'manual',
      signal: AbortSignal.timeout(ctx.timeoutMs),
    });
    text = await res.text();
  } catch (e) {
    throw transient(e);
  }
  const json = parseJsonLenient(text) as any;
  if (res.status >= 200 && res.status < 300) {
    const id = json && typeof json.id === 'string' && json.id !== '' ? json.id : req.messageId;
    return { platformMessageId: id, status: 'sent' };
  }
  const err = json && typeof json.error === 'object' && json.error !== null ? json.error : {};
  const code = typeof err.code === 'string' || typeof err.code === 'number' ? String(err.code) : '';
  const details: ErrorDetails = {
    platformCode: code || String(res.status),
    platformMessage:
      (typeof err.message === 'string' && err.message) || text.slice(0, 500) || `HTTP ${res.status}`,
  };
  const message = `Callback URL answered ${res.status} (${details.platformCode}): ${details.platformMessage}`;
  if (res.status === 429) {
    const wait = retryAfterMs(res.headers);
    if (wait !== undefined) details.retryAfterMs = wait;
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, details);
  }
  if (res.status >= 500) throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', message, details);
  throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', message, details);
}

/**
 * The sandbox's stand-in receiver: `POST /callback` with a message body → 200
 * `{id: "sandbox-<uuid>", received: true}`; a body without `id`, `threadId` and `text` → 400
 * `{error: {code: "invalid_body", message}}`; other paths → 404, other methods → 405.
 */
export function emulateWebhook(req: EmulatorRequest): { status: number; body: unknown } {
  if (req.path.split('?')[0] !== '/callback') {
    return {
      status: 404,
      body: { error: { code: 'not_found', message: 'The sandbox receiver listens on /callback' } },
    };
  }
  if (req.method.toUpperCase() !== 'POST') {
    return { status: 405, body: { error: { code: 'method_not_allowed', message: 'Use POST' } } };
  }
  const b = (req.body ?? {}) as Record<string, unknown>;
  if (typeof b.id !== 'string' || typeof b.threadId !== 'string' || typeof b.text !== 'string') {
    return {
      status: 400,
      body: { error: { code: 'invalid_body', message: 'Expected {type, id, threadId, text}' } },
    };
  }
  return { status: 200, body: { id: `sandbox-${randomUUID()}`, received: true } };
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
  },
  configSchema: WebhookConfigSchema,
  secretFields: ['secret'],
  apiBaseUrl: (config) => config.callbackUrl,
  verify: verifyWebhook,
  parse: (body) => parseWebhookBody(body),
  send: sendWebhookMessage,
  sandboxConfig: (emulatorBaseUrl) => ({ callbackUrl: `${emulatorBaseUrl.replace(/\/+$/, '')}/callback` }),
  emulate: emulateWebhook,
};
