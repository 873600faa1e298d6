import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { field, objectField } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';

/** The send-message body of the Cloud API for a text message (Meta docs, "Messages > Text messages"). */
export interface WhatsAppTextMessageBody {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'text';
  text: { preview_url: boolean; body: string };
  context?: { message_id: string };
}

/** Graph API error codes that mean "slow down" (app, WABA, throughput and pair rate limits). */
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131056]);
/** Graph API error codes that mean "temporary failure, try again" (unknown error, service down, …). */
const TRANSIENT_CODES = new Set([1, 2, 131000, 133004]);

/** Builds the exact JSON body `send` posts for `req`. */
export function buildTextMessageBody(req: OutboundRequest): WhatsAppTextMessageBody {
  const body: WhatsAppTextMessageBody = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: req.threadKey,
    type: 'text',
    text: { preview_url: false, body: req.text },
  };
  if (req.replyToPlatformMessageId) body.context = { message_id: req.replyToPlatformMessageId };
  return body;
}

/**
 * Maps a non-successful Graph API answer (envelope `{error:{message,type,code,error_data:{details},
 * error_subcode,fbtrace_id}}`, Meta docs "Cloud API > Support > Error codes") to an `OmnifyError`:
 * HTTP 429 or a rate-limit code → `OMNIFY_ERR_PLATFORM_RATE_LIMITED` (with `retryAfterMs` from a
 * `Retry-After` header, if any); the access token is redacted from every text kept; HTTP ≥ 500 or a transient code → `OMNIFY_ERR_PLATFORM_TRANSIENT`;
 * any other 4xx → `OMNIFY_ERR_PLATFORM_REJECTED`.
 */
export function classifyGraphError(res: HttpResponse, accessToken: string): OmnifyError {
  const err = objectField(res.json, 'error');
  const code = typeof err.code === 'number' ? err.code : undefined;
  const parts = [err.message, field(err, 'error_data', 'details')].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  const platformMessage = redact(parts.join(': ') || `HTTP ${res.status}`, [accessToken]);
  const platformCode = code !== undefined ? String(code) : String(res.status);
  const summary = `WhatsApp API answered HTTP ${res.status} (code ${platformCode}): ${platformMessage}`;
  if (res.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    const wait = res.retryAfterMs;
    const details = { platformCode, platformMessage, ...(wait !== undefined ? { retryAfterMs: wait } : {}) };
    return new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', summary, details);
  }
  if (res.status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code)) || res.status < 400) {
    return new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', summary, { platformCode, platformMessage });
  }
  return new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', summary, { platformCode, platformMessage });
}

/**
 * Sends one text message with the WhatsApp Cloud API (Meta docs, "Messages > Text messages"):
 * `POST {apiBaseUrl}/{phoneNumberId}/messages` with `Authorization: Bearer {accessToken}` through
 * `ctx.http`, aborted after `ctx.timeoutMs` milliseconds. Returns the `wamid…` of the accepted message.
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_TRANSIENT` (network, timeout, 5xx, 2xx without an id),
 *   `OMNIFY_ERR_PLATFORM_RATE_LIMITED` or `OMNIFY_ERR_PLATFORM_REJECTED` (see `classifyGraphError`).
 */
export async function sendWhatsAppText(
  req: OutboundRequest,
  config: { phoneNumberId: string; accessToken: string },
  ctx: SendContext,
): Promise<SendResult> {
  const url = `${ctx.apiBaseUrl}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  const res = await ctx.http.request({
    method: 'POST',
    url,
    body: buildTextMessageBody(req),
    headers: { authorization: `Bearer ${config.accessToken}` },
    timeoutMs: ctx.timeoutMs,
    secrets: [config.accessToken],
    label: 'WhatsApp API',
  });
  if (res.status < 200 || res.status >= 300) throw classifyGraphError(res, config.accessToken);
  const id = field(res.json, 'messages', 0, 'id');
  if (typeof id !== 'string' || id === '') {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_TRANSIENT',
      `WhatsApp API answered HTTP ${res.status} without messages[0].id.`,
      {
        platformCode: String(res.status),
        platformMessage: 'missing messages[0].id',
      },
    );
  }
  return { platformMessageId: id, status: 'sent' };
}
