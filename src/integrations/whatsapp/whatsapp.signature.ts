import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { WebhookRequest, WebhookResponse } from '../contract/channel-adapter.ts';

/** Header Meta signs webhook POSTs with (lower-cased, as `WebhookRequest.headers` holds it). */
export const WHATSAPP_SIGNATURE_HEADER = 'x-hub-signature-256';

const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/i;

function hmacHex(appSecret: string, data: Buffer | string): string {
  return createHmac('sha256', appSecret).update(data).digest('hex');
}

/** Constant-time equality of two strings of any length (both are hashed first, so lengths do not leak). */
function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/**
 * The "escaped unicode" form of a body: every UTF-16 code unit outside U+0000..U+007E becomes
 * `\uXXXX` with 4 lowercase hex digits (non-BMP characters become two escapes, one per surrogate).
 * An older Meta doc says signatures are computed over this form; the result is pure ASCII.
 */
export function escapeUnicode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out += unit <= 0x7e ? text[i] : `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/**
 * Computes the `X-Hub-Signature-256` header value for `rawBody`: `sha256=<lowercase hex of
 * HMAC-SHA256(appSecret, raw bytes)>`, as Meta signs webhook deliveries (Meta Webhooks docs,
 * "Validating payloads"). Used by tests and the replay tool.
 */
export function signWhatsApp(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${hmacHex(appSecret, rawBody)}`;
}

/**
 * Verifies a WhatsApp Cloud API webhook POST: `X-Hub-Signature-256: sha256=<hex>` must equal
 * HMAC-SHA256(appSecret, body), compared in constant time. The raw bytes are tried first; when the
 * body holds non-ASCII characters, the unicode-escaped form (see `escapeUnicode`) is tried too,
 * because Meta documented signing that form (source: Meta Webhooks docs; SOURCE.md of the fixtures).
 *
 * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` when the header is missing, malformed or does not match.
 */
export function verifyWhatsAppSignature(req: WebhookRequest, appSecret: string): void {
  const header = req.headers[WHATSAPP_SIGNATURE_HEADER]?.trim();
  const match = header ? SIGNATURE_FORMAT.exec(header) : null;
  if (!match) {
    throw new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID', 'Missing or malformed X-Hub-Signature-256 header.');
  }
  const given = match[1].toLowerCase();
  if (safeEqual(hmacHex(appSecret, req.rawBody), given)) return;
  const text = req.rawBody.toString('utf8');
  const escaped = escapeUnicode(text);
  if (escaped !== text && safeEqual(hmacHex(appSecret, escaped), given)) return;
  throw new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID', 'The X-Hub-Signature-256 signature does not match.');
}

/**
 * Answers Meta's webhook verification GET (Meta Webhooks docs, "Getting Started > Verification
 * Requests"): query `hub.mode=subscribe`, `hub.verify_token` (compared in constant time with
 * `verifyToken`) and `hub.challenge`, echoed back as a `text/plain` 200 body.
 *
 * @throws OmnifyError `OMNIFY_ERR_VERIFY_TOKEN_MISMATCH` when the mode is not `subscribe` or the token differs;
 *   `OMNIFY_ERR_VALIDATION` when `hub.challenge` is missing.
 */
export function whatsappHandshake(req: WebhookRequest, verifyToken: string): WebhookResponse {
  const mode = req.query['hub.mode'];
  const token = req.query['hub.verify_token'] ?? '';
  const tokenOk = safeEqual(token, verifyToken);
  if (mode !== 'subscribe' || !tokenOk || verifyToken === '') {
    throw new OmnifyError('OMNIFY_ERR_VERIFY_TOKEN_MISMATCH');
  }
  const challenge = req.query['hub.challenge'];
  if (challenge === undefined) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The verification request has no hub.challenge.', {
      fields: [{ path: '/query/hub.challenge', message: 'required' }],
    });
  }
  return { status: 200, contentType: 'text/plain', body: challenge };
}
