import { createHash } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import { htmlToText } from 'html-to-text';
import { type AddressObject, type HeaderValue, type ParsedMail, simpleParser } from 'mailparser';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { parseIdList } from './email.thread.ts';

/**
 * The JSON form of one received e-mail: what `decode` (raw-MIME webhook) returns and the IMAP loop
 * delivers, and what `parse` reads. MIME is parsed before (mailparser is asynchronous, `parse` is
 * not), so the body stored for a delivery is this envelope, never the raw message: attachments are
 * described (name, type, size, SHA-256); their bytes travel beside it ({@link readMail}) to the media
 * store, never into the database.
 */

/** Marks the envelope and its version. */
export const EMAIL_ENVELOPE_FORMAT = 'omnify.email/1';

/** Longest `text` and `html` kept (characters); longer bodies are cut and the message says so. */
export const MAX_BODY_CHARS = 512 * 1024;

const Address = Type.Object({ address: Type.String(), name: Type.Optional(Type.String()) });

const Attachment = Type.Object({
  fileName: Type.Optional(Type.String()),
  contentType: Type.String(),
  /** Decoded size in bytes. */
  size: Type.Number(),
  /** Hex SHA-256 of the decoded content. */
  sha256: Type.String(),
  contentId: Type.Optional(Type.String()),
  /** `attachment` or `inline`, when the part says. */
  disposition: Type.Optional(Type.String()),
  /** Referenced from the HTML by `cid:` (an inline image of the body, not a file sent). */
  related: Type.Boolean(),
});

/** TypeBox schema of {@link EmailEnvelope} (`parse` checks bodies against it). */
export const EmailEnvelopeSchema = Type.Object({
  format: Type.Literal(EMAIL_ENVELOPE_FORMAT),
  /** `Message-ID` as `<id>`, when the message has a well-formed one. */
  messageId: Type.Optional(Type.String()),
  inReplyTo: Type.Optional(Type.String()),
  /** `References`, oldest first, each `<id>`. */
  references: Type.Array(Type.String()),
  from: Type.Optional(Address),
  replyTo: Type.Optional(Address),
  to: Type.Array(Address),
  cc: Type.Array(Address),
  subject: Type.Optional(Type.String()),
  /** `Date` as ISO 8601 (UTC), when present and valid. */
  date: Type.Optional(Type.String()),
  /** The plain text as sent, quoted history included (derived from the HTML when there is no text part). */
  text: Type.Optional(Type.String()),
  /** The HTML as sent: never rendered as it is (sanitize first). */
  html: Type.Optional(Type.String()),
  /** True when `text` or `html` was cut at {@link MAX_BODY_CHARS}. */
  truncated: Type.Optional(Type.Boolean()),
  /** `Auto-Submitted` (RFC 3834) and `Precedence` headers, lower-cased, when present. */
  autoSubmitted: Type.Optional(Type.String()),
  precedence: Type.Optional(Type.String()),
  /** Top-level MIME type, e.g. `multipart/report` for a bounce. */
  contentType: Type.String(),
  attachments: Type.Array(Attachment),
  /** Hex SHA-256 and byte size of the raw message as received. */
  sha256: Type.String(),
  size: Type.Number(),
});
export type EmailEnvelope = Static<typeof EmailEnvelopeSchema>;
export type EmailAddress = Static<typeof Address>;
export type EmailAttachment = Static<typeof Attachment>;

function addresses(v: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const out: EmailAddress[] = [];
  const visit = (list: { address?: string; name: string; group?: unknown[] }[]) => {
    for (const a of list) {
      if (Array.isArray(a.group)) visit(a.group as typeof list);
      else if (a.address?.includes('@'))
        out.push(a.name ? { address: a.address, name: a.name } : { address: a.address });
    }
  };
  for (const o of Array.isArray(v) ? v : v ? [v] : []) visit(o.value);
  return out;
}

function headerText(v: HeaderValue | undefined): string | undefined {
  if (typeof v === 'string') return v.trim().toLowerCase() || undefined;
  if (v && typeof v === 'object' && 'value' in v && typeof v.value === 'string') {
    return v.value.trim().toLowerCase() || undefined;
  }
  return undefined;
}

/** Longest HTML converted to text (characters), as mailparser's own limit. */
const MAX_HTML_TO_TEXT = 2_000_000;

/**
 * The text of an HTML body, for mail whose only body is HTML below a multipart (mailparser converts
 * only a top-level HTML part): html-to-text without line wrapping, images and scripts left out, links
 * kept as `text [url]`, `<blockquote>` as `> ` lines (so quoted history is recognized).
 */
function textOfHtml(html: string): string | undefined {
  if (html.length > MAX_HTML_TO_TEXT || nestsTooDeep(html)) return undefined;
  try {
    const text = htmlToText(html, {
      wordwrap: false,
      limits: { maxDepth: 64 },
      selectors: [
        { selector: 'img', format: 'skip' },
        { selector: 'script', format: 'skip' },
        { selector: 'style', format: 'skip' },
        // Tables keep their rows and columns (a quote, an order) rather than running cells together.
        { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
      ],
    });
    return text.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Deepest element nesting turned into text. htmlparser2 (under html-to-text) keeps its open
 * elements in an array it `unshift`s, so each start tag costs the current depth: a 512 KiB body of
 * unclosed `<b>` took 30 s of the event loop, from one mail anyone can send. Chromium's parser nests
 * no deeper than 512 either.
 */
const MAX_HTML_DEPTH = 512;

/** Elements without end tags, and those whose end tag is implied by the next sibling (HTML §13.1.2.4). */
const NOT_NESTING = new Set(
  'area base br col embed hr img input link meta source track wbr p li dt dd td th tr option'.split(' '),
);

/**
 * Whether `html` may nest elements deeper than {@link MAX_HTML_DEPTH}: one linear pass over its tags,
 * counting open minus closed elements (void and implicitly closed ones not counted), so the estimate
 * errs towards "too deep" only for markup that leaves ordinary elements open. A tag is read up to
 * the next `<`, so the pass stays linear whatever the input.
 */
export function nestsTooDeep(html: string): boolean {
  let depth = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^<>]*?(\/?)>/g)) {
    if (NOT_NESTING.has(m[2]!.toLowerCase()) || m[3]) continue;
    depth = m[1] ? Math.max(0, depth - 1) : depth + 1;
    if (depth > MAX_HTML_DEPTH) return true;
  }
  return false;
}

