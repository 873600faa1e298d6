import type { EmailConfig } from './email.config.ts';

/**
 * Sample messages written for the tests from RFC 5322 (Internet Message Format: §3.6.4 identification
 * fields, Appendix A.2 reply example), RFC 2045/2046 (MIME multipart), RFC 2183 (Content-Disposition)
 * and RFC 3834 (Auto-Submitted). They complement the real messages of
 * ../shared/fixtures/payloads/email/ (read in place, never copied), and run when those are absent.
 * Line ends are CRLF, as SMTP and IMAP deliver them.
 */

/** The test clock: 2026-03-02T10:00:00Z. */
export const NOW_MS = Date.UTC(2026, 2, 2, 10, 0, 0);

export const SUPPORT = 'support@acme.example';
export const CUSTOMER = 'mary@customer.example';

/** A channel config: SMTP and IMAP on test servers (ports replaced by the tests). */
export const config: EmailConfig = {
  from: `Acme Support <${SUPPORT}>`,
  smtpHost: '127.0.0.1',
  smtpPort: 2525,
  smtpUser: SUPPORT,
  smtpPass: 'smtp-app-password-1234',
  imapHost: '127.0.0.1',
  imapPort: 1143,
  imapSecure: false,
  inboundSecret: 'inbound-secret-0123456789abcdef',
};

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** A first message from a customer: plain text, signed with a `-- ` signature. */
export const FIRST = crlf([
  `From: Mary Smith <Mary@Customer.example>`,
  `To: Acme Support <${SUPPORT}>`,
  'Subject: Where is my order?',
  'Date: Mon, 02 Mar 2026 09:55:00 +0100',
  'Message-ID: <first.1234@customer.example>',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Hello, my order #1042 has not arrived yet. Can you check? Merci!',
  '',
  '-- ',
  'Mary Smith',
  'Customer Inc.',
]);

/** The customer's answer to our reply `ourId` (thread root `<first.1234@customer.example>`), quoting it. */
export function customerReply(ourId: string, n = 1): string {
  return crlf([
    `From: Mary Smith <${CUSTOMER}>`,
    `To: ${SUPPORT}`,
    'Subject: Re: Where is my order?',
    'Date: Mon, 02 Mar 2026 09:58:00 +0100',
    `Message-ID: <reply.${n}@customer.example>`,
    `In-Reply-To: ${ourId}`,
    `References: <first.1234@customer.example> ${ourId}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Thanks, it just arrived.',
    '',
    'On Mon, Mar 2, 2026 at 9:56 AM Acme Support <support@acme.example> wrote:',
    '> Your parcel is on its way.',
  ]);
}

/** An HTML-only mail with an attached PDF and an inline image the HTML shows (RFC 2387 related). */
export const HTML_WITH_FILES = crlf([
  `From: "Bob Jones" <bob@customer.example>`,
  `To: ${SUPPORT}`,
  'Subject: Invoice =?UTF-8?Q?n=C2=B0_7?=',
  'Date: Mon, 02 Mar 2026 09:00:00 +0000',
  'Message-ID: <html.7@customer.example>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  '--outer',
  'Content-Type: multipart/related; boundary="inner"',
  '',
  '--inner',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Please find the <b>invoice</b> attached.<img src="cid:logo@customer.example"></p>',
  '<script>alert(1)</script>',
  '--inner',
  'Content-Type: image/png',
  'Content-ID: <logo@customer.example>',
  'Content-Disposition: inline; filename="logo.png"',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==',
  '--inner--',
  '--outer',
  'Content-Type: application/pdf; name="invoice-7.pdf"',
  'Content-Disposition: attachment; filename="invoice-7.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQKJcTl8uXrCg==',
  '--outer--',
]);

/** An out-of-office answer (RFC 3834 `Auto-Submitted: auto-replied`). */
export const AUTO_REPLY = crlf([
  `From: Mary Smith <${CUSTOMER}>`,
  `To: ${SUPPORT}`,
  'Subject: Automatic reply: Where is my order?',
  'Date: Mon, 02 Mar 2026 09:57:00 +0100',
  'Message-ID: <ooo.1@customer.example>',
  'Auto-Submitted: auto-replied',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'I am out of the office until Monday.',
]);

/** A copy of a mail we sent (a Bcc to ourselves, a Sent folder): our own From. */
export const ECHO = crlf([
  `From: Acme Support <${SUPPORT.toUpperCase()}>`,
  `To: ${CUSTOMER}`,
  'Subject: Re: Where is my order?',
  'Date: Mon, 02 Mar 2026 09:56:00 +0100',
  'Message-ID: <omnify.PGZpcnN0LjEyMzRAY3VzdG9tZXIuZXhhbXBsZT4.6d1c4a3e-0000-4000-8000-000000000001@acme.example>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Your parcel is on its way.',
]);

/** A mail without Message-ID and Date (some scripts send those). */
export const NO_ID = crlf([`From: ${CUSTOMER}`, `To: ${SUPPORT}`, 'Subject: Call me back', '', '']);
