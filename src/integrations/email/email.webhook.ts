import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import { DecodedWithFiles } from '../contract/message.ts';
import { type EmailEnvelope, readMail } from './email.envelope.ts';
import { isFormContentType, readFormFields } from './email.form.ts';

/**
 * The raw-MIME inbound webhook (`POST /webhooks/{channelId}`) for mail a provider or an MTA hands
 * over by HTTP. Two documented shapes:
 *
 * 1. The message itself as the body (`Content-Type: message/rfc822`, or any non-form type), with
 *    `Authorization: Bearer {inboundSecret}` — or `Basic` with the secret as password, which is
 *    what HTTP clients send for a URL with `user:secret@` in it. For an MTA pipe (Postfix + curl),
 *    a Cloudflare Email Worker, or any script.
 * 2. A form (`multipart/form-data` or `application/x-www-form-urlencoded`) with the message in
 *    `body-mime` (Mailgun routes, `forward()` to a URL ending in `mime`) or `email` (SendGrid Inbound
 *    Parse with "POST the raw, full MIME message"). Mailgun's own signature is accepted as the
 *    credential: fields `timestamp`, `token`, `signature` = hex HMAC-SHA256(key = inboundSecret, the
 *    Mailgun HTTP webhook signing key, message = timestamp + token), timestamp within 5 minutes.
 *    Bearer/Basic work for forms too.
 *
 * What is verified is the sender's knowledge of the secret (TLS protects the body in transit); a
 * Mailgun signature covers the timestamp and token, not the message. The mail's own authenticity
 * (SPF, DKIM, DMARC) is the receiving MTA's business, as with IMAP.
 */

/** How far a Mailgun `timestamp` may be from our clock, in seconds. */
export const MAILGUN_WINDOW_SECONDS = 5 * 60;

const refuse = (why: string): never => {
  throw new OmnifyError('OMNIFY_ERR_SIGNATURE_INVALID', why);
};

/** Constant-time equality of two strings of any length (hashed first, so lengths do not leak). */
function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Mailgun's `signature` for `timestamp` and `token`: hex HMAC-SHA256 keyed with the signing key. */
export function signMailgun(signingKey: string, timestamp: string, token: string): string {
  return createHmac('sha256', signingKey)
    .update(timestamp + token, 'utf8')
    .digest('hex');
}

/** The secret an `Authorization` header carries: a Bearer token, or a Basic password. */
function credentialOf(header: string | undefined): string | undefined {
  const m = /^\s*(bearer|basic)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  if (m[1]!.toLowerCase() === 'bearer') return m[2];
  const decoded = Buffer.from(m[2]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : undefined;
}

/**
 * Verifies an inbound-webhook request against the channel's `inboundSecret` (see the module comment
 * for exactly what is checked).
 *
 * @param nowMs our clock for Mailgun's timestamp window, ms since the epoch.
 * @throws OmnifyError `OMNIFY_ERR_SIGNATURE_INVALID` when the channel has no `inboundSecret`, or the
 *   request carries neither the secret nor a valid, fresh Mailgun signature.
 */
export function verifyInboundMail(
  req: WebhookRequest,
  inboundSecret: string | undefined,
  nowMs: number,
): void {
  if (!inboundSecret) refuse('This e-mail channel has no inboundSecret: its webhook accepts nothing.');
  const secret = inboundSecret as string;
  const credential = credentialOf(req.headers.authorization);
  if (credential !== undefined) {
    if (safeEqual(credential, secret)) return;
    refuse('The Authorization credential is not the channel’s inboundSecret.');
  }
  const fields = readFormFields(req.rawBody, req.headers['content-type']);
  const timestamp = fields?.get('timestamp')?.toString('utf8').trim();
  const token = fields?.get('token')?.toString('utf8').trim();
  const signature = fields?.get('signature')?.toString('utf8').trim().toLowerCase();
  if (!timestamp || !token || !signature || !/^\d{1,12}$/.test(timestamp)) {
    refuse(
      'Send the inboundSecret as "Authorization: Bearer …", or Mailgun’s timestamp, token and signature.',
    );
  }
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAILGUN_WINDOW_SECONDS) {
    refuse(
      'The Mailgun timestamp is more than 5 minutes away from our clock (a replay, or a clock out of sync).',
    );
  }
  if (!safeEqual(signMailgun(secret, timestamp as string, token as string), signature as string)) {
    refuse('The Mailgun signature does not match the inboundSecret (Mailgun’s HTTP webhook signing key).');
  }
}

/**
 * The envelope of a verified inbound-webhook request: the message from the form field `body-mime`
 * or `email`, or the whole body for any other content type, parsed with mailparser. A mail with
 * files answers a {@link DecodedWithFiles}: the envelope and the files' bytes, which the host keeps
 * in the media store (the provider keeps no copy we could fetch later).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when a form has neither field, or the message is empty
 *   or not MIME.
 */
export async function decodeInboundMail(req: WebhookRequest): Promise<EmailEnvelope | DecodedWithFiles> {
  const contentType = req.headers['content-type'];
  if (!isFormContentType(contentType)) return withFiles(await readMail(req.rawBody));
  const fields = readFormFields(req.rawBody, contentType);
  const mime = fields?.get('body-mime') ?? fields?.get('email');
  if (!mime) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The form has no raw message.', {
      fields: [
        {
          path: '/body/body-mime',
          message:
            'post the raw MIME in "body-mime" (Mailgun: a route URL ending in "mime") or "email" (SendGrid: "POST the raw, full MIME message")',
        },
      ],
    });
  }
  return withFiles(await readMail(mime));
}

const withFiles = ({ envelope, files }: { envelope: EmailEnvelope; files: Map<string, Uint8Array> }) =>
  files.size > 0 ? new DecodedWithFiles(envelope, files) : envelope;
