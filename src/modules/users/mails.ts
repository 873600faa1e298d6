import type { OutboundMail } from '../../kernel/mail/mailer.ts';

/**
 * The e-mails of the users module, in English: plain text plus the same in simple HTML. Names
 * given by users (workspace, inviter) are escaped in the HTML; links are absolute.
 */

/** `s` safe inside HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A duration in whole minutes as words: `1 hour`, `90 minutes`, `7 days`. */
export function durationText(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % (24 * 60) === 0) return plural(minutes / (24 * 60), 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/** Wraps paragraphs (already escaped HTML) in a minimal, client-safe HTML document. */
function htmlDocument(title: string, paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
${body}
</body></html>
`;
}

/** A link as HTML: the URL as the anchor text too, so it can be copied. */
function htmlLink(url: string): string {
  const u = escapeHtml(url);
  return `<a href="${u}">${u}</a>`;
}

/**
 * The password-reset e-mail to `to` (greeting `name`): the one-time `url`, valid `validMs`
 * milliseconds, and that it can be ignored.
 */
export function passwordResetMail(input: {
  to: string;
  name: string;
  url: string;
  validMs: number;
}): OutboundMail {
  const valid = durationText(input.validMs);
  const subject = 'Reset your Omnify password';
  const hello = input.name.trim() ? `Hello ${input.name.trim()},` : 'Hello,';
  const ask = `Someone asked to reset the password of the Omnify account ${input.to}. To choose a new password, open this link. It is valid for ${valid} and works once:`;
  const ignore = 'If you did not ask for this, you can ignore this e-mail: your password stays as it is.';
  return {
    to: input.to,
    subject,
    text: `${hello}\n\n${ask}\n\n${input.url}\n\n${ignore}\n`,
    html: htmlDocument(subject, [
      escapeHtml(hello),
      escapeHtml(ask),
      htmlLink(input.url),
      escapeHtml(ignore),
    ]),
  };
}

/**
 * The invitation e-mail to `to`: who invited them (`inviterName`, or null for an API key) to which
 * workspace with which role, the one-time `url`, valid `validMs` milliseconds, and that it can be
 * ignored.
 */
export function invitationMail(input: {
  to: string;
  workspaceName: string;
  inviterName: string | null;
  role: string;
  url: string;
  validMs: number;
}): OutboundMail {
  const valid = durationText(input.validMs);
  const ws = input.workspaceName.trim() || 'a workspace';
  const subject = `You are invited to ${ws} on Omnify`;
  const who = input.inviterName?.trim() ? input.inviterName.trim() : 'A workspace administrator';
  const invited = `${who} invited you to join the workspace "${ws}" on Omnify as ${input.role}.`;
  const open = `To accept, open this link. It is valid for ${valid} and works once:`;
  const ignore = 'If you do not want to join, you can ignore this e-mail.';
  return {
    to: input.to,
    subject,
    text: `Hello,\n\n${invited}\n\n${open}\n\n${input.url}\n\n${ignore}\n`,
    html: htmlDocument(subject, [
      'Hello,',
      escapeHtml(invited),
      escapeHtml(open),
      htmlLink(input.url),
      escapeHtml(ignore),
    ]),
  };
}
