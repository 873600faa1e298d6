import { type ErrorDetails, OmnifyError } from '../../kernel/errors/catalog.ts';
import { type HttpResponse, httpError } from '../../kernel/http-client/client.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';
import { CUSTOM_THREAD_PREFIX, customChannelBody, ownMid } from './respondio.custom.ts';
import { idOf, str } from './respondio.normalize.ts';

/** The real Developer API v2 (docs.respond.io: "The base URL for all API requests is api.respond.io/v2"). */
export const RESPONDIO_API_BASE_URL = 'https://api.respond.io/v2';
/** Where a Custom Channel posts its contacts' messages (the "Webhook URL" respond.io shows). */
export const RESPONDIO_CUSTOM_CHANNEL_URL = 'https://app.respond.io/custom/channel/webhook/';
/**
 * The least wait after HTTP 449 without `Retry-After`: respond.io documents 449 as "request queued,
 * retry in a few minutes".
 */
export const RESPONDIO_QUEUED_WAIT_MS = 60_000;

/** The config `send` reads (a subset of `RespondioConfig`, kept local to avoid an import cycle). */
export interface RespondioSendConfig {
  apiToken: string;
  channelToken?: string;
  customChannelId?: string;
}

/**
 * The Custom Channel webhook for calls made on `apiBaseUrl`: the real one when that is the real
 * Developer API, else `{apiBaseUrl}/custom/channel/webhook/`, so that one test server, proxy or the
 * sandbox answers both protocols.
 */
export function customChannelUrl(apiBaseUrl: string): string {
  return apiBaseUrl === RESPONDIO_API_BASE_URL
    ? RESPONDIO_CUSTOM_CHANNEL_URL
    : `${apiBaseUrl}/custom/channel/webhook/`;
}

/** A contact identifier (`id:123`, `phone:+6012…`, `email:a@b.c`) as a path segment; `:`, `+` and `@` stay readable. */
export function identifierSegment(identifier: string): string {
  return encodeURIComponent(identifier).replace(/%3A/gi, ':').replace(/%2B/gi, '+').replace(/%40/g, '@');
}

/**
 * The error for a non-2xx answer of either protocol (Developer API errors are `{code, message}`;
 * Custom Channel errors `{error: {message}}` as its example server answers). HTTP 429 and 449 →
 * `OMNIFY_ERR_PLATFORM_RATE_LIMITED` with `retryAfterMs` from `Retry-After` (449 without it: at least
 * {@link RESPONDIO_QUEUED_WAIT_MS}); 408 and ≥ 500 → `OMNIFY_ERR_PLATFORM_TRANSIENT`; any other status
 * → `OMNIFY_ERR_PLATFORM_REJECTED`. `platformCode` = the body's `code` (else the HTTP status),
 * `platformMessage` = its message; the tokens are redacted from both.
 */
export function respondioFailure(res: HttpResponse, label: string, secrets: readonly unknown[]): OmnifyError {
  const platformCode = idOf(field(res.json, 'code')) ?? String(res.status);
  const platformMessage =
    str(field(res.json, 'message')) ??
    str(field(res.json, 'error', 'message')) ??
    str(field(res.json, 'error')) ??
    (res.text.slice(0, 300) || `HTTP ${res.status}`);
  if (res.status !== 429 && res.status !== 449) {
    return httpError(res, { label, platformCode, platformMessage, secrets });
  }
  const wait = res.retryAfterMs ?? (res.status === 449 ? RESPONDIO_QUEUED_WAIT_MS : undefined);
  const details: ErrorDetails = {
    platformCode: redact(platformCode, secrets),
    platformMessage: redact(platformMessage, secrets).slice(0, 500),
    httpStatus: res.status,
    ...(wait !== undefined ? { retryAfterMs: wait } : {}),
  };
  return new OmnifyError(
    'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
    `The ${label} answered HTTP ${res.status}: ${details.platformMessage}`,
    details,
  );
}

