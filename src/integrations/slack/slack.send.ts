import { type ErrorDetails, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { isJsonObject } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';
import { slackTarget } from './slack.thread.ts';

/** The secret `sendSlackMessage` needs (a subset of `SlackConfig`, kept local to avoid an import cycle). */
interface SlackSendConfig {
  botToken: string;
}

/** Slack's `error` codes that mean "slow down" (the Web API docs say `ratelimited`; the OpenAPI spec lists `rate_limited`). */
const RATE_LIMITED = new Set(['ratelimited', 'rate_limited']);
/** Slack's `error` codes of a failure on Slack's side, worth retrying (Web API "Errors" of every method). */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * The JSON body of `chat.postMessage` for `req`: `{channel, text}` plus `thread_ts` when the thread
 * key names a thread (see `slackTarget`). `replyToPlatformMessageId` is not used: Slack has no quoting,
 * and the thread a reply belongs to is already in the thread key.
 */
export function postMessageBody(req: OutboundRequest): Record<string, unknown> {
  const { channel, threadTs } = slackTarget(req.threadKey);
  return threadTs ? { channel, text: req.text, thread_ts: threadTs } : { channel, text: req.text };
}

/**
 * Classifies a Web API answer (docs.slack.dev/apis/web-api, "Evaluating responses"). Slack answers
 * most errors with HTTP 200 `{ok: false, error: "<code>"}`:
 * - `ok: true` with `channel` and `ts` → `platformMessageId = "{channel}:{ts}"`, status `sent`;
 * - HTTP 429, or `error` `ratelimited` → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` with `retryAfterMs` from
 *   `Retry-After` (seconds) when sent;
 * - HTTP ≥ 500, or `error` `internal_error`/`fatal_error`/`service_unavailable`/`request_timeout` →
 *   `OMNIFY_ERR_PLATFORM_TRANSIENT`;
 * - any other `ok: false` (`channel_not_found`, `not_in_channel`, `invalid_auth`, `is_archived`, …)
 *   or 4xx → `OMNIFY_ERR_PLATFORM_REJECTED`; a 2xx that is not an answer → rejected, `invalid_response`.
 * Details: `platformCode` = the `error` string (else the HTTP status), `platformMessage` (the code, with
 * Slack's `warning`/`response_metadata.messages` when present), `token` redacted from every text.
 */
export function interpretPostMessage(res: HttpResponse, token: string): SendResult {
  const body = isJsonObject(res.json) ? res.json : {};
  const ok2xx = res.status >= 200 && res.status < 300;
  const channel = body.channel;
  const ts = body.ts;
  if (ok2xx && body.ok === true && typeof channel === 'string' && typeof ts === 'string' && channel && ts) {
    return { platformMessageId: `${channel}:${ts}`, status: 'sent' };
  }
  const error = typeof body.error === 'string' && body.error ? body.error : undefined;
  const platformCode = redact(error ?? (ok2xx ? 'invalid_response' : String(res.status)), [token]);
  const meta = isJsonObject(body.response_metadata) ? body.response_metadata.messages : undefined;
  const notes = [error, Array.isArray(meta) ? meta.join('; ') : undefined, body.needed, body.warning]
    .filter((n) => typeof n === 'string' && n)
    .join(' — ');
  const platformMessage = redact(notes || res.text.slice(0, 300) || `HTTP ${res.status}`, [token]).slice(
    0,
    500,
  );
  const details: ErrorDetails = { platformCode, platformMessage, httpStatus: res.status };
  const message = `Slack chat.postMessage failed (${platformCode}): ${platformMessage}`;
  if (res.status === 429 || (error && RATE_LIMITED.has(error))) {
    if (res.retryAfterMs !== undefined) details.retryAfterMs = res.retryAfterMs;
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, details);
  }
  if (res.status >= 500 || (error && TRANSIENT.has(error))) {
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', message, details);
  }
  throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', message, details);
}

/**
 * Sends one text message: `POST <ctx.apiBaseUrl>/chat.postMessage` with `Authorization: Bearer
 * <botToken>` and JSON `{channel, text, thread_ts?}` (docs.slack.dev/reference/methods/chat.postMessage).
 * Resolves `{platformMessageId: "{channel}:{ts}", status: 'sent'}`; throws as `interpretPostMessage`
 * describes, and `OMNIFY_ERR_PLATFORM_TRANSIENT` on network errors or after `ctx.timeoutMs`. The bot
 * token never appears in an error's message or details.
 */
export async function sendSlackMessage(
  req: OutboundRequest,
  config: SlackSendConfig,
  ctx: SendContext,
): Promise<SendResult> {
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/chat.postMessage`,
    // Slack warns `missing_charset` on JSON without a charset.
    headers: {
      authorization: `Bearer ${config.botToken}`,
      'content-type': 'application/json; charset=utf-8',
    },
    body: postMessageBody(req),
    timeoutMs: ctx.timeoutMs,
    secrets: [config.botToken],
    label: 'Slack Web API',
  });
  return interpretPostMessage(res, config.botToken);
}
