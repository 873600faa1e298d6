import { EMAIL_ENVELOPE_FORMAT } from '../../integrations/email/email.envelope.ts';
import { field, isJsonObject, numberField, stringField } from '../../kernel/http-client/json-field.ts';
import { sanitizeEmailHtml } from './email-html.ts';

/*
 * "View original" of a message received by e-mail: the e-mail channel stores each mail's envelope
 * (src/integrations/email/email.envelope.ts, format `omnify.email/1`) in the message's `raw`, while
 * the message's own text lacks the quoted history. This reads that envelope back for display, its
 * HTML sanitized (email-html.ts). The envelope is read field by field, never trusted as a whole: a
 * row stored by an older or newer version of the channel still shows what it has.
 */

/** An address as the envelope gives it. */
export interface EmailOriginalAddress {
  address: string;
  name?: string;
}

/** A part of the mail sent as a file: name, type and size (its bytes are served from its own message: GET …/media). */
export interface EmailOriginalAttachment {
  fileName: string | null;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
}

/** `GET /conversations/{id}/messages/{messageId}/original`: the mail as received, safe to show. */
export interface EmailOriginal {
  subject: string | null;
  from: EmailOriginalAddress | null;
  to: EmailOriginalAddress[];
  cc: EmailOriginalAddress[];
  /** The `Date` header as ISO 8601 (UTC); null when absent or invalid. */
  date: string | null;
  /** The full plain text, quoted history included; null when the mail had none. */
  text: string | null;
  /**
   * The HTML sanitized for display (email-html.ts); null when the mail had no HTML part, or HTML
   * nested deeper than 512 elements (then only `text` shows).
   */
  html: string | null;
  /** The text or HTML was cut at 512 KiB characters when received. */
  truncated: boolean;
  /** Remote images removed from `html` unloaded (tracking pixels among them). */
  remoteImagesBlocked: number;
  /** Files sent with the mail; images that are parts of the HTML (`cid:`) are not listed. */
  attachments: EmailOriginalAttachment[];
}

function address(v: unknown): EmailOriginalAddress | null {
  const a = stringField(v, 'address');
  if (!a) return null;
  const name = stringField(v, 'name');
  return name ? { address: a, name } : { address: a };
}

function addresses(v: unknown): EmailOriginalAddress[] {
  return Array.isArray(v) ? v.map(address).filter((a) => a !== null) : [];
}

function attachments(v: unknown): EmailOriginalAttachment[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((a) => isJsonObject(a) && a.related !== true)
    .map((a) => ({
      fileName: stringField(a, 'fileName') ?? null,
      contentType: stringField(a, 'contentType') ?? 'application/octet-stream',
      size: Math.max(0, Math.trunc(numberField(a, 'size') ?? 0)),
    }));
}

/** True when `raw` (a message's stored `raw`) is an e-mail envelope. */
export function isEmailEnvelope(raw: unknown): boolean {
  return field(raw, 'format') === EMAIL_ENVELOPE_FORMAT;
}

/**
 * The original e-mail of a message from its stored `raw`: subject, addresses, date, the full text,
 * the HTML sanitized by {@link sanitizeEmailHtml} (sanitize-html) with its count of blocked remote
 * images, and the attached files. Null when `raw` is not an e-mail envelope (`format` is not
 * `omnify.email/1`): any other platform's payload, or none. Fields of the wrong type read as
 * absent. Pure; never throws.
 */
export function emailOriginalOf(raw: unknown): EmailOriginal | null {
  if (!isEmailEnvelope(raw)) return null;
  const html = stringField(raw, 'html');
  const safe = html === undefined ? null : sanitizeEmailHtml(html);
  const date = stringField(raw, 'date');
  return {
    subject: stringField(raw, 'subject') ?? null,
    from: address(field(raw, 'from')),
    to: addresses(field(raw, 'to')),
    cc: addresses(field(raw, 'cc')),
    date: date && !Number.isNaN(Date.parse(date)) ? new Date(date).toISOString() : null,
    text: stringField(raw, 'text') ?? null,
    html: safe?.html ?? null,
    truncated: field(raw, 'truncated') === true,
    remoteImagesBlocked: safe?.remoteImagesBlocked ?? 0,
    attachments: attachments(field(raw, 'attachments')),
  };
}