/**
 * Sends through the Developer API: `POST {apiBaseUrl}/contact/{identifier}/message` with
 * `Authorization: Bearer <apiToken>` and `{channelId?, message: {type: "text", text}}`
 * (respond-io/n8n-integration `sendMessagePayloadFormatter`). `channelId` is the respond.io channel
 * of the conversation's last inbound message (`replyContext.channelId`, a number); without it
 * respond.io picks the contact's last interacted channel. Answer `{messageId}` → its platform id.
 */
async function sendDeveloperApi(
  req: OutboundRequest,
  config: RespondioSendConfig,
  ctx: SendContext,
): Promise<SendResult> {
  const channelId = Number(req.replyContext?.channelId);
  const body = {
    ...(Number.isSafeInteger(channelId) && channelId > 0 ? { channelId } : {}),
    message: { type: 'text', text: req.text },
  };
  const label = 'respond.io Developer API';
  const secrets = [config.apiToken];
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/contact/${identifierSegment(req.threadKey)}/message`,
    headers: { authorization: `Bearer ${config.apiToken}` },
    body,
    timeoutMs: ctx.timeoutMs,
    secrets,
    label,
  });
  if (res.status < 200 || res.status >= 300) throw respondioFailure(res, label, secrets);
  const id = idOf(field(res.json, 'messageId'));
  if (!id) {
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', `The ${label} answered without a messageId.`, {
      platformCode: 'invalid_response',
      platformMessage: redact(res.text.slice(0, 300), secrets) || `HTTP ${res.status}`,
      httpStatus: res.status,
    });
  }
  return { platformMessageId: id, status: 'sent' };
}

/**
 * Posts Omnify's answer to a Custom Channel conversation as the contact's message (see
 * respondio.custom.ts), `mId` = `ownMid(req.messageId)`, which is also the platform id returned (so
 * respond.io's echo of it is recognised). Needs `channelToken` and the custom channel's id
 * (`config.customChannelId`, else the one respond.io's delivery carried).
 */
async function sendCustomChannel(
  req: OutboundRequest,
  config: RespondioSendConfig,
  ctx: SendContext,
  nowMs: number,
): Promise<SendResult> {
  const channelId = config.customChannelId ?? req.replyContext?.customChannelId;
  if (!config.channelToken || !channelId) {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'This respond.io channel has no channelToken / customChannelId for its Custom Channel conversations.',
      {
        platformCode: 'custom_channel_not_configured',
        platformMessage: 'set channelToken and customChannelId',
      },
    );
  }
  const mId = ownMid(req.messageId);
  const contactId = req.threadKey.slice(CUSTOM_THREAD_PREFIX.length);
  const label = 'respond.io Custom Channel webhook';
  const secrets = [config.channelToken, config.apiToken];
  const res = await ctx.http.request({
    method: 'POST',
    url: customChannelUrl(ctx.apiBaseUrl),
    headers: { authorization: `Bearer ${config.channelToken}` },
    body: customChannelBody(channelId, contactId, mId, req.text, nowMs),
    timeoutMs: ctx.timeoutMs,
    secrets,
    label,
  });
  if (res.status < 200 || res.status >= 300) throw respondioFailure(res, label, secrets);
  return { platformMessageId: mId, status: 'sent' };
}

/**
 * Sends one text message: a Custom Channel conversation (thread key `custom:{contactId}`) through the
 * Custom Channel webhook, any other (`id:{contactId}`) through the Developer API. Resolves `{platformMessageId,
 * status: 'sent'}`; throws as `respondioFailure` describes, `OMNIFY_ERR_PLATFORM_REJECTED` for a
 * success without a message id or a Custom Channel conversation the config cannot answer, and
 * `OMNIFY_ERR_PLATFORM_TRANSIENT` on network errors or after `ctx.timeoutMs`. Tokens never appear in
 * an error. `nowMs`: the Custom Channel event's timestamp (epoch ms).
 */
export function sendRespondioMessage(
  req: OutboundRequest,
  config: RespondioSendConfig,
  ctx: SendContext,
  nowMs = Date.now(),
): Promise<SendResult> {
  return req.threadKey.startsWith(CUSTOM_THREAD_PREFIX)
    ? sendCustomChannel(req, config, ctx, nowMs)
    : sendDeveloperApi(req, config, ctx);
}
