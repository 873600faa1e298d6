import { type ErrorDetails, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { OutboundRequest, SendContext, SendResult, TypingRequest } from '../contract/channel-adapter.ts';
import type { BotFrameworkTokens, TeamsTokenConfig } from './teams.token.ts';

/**
 * Sending through the Bot Connector API (Bot Framework REST API reference, "Send to conversation"
 * and "Reply to activity"), with the error handling Teams documents ("Status codes from bot
 * conversational APIs" and their retry guidance).
 */

/** Statuses Teams says to retry with backoff (429 is throttling, handled apart). */
const RETRY_STATUSES = new Set([408, 412, 502, 503, 504]);

/**
 * Where the answer goes: `ctx.apiBaseUrl` when set (the channel's `apiBaseUrl` override, or the
 * sandbox), else the `serviceUrl` the conversation's latest activity came with (`replyContext`).
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` (`platformCode: 'no_service_url'`) when there is
 *   neither: the conversation has no inbound activity with a `serviceUrl` (a conversation Omnify
 *   started, or one stored before the service URL was kept), and retrying cannot help.
 */
export function connectorBaseUrl(
  req: Pick<OutboundRequest, 'replyContext'>,
  ctx: Pick<SendContext, 'apiBaseUrl'>,
): string {
  const base = ctx.apiBaseUrl || req.replyContext?.serviceUrl;
  if (!base || !/^https?:\/\/\S+$/i.test(base)) {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'This Teams conversation has no service URL to answer through: Teams gives it with each message the contact sends, so Omnify can only answer after one.',
      { platformCode: 'no_service_url', platformMessage: 'no serviceUrl known for this conversation' },
    );
  }
  return base.replace(/\/+$/, '');
}

/**
 * The request for `req`: `POST {base}/v3/conversations/{conversation id}/activities` with a message
 * activity `{type: "message", text}`; when `req` answers a message, the *reply to activity* form
 * `…/activities/{replyToId}` with `replyToId` in the body (in a Teams channel thread, the conversation
 * id already names the thread). Ids are path-encoded as the SDKs encode them.
 */
export function activityRequest(
  req: OutboundRequest,
  base: string,
): { url: string; body: Record<string, unknown> } {
  const conversation = `${base}/v3/conversations/${encodeURIComponent(req.threadKey)}/activities`;
  const replyTo = req.replyToPlatformMessageId;
  if (!replyTo) return { url: conversation, body: { type: 'message', text: req.text } };
  return {
    url: `${conversation}/${encodeURIComponent(replyTo)}`,
    body: { type: 'message', text: req.text, replyToId: replyTo },
  };
}

/**
 * Classifies the Bot Connector's answer: 2xx → `sent` with the `ResourceResponse` `id` (Teams omits it
 * only when it split a message with attachments, which Omnify never sends; then `omnify:{our id}`);
 * 429 → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` with `Retry-After`; 408, 412 `PreconditionFailed`, 502,
 * 503, 504 → `OMNIFY_ERR_PLATFORM_TRANSIENT`; everything else (400 `BadArgument`, 401
 * `BotNotRegistered`, 403 `BotNotInConversationRoster`/`ConversationBlockedByUser`/…, 404
 * `ConversationNotFound`, 413 `MessageSizeTooBig`, and 500, which Teams says not to retry) →
 * `OMNIFY_ERR_PLATFORM_REJECTED`. Details: `platformCode` = the `ErrorResponse`'s `error.code` (else
 * the status), `platformMessage` = its `error.message`; `secrets` redacted from both.
 */
export function interpretActivityAnswer(
  res: HttpResponse,
  req: OutboundRequest,
  secrets: readonly string[],
): SendResult {
  if (res.status >= 200 && res.status < 300) {
    const id = field(res.json, 'id');
    return {
      platformMessageId: typeof id === 'string' && id ? id : `omnify:${req.messageId}`,
      status: 'sent',
    };
  }
  const code = field(res.json, 'error', 'code');
  const text = field(res.json, 'error', 'message') ?? field(res.json, 'message');
  const platformCode = redact(typeof code === 'string' && code ? code : String(res.status), secrets);
  const platformMessage = redact(
    (typeof text === 'string' && text ? text : res.text).slice(0, 300) || `HTTP ${res.status}`,
    secrets,
  );
  const details: ErrorDetails = { platformCode, platformMessage, httpStatus: res.status };
  const message = `The Bot Connector refused the message (${platformCode}): ${platformMessage}`;
  if (res.status === 429) {
    if (res.retryAfterMs !== undefined) details.retryAfterMs = res.retryAfterMs;
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, details);
  }
  if (RETRY_STATUSES.has(res.status))
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', message, details);
  throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', message, details);
}

/**
 * Sends one text message into the conversation `req.threadKey` (a Bot Framework conversation id):
 * a token from `tokens` (client credentials, cached), then the activity request through `ctx.http`
 * with `Authorization: Bearer {token}`. A 401 drops the cached token so the next attempt asks for a
 * new one. Resolves `{platformMessageId: <activity id>, status: 'sent'}`.
 *
 * @throws OmnifyError as {@link connectorBaseUrl}, `BotFrameworkTokens.token` and
 *   {@link interpretActivityAnswer}; `OMNIFY_ERR_PLATFORM_TRANSIENT` on network errors and after
 *   `ctx.timeoutMs`. Neither the app password nor the token appears in an error.
 */
export async function sendTeamsMessage(
  req: OutboundRequest,
  config: TeamsTokenConfig,
  ctx: SendContext,
  tokens: BotFrameworkTokens,
): Promise<SendResult> {
  const base = connectorBaseUrl(req, ctx);
  const token = await tokens.token(config, ctx);
  const { url, body } = activityRequest(req, base);
  const secrets = [token, config.appPassword];
  const res = await ctx.http.request({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
    body,
    timeoutMs: ctx.timeoutMs,
    secrets,
    label: 'Bot Connector API',
  });
  if (res.status === 401) tokens.forget(config);
  return interpretActivityAnswer(res, req, secrets);
}

/**
 * Shows "typing…" in the conversation `req.threadKey`: a `{type: "typing"}` activity posted like a
 * message (Bot Framework "Send and receive activities": the typing activity; Teams shows it for
 * about 3 seconds or until the next message), at the conversation's `serviceUrl`. Errors as
 * {@link sendTeamsMessage}.
 */
export async function sendTeamsTyping(
  req: TypingRequest,
  config: TeamsTokenConfig,
  ctx: SendContext,
  tokens: BotFrameworkTokens,
): Promise<void> {
  const base = connectorBaseUrl(req, ctx);
  const token = await tokens.token(config, ctx);
  const secrets = [token, config.appPassword];
  const res = await ctx.http.request({
    method: 'POST',
    url: `${base}/v3/conversations/${encodeURIComponent(req.threadKey)}/activities`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
    body: { type: 'typing' },
    timeoutMs: ctx.timeoutMs,
    secrets,
    label: 'Bot Connector API',
  });
  if (res.status === 401) tokens.forget(config);
  interpretActivityAnswer(res, { messageId: 'typing', threadKey: req.threadKey, text: '' }, secrets);
}
