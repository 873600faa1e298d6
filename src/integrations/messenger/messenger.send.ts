import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { HttpResponse } from '../../kernel/http-client/client.ts';
import { field, objectField } from '../../kernel/http-client/json-field.ts';
import { redact } from '../../kernel/http-client/redact.ts';
import type { OutboundRequest, SendContext, SendResult } from '../contract/channel-adapter.ts';

/** The Graph API version the Send API calls use (`{apiBaseUrl}/v21.0/{pageId}/messages`). */
export const GRAPH_API_VERSION = 'v21.0';

/** The standard messaging window after the contact's last message: 24 hours, in ms. */
export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
/** How long after the contact's last message the `HUMAN_AGENT` tag allows a reply: 7 days, in ms. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** Graph error codes that mean "slow down": 4 app, 17 user, 32 page request limit, 613 call-rate limit. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);

/** How a send qualifies under Meta's messaging policy (Send API `messaging_type` and `tag`). */
export type MessagingPolicy =
  | { messaging_type: 'RESPONSE' }
  | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };

/** The Send API body for a text message (Meta docs, "Send API Reference"). */
export interface MetaTextMessageBody {
  recipient: { id: string };
  messaging_type: MessagingPolicy['messaging_type'];
  tag?: 'HUMAN_AGENT';
  message: { text: string };
}

/**
 * Chooses `messaging_type` from the contact's last inbound message (Meta docs, "Send a Message >
 * Messaging types" and "Message Tags"): within 24 hours `RESPONSE`; within 7 days `MESSAGE_TAG` with
 * `HUMAN_AGENT`; later the window is closed. `lastInboundAt` absent (not known to the caller) →
 * `RESPONSE`, and Meta decides (it answers code 10 / subcode 2018278 outside the window).
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` (platformCode `window_closed`) more than 7 days after it.
 */
export function messagingPolicy(lastInboundAt: Date | undefined, now = new Date()): MessagingPolicy {
  if (!lastInboundAt) return { messaging_type: 'RESPONSE' };
  const age = now.getTime() - lastInboundAt.getTime();
  if (age <= STANDARD_WINDOW_MS) return { messaging_type: 'RESPONSE' };
  if (age <= HUMAN_AGENT_WINDOW_MS) return { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };
  const platformMessage = `The messaging window closed: the contact last wrote ${lastInboundAt.toISOString()}, more than 7 days ago (24 hours, or 7 days with the HUMAN_AGENT tag); they must write again first.`;
  throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', platformMessage, {
    platformCode: 'window_closed',
    platformMessage,
  });
}

/** The exact JSON body `sendMetaText` posts. */
export function buildTextBody(req: OutboundRequest, policy: MessagingPolicy): MetaTextMessageBody {
  return { recipient: { id: req.threadKey }, ...policy, message: { text: req.text } };
}

/**
 * Maps a failed Graph API answer (`{error:{message,type,code,error_subcode,is_transient,
 * fbtrace_id}}`, Meta docs "Graph API > Handling Errors" and "Messenger Platform > Error codes") to
 * an `OmnifyError`: HTTP 429 or codes 4, 17, 32, 613 → `OMNIFY_ERR_PLATFORM_RATE_LIMITED`
 * (`retryAfterMs` from `Retry-After`, when sent); HTTP ≥ 500, `is_transient: true` or a non-2xx
 * below 400 → `OMNIFY_ERR_PLATFORM_TRANSIENT`; any other → `OMNIFY_ERR_PLATFORM_REJECTED`.
 * `platformCode` is the Graph `code` (else the HTTP status), `platformMessage` the message with the
 * subcode and trace id; `token` is redacted from every text kept.
 */
export function classifyMetaError(res: HttpResponse, token: string, label: string): OmnifyError {
  const err = objectField(res.json, 'error');
  const code = typeof err.code === 'number' ? err.code : undefined;
  const sub = typeof err.error_subcode === 'number' ? ` (subcode ${err.error_subcode})` : '';
  const trace = typeof err.fbtrace_id === 'string' ? ` [fbtrace_id ${err.fbtrace_id}]` : '';
  const text =
    typeof err.message === 'string' && err.message
      ? err.message
      : res.text.slice(0, 300) || `HTTP ${res.status}`;
  const platformMessage = redact(`${text}${sub}${trace}`, [token]);
  const platformCode = code !== undefined ? String(code) : String(res.status);
  const summary = `${label} answered HTTP ${res.status} (code ${platformCode}): ${platformMessage}`;
  const details = { platformCode, platformMessage };
  if (res.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
    const wait = res.retryAfterMs;
    return new OmnifyError('OMNIFY_ERR_PLATFORM_RATE_LIMITED', summary, {
      ...details,
      ...(wait !== undefined ? { retryAfterMs: wait } : {}),
    });
  }
  if (res.status >= 500 || err.is_transient === true || res.status < 400) {
    return new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', summary, details);
  }
  return new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', summary, details);
}

/**
 * Sends one text message through the Send API: `POST {ctx.apiBaseUrl}/v21.0/{pageId}/messages`
 * with `Authorization: Bearer {pageAccessToken}` (a header, never the `access_token` query
 * parameter, so the token never appears in a URL or its logs) and the body of `buildTextBody`,
 * `messaging_type` chosen by `messagingPolicy(req.lastInboundAt)`. Instagram messaging uses the same
 * endpoint with the Page linked to the Instagram account. Returns the answer's `message_id`.
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` with platformCode `window_closed` (no request
 *   made) when the window closed; as `classifyMetaError` says on a failed answer;
 *   `OMNIFY_ERR_PLATFORM_TRANSIENT` on network errors, after `ctx.timeoutMs`, or on a 2xx without
 *   `message_id`.
 */
export async function sendMetaText(
  req: OutboundRequest,
  config: { pageId: string; pageAccessToken: string },
  ctx: SendContext,
  label = 'Messenger Send API',
): Promise<SendResult> {
  const body = buildTextBody(req, messagingPolicy(req.lastInboundAt));
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/${GRAPH_API_VERSION}/${encodeURIComponent(config.pageId)}/messages`,
    body,
    headers: { authorization: `Bearer ${config.pageAccessToken}` },
    timeoutMs: ctx.timeoutMs,
    secrets: [config.pageAccessToken],
    label,
  });
  if (res.status < 200 || res.status >= 300) throw classifyMetaError(res, config.pageAccessToken, label);
  const id = field(res.json, 'message_id');
  if (typeof id !== 'string' || id === '') {
    throw new OmnifyError(
      'OMNIFY_ERR_PLATFORM_TRANSIENT',
      `${label} answered HTTP ${res.status} without message_id.`,
      {
        platformCode: String(res.status),
        platformMessage: 'missing message_id',
      },
    );
  }
  return { platformMessageId: id, status: 'sent' };
}
