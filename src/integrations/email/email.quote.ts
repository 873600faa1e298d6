import EmailReplyParser from 'email-reply-parser';

/**
 * The text a person wrote in a reply, without the quoted history and the signature, by
 * `email-reply-parser` (Crisp's maintained port of GitHub's EmailReplyParser: `>` quotes, "On … wrote:"
 * headers in many languages and clients, Outlook's "-----Original Message-----" and "From:" blocks,
 * `-- ` signatures). Pinned to 2.3.7, the last release that declares Node 20 support.
 */

/** Longest text handed to the parser (characters); its line rules are linear, but bodies can be huge. */
const MAX_PARSED_CHARS = 64 * 1024;

/**
 * The new text of `fullText` (trimmed). Falls back to the whole text, trimmed, when the parser finds
 * nothing new (a forward, a message that is all quote) or fails, so no text is ever lost: the full
 * text is kept with the message in any case.
 */
export function newText(fullText: string): string {
  const whole = fullText.replace(/\r\n?/g, '\n').trim();
  if (whole === '' || whole.length > MAX_PARSED_CHARS) return whole;
  try {
    const visible = new EmailReplyParser().parseReply(whole).trim();
    return visible === '' ? whole : visible;
  } catch {
    return whole;
  }
}