const cut = (s: string | undefined) =>
  s !== undefined && s.length > MAX_BODY_CHARS ? s.slice(0, MAX_BODY_CHARS) : s;

/** The envelope of an already parsed mail (`raw` is the message as received). */
export function envelopeOf(mail: ParsedMail, raw: Buffer): EmailEnvelope {
  const html = typeof mail.html === 'string' && mail.html !== '' ? mail.html : undefined;
  const text = mail.text?.trim() ? mail.text : html ? textOfHtml(html) : undefined;
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined;
  const contentType = mail.headers.get('content-type');
  const env: EmailEnvelope = {
    format: EMAIL_ENVELOPE_FORMAT,
    messageId: parseIdList(mail.messageId)[0],
    inReplyTo: parseIdList(mail.inReplyTo)[0],
    references: parseIdList(mail.references),
    from: addresses(mail.from)[0],
    replyTo: addresses(mail.replyTo)[0],
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject?.trim() || undefined,
    date,
    text: cut(text),
    html: cut(html),
    truncated: (text?.length ?? 0) > MAX_BODY_CHARS || (html?.length ?? 0) > MAX_BODY_CHARS || undefined,
    autoSubmitted: headerText(mail.headers.get('auto-submitted')),
    precedence: headerText(mail.headers.get('precedence')),
    contentType: headerText(contentType) ?? 'text/plain',
    attachments: mail.attachments.map((a) => ({
      fileName: a.filename || undefined,
      contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
      size: a.size,
      sha256: a.checksum,
      contentId: a.contentId || undefined,
      disposition: a.contentDisposition || undefined,
      related: a.related === true,
    })),
    sha256: createHash('sha256').update(raw).digest('hex'),
    size: raw.length,
  };
  return JSON.parse(JSON.stringify(env)) as EmailEnvelope;
}

/**
 * Parses a raw RFC 5322 / MIME message (as received over IMAP or posted by an inbound webhook) into
 * its {@link EmailEnvelope} with mailparser. Lenient as mail readers are: a message with broken
 * parts still gives an envelope (the parts mailparser could read).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the bytes are empty or mailparser fails on them.
 */
export async function readMime(raw: Buffer): Promise<EmailEnvelope> {
  return envelopeOf(await parseMime(raw), raw);
}

/** A file sent with the mail: not an alternative body part, not an image the HTML shows inline. */
export const isFile = (a: EmailAttachment): boolean =>
  !a.related && (a.disposition === 'attachment' || a.fileName !== undefined);

/**
 * The mail's `Message-ID`, or for a mail without one a stable id made from its sender, date,
 * subject and bodies (the same mail redelivered gets the same one).
 */
export function messageIdOf(env: EmailEnvelope): string {
  if (env.messageId) return env.messageId;
  const h = createHash('sha256')
    .update(JSON.stringify([env.from?.address, env.date, env.subject, env.text, env.html]))
    .digest('hex');
  return `<${h.slice(0, 40)}@omnify.invalid>`;
}

/** The `MediaRef.id` of attachment `index` (0-based) of mail `messageId`: `{Message-ID}#{index + 1}`. */
export const attachmentMediaId = (messageId: string, index: number): string => `${messageId}#${index + 1}`;

/**
 * {@link readMime}, and the decoded bytes of the mail's files ({@link isFile}) by the media ids
 * `parse` gives them, for the host to keep in the media store (an e-mail has no media API to fetch
 * them from later).
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` as {@link readMime}.
 */
export async function readMail(
  raw: Buffer,
): Promise<{ envelope: EmailEnvelope; files: Map<string, Uint8Array> }> {
  const mail = await parseMime(raw);
  const envelope = envelopeOf(mail, raw);
  const messageId = messageIdOf(envelope);
  const files = new Map<string, Uint8Array>();
  envelope.attachments.forEach((a, i) => {
    const content = mail.attachments[i]?.content;
    if (isFile(a) && content) files.set(attachmentMediaId(messageId, i), content);
  });
  return { envelope, files };
}

async function parseMime(raw: Buffer): Promise<ParsedMail> {
  if (raw.length === 0) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The e-mail is empty.', {
      fields: [{ path: '/body', message: 'must be an RFC 5322 message' }],
    });
  }
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      skipImageLinks: true,
      checksumAlgo: 'sha256',
      // Text of a top-level HTML part: textOfHtml's, which refuses markup nested too deep.
      skipHtmlToText: true,
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch (e) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The e-mail cannot be read as MIME.', {
      fields: [{ path: '/body', message: e instanceof Error ? e.message.slice(0, 200) : 'unreadable MIME' }],
    });
  }
  return mail;
}
