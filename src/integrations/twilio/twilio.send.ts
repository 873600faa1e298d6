import { type ErrorDetails, OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { isJsonObject } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';
import { addressPrefix, bareAddress } from './twilio.normalize.ts';

/** What `sendTwilioMessage` needs of the channel config (a subset of `TwilioConfig`). */
export interface TwilioSendConfig {
  accountSid: string;
  authToken: string;
  from: string;
  statusCallback?: string;
}

/**
 * Twilio error codes that mean "slow down" whatever the HTTP status: 20429 (too many concurrent
 * requests, "always safe to retry") and 14107 (message rate limit exceeded).
 */
const THROTTLE_CODES = new Set([20429, 14107]);

/** The path of the Messages resource of `accountSid` (API version 2010-04-01). */
export function messagesPath(accountSid: string): string {
  return `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
}

/**
 * The form of a Messages API create call: `To` = the thread key, `From` = the channel's number
 * under the thread's channel prefix (a `whatsapp:` thread is answered from `whatsapp:<number>`,
 * an SMS thread from the bare number), `Body`, and `StatusCallback` when configured.
 */
export function messageForm(req: OutboundRequest, config: TwilioSendConfig): URLSearchParams {
  const form = new URLSearchParams();
  form.set('To', req.threadKey);
  form.set('From', `${addressPrefix(req.threadKey)}${bareAddress(config.from)}`);
  form.set('Body', req.text);
  if (config.statusCallback) form.set('StatusCallback', config.statusCallback);
  return form;
}

/**
 * Classifies a Messages API answer. A 2xx with a string `sid` → `{platformMessageId: sid, status:
 * 'sent'}`. Otherwise an `OmnifyError` with `details.platformCode` = Twilio's `code` (else the HTTP
 * status, or `invalid_response`) and `details.platformMessage` = its `message` (token redacted):
 * HTTP 429 or code 20429/14107 → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (`retryAfterMs` from
 * `Retry-After` when sent); HTTP ≥ 500, or a 2xx without `sid` (we cannot know it was accepted) →
 * `OMNIFY_ERR_PLATFORM_TRANSIENT`; any other status → `OMNIFY_ERR_PLATFORM_REJECTED` (e.g. 21211
 * invalid To, 21610 unsubscribed recipient, 63016 outside the WhatsApp 24-hour window, 20003
 * authentication). Error body: `{code, message, more_info, status}` (twilio-node `RestException`).
 */
export function interpretTwilioResponse(res: HttpResponse, authToken: string): SendResult {
  const json = isJsonObject(res.json) ? res.json : {};
  const ok2xx = res.status >= 200 && res.status < 300;
  if (ok2xx && typeof json.sid === 'string' && json.sid)
    return { platformMessageId: json.sid, status: 'sent' };
  const code = typeof json.code === 'number' && Number.isFinite(json.code) ? json.code : undefined;
  const text =
    typeof json.message === 'string' && json.message
      ? json.message
      : res.text.slice(0, 300) || `HTTP ${res.status}`;
  const details: ErrorDetails = {
    platformCode: code !== undefined ? String(code) : ok2xx ? 'invalid_response' : String(res.status),
    platformMessage: redact(text, [authToken]).slice(0, 500),
    httpStatus: res.status,
  };
  if (typeof json.more_info === 'string') details.moreInfo = json.more_info;
  const message = `Twilio Messages API failed (${details.platformCode}): ${details.platformMessage}`;
  if (res.status === 429 || (code !== undefined && THROTTLE_CODES.has(code))) {
    if (res.retryAfterMs !== undefined) details.retryAfterMs = res.retryAfterMs;
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', message, details);
  }
  if (ok2xx || res.status >= 500) throw new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', message, details);
  throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', message, details);
}

/**
 * Sends one text message with the Messages API (Twilio docs "Message resource", create):
 * `POST <ctx.apiBaseUrl>/2010-04-01/Accounts/<accountSid>/Messages.json`, HTTP Basic auth
 * `accountSid:authToken`, form fields as `messageForm` builds them. Resolves with Twilio's `sid`;
 * throws as `interpretTwilioResponse` describes, and `OMNIFY_ERR_PLATFORM_TRANSIENT` on network
 * errors or after `ctx.timeoutMs`. The auth token never appears in an error. Twilio's API cannot
 * quote a message, so `replyToPlatformMessageId` is not sent.
 */
export async function sendTwilioMessage(
  req: OutboundRequest,
  config: TwilioSendConfig,
  ctx: SendContext,
): Promise<SendResult> {
  const basic = Buffer.from(`${config.accountSid}:${config.authToken}`, 'utf8').toString('base64');
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}${messagesPath(config.accountSid)}`,
    headers: { authorization: `Basic ${basic}` },
    body: messageForm(req, config),
    timeoutMs: ctx.timeoutMs,
    secrets: [config.authToken, basic],
    label: 'Twilio Messages API',
  });
  return interpretTwilioResponse(res, config.authToken);
}
