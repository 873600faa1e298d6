import { describe, expect, it } from 'vitest';
import { readMime } from '../../integrations/email/email.envelope.ts';
import { emailOriginalOf } from './email-original.ts';

/* The envelope read back for "View original"; the sanitizing itself is tested in email-html.test.ts. */

const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

describe('emailOriginalOf', () => {
  it('reads a received mail back: addresses, date, full text, sanitized HTML, files', async () => {
    const env = await readMime(
      Buffer.from(
        crlf([
          'From: Mary Smith <mary@customer.example>',
          'To: Acme Support <support@acme.example>, sales@acme.example',
          'Cc: Bob <bob@customer.example>',
          'Subject: Where is my order?',
          'Date: Mon, 02 Mar 2026 09:55:00 +0100',
          'Message-ID: <html.1@customer.example>',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="b1"',
          '',
          '--b1',
          'Content-Type: multipart/alternative; boundary="b2"',
          '',
          '--b2',
          'Content-Type: text/plain; charset=utf-8',
          '',
          'Hello, where is my order?',
          '',
          '> older text',
          '--b2',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>Hello, <b>where</b> is my order?<script>alert(1)</script><img src="https://t.example/p.gif"></p>',
          '--b2--',
          '--b1',
          'Content-Type: application/pdf; name="invoice.pdf"',
          'Content-Disposition: attachment; filename="invoice.pdf"',
          'Content-Transfer-Encoding: base64',
          '',
          'JVBERi0xLjQK',
          '--b1--',
        ]),
      ),
    );
    expect(emailOriginalOf(JSON.parse(JSON.stringify(env)))).toEqual({
      subject: 'Where is my order?',
      from: { address: 'mary@customer.example', name: 'Mary Smith' },
      to: [{ address: 'support@acme.example', name: 'Acme Support' }, { address: 'sales@acme.example' }],
      cc: [{ address: 'bob@customer.example', name: 'Bob' }],
      date: '2026-03-02T08:55:00.000Z',
      text: 'Hello, where is my order?\n\n> older text',
      html: '<p>Hello, <b>where</b> is my order?</p>',
      truncated: false,
      remoteImagesBlocked: 1,
      attachments: [{ fileName: 'invoice.pdf', contentType: 'application/pdf', size: 9 }],
    });
  });

  it('is null for anything that is not an e-mail envelope', () => {
    for (const raw of [null, undefined, 'x', 1, [], {}, { format: 'omnify.email/2' }, { object: 'whatsapp' }])
      expect(emailOriginalOf(raw)).toBeNull();
  });

  it('reads fields of the wrong type as absent, and leaves out inline parts of the HTML', () => {
    expect(
      emailOriginalOf({
        format: 'omnify.email/1',
        subject: 7,
        from: { name: 'no address' },
        to: [{ address: 'a@x.example' }, 'b@x.example', null],
        cc: 'c@x.example',
        date: 'yesterday',
        html: '<p>hi</p>',
        truncated: true,
        attachments: [
          { contentType: 'image/png', size: 10, related: true },
          { fileName: 'a.txt', size: -3 },
          'junk',
        ],
      }),
    ).toEqual({
      subject: null,
      from: null,
      to: [{ address: 'a@x.example' }],
      cc: [],
      date: null,
      text: null,
      html: '<p>hi</p>',
      truncated: true,
      remoteImagesBlocked: 0,
      attachments: [{ fileName: 'a.txt', contentType: 'application/octet-stream', size: 0 }],
    });
  });
});
