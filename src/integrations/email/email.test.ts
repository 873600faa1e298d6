import { createHash } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskSecrets } from '../../kernel/crypto/mask.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { defineChannelContract } from '../contract/channel.contract-suite.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { createEmailAdapter } from './email.adapter.ts';
import type { EmailConfig } from './email.config.ts';
import { type EmailEnvelope, nestsTooDeep, readMime } from './email.envelope.ts';
import {
  AUTO_REPLY,
  CUSTOMER,
  config,
  ECHO,
  FIRST,
  HTML_WITH_FILES,
  NO_ID,
  NOW_MS,
} from './email.fixtures.ts';
import { ourMessageId } from './email.thread.ts';
import { signMailgun } from './email.webhook.ts';

/*
 * The shared channel contract over our samples (email.fixtures.ts, written from the RFCs; the real
 * messages are in email.real-mail.test.ts), each posted as message/rfc822 and read by the adapter's
 * own `decode`. Its send half speaks HTTP: SMTP sending is tested against a real SMTP server in
 * email.send.test.ts, which the suite checks is there.
 */

const adapter = createEmailAdapter({ now: () => NOW_MS, allowPrivate: () => true });

const req = (rawBody: Buffer | string, headers: Record<string, string> = {}): WebhookRequest => ({
  method: 'POST',
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  query: {},
  rawBody: Buffer.from(rawBody),
});
const bearer = { authorization: `Bearer ${config.inboundSecret}`, 'content-type': 'message/rfc822' };
const parse = (env: EmailEnvelope) => adapter.parse(JSON.parse(JSON.stringify(env)), config);
const messages = (events: InboundEvent[]) => events as InboundMessage[];

function wellFormed(m: InboundMessage) {
  expect(m.platformMessageId).toMatch(/^<[^<>\s]+>$/);
  expect(m.dedupeKey.startsWith(m.platformMessageId)).toBe(true);
  expect(m.threadKey).toMatch(/^<[^<>\s]+>$/);
  expect(m.sender.handle).toBe(m.sender.handle.toLowerCase());
  expect(Number.isNaN(m.sentAt.getTime())).toBe(false);
  expect(m.raw).toBeDefined();
  if (m.content.type === 'text') expect(m.text).toBe(m.content.text);
  expect(m.replyContext?.to).toMatch(/@/);
}

describe('e-mail config', () => {
  it('accepts the test config, declares its secrets and masks them', () => {
    expect(Value.Check(adapter.configSchema, config)).toBe(true);
    expect(adapter.secretFields).toEqual(['smtpPass', 'imapPass', 'inboundSecret']);
    const masked = JSON.stringify(
      maskSecrets({ ...config, imapPass: 'imap-pass-98765' }, adapter.secretFields),
    );
    for (const s of [config.smtpPass!, config.inboundSecret!, 'imap-pass-98765'])
      expect(masked).not.toContain(s);
  });

  it('refuses hosts with a scheme or a path, a short inbound secret, a port out of range', () => {
    for (const bad of [
      { smtpHost: 'smtp://mail.example.org' },
      { smtpHost: 'mail.example.org/x' },
      { inboundSecret: 'short' },
      { smtpPort: 70_000 },
      { from: 'nobody' },
    ]) {
      expect(Value.Check(adapter.configSchema, { ...config, ...bad }), JSON.stringify(bad)).toBe(false);
    }
  });

  it('receives over IMAP only when imapHost is set; SMTP is its API base', () => {
    expect(adapter.receives?.(config)).toBe(true);
    expect(adapter.receives?.({ ...config, imapHost: undefined })).toBe(false);
    expect(adapter.apiBaseUrl(config)).toBe('smtp://127.0.0.1:2525');
    expect(adapter.apiBaseUrl({ ...config, smtpPort: 465 })).toBe('smtps://127.0.0.1:465');
  });
});

describe('inbound webhook verification', () => {
  const body = Buffer.from(FIRST);
  const mailgunForm = (ts: number, key = config.inboundSecret!) => {
    const token = 'a'.repeat(50);
    const form = new URLSearchParams({
      timestamp: String(ts),
      token,
      signature: signMailgun(key, String(ts), token),
      'body-mime': FIRST,
    });
    return req(form.toString(), { 'content-type': 'application/x-www-form-urlencoded' });
  };
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  const cases: [string, WebhookRequest, boolean][] = [
    ['Bearer secret', req(body, bearer), true],
    [
      'Basic with the secret as password',
      req(body, { authorization: basic('omnify', config.inboundSecret!) }),
      true,
    ],
    ['Bearer with another secret', req(body, { authorization: 'Bearer another-secret-0123456789' }), false],
    ['Basic with another password', req(body, { authorization: basic('omnify', 'nope') }), false],
    ['no credential', req(body, { 'content-type': 'message/rfc822' }), false],
    ['Mailgun signature now', mailgunForm(NOW_MS / 1000), true],
    ['Mailgun signature 299 s old', mailgunForm(NOW_MS / 1000 - 299), true],
    ['Mailgun signature 301 s old (a replay)', mailgunForm(NOW_MS / 1000 - 301), false],
    ['Mailgun signature with another key', mailgunForm(NOW_MS / 1000, 'another-signing-key-000'), false],
  ];
  defineChannelContract<EmailConfig>({
    adapter,
    config,
    // The inbound secret authenticates the request, not the body (as Telegram's secret token).
    signatureCoversBody: false,
    sign: (_, c) => ({ authorization: `Bearer ${c.inboundSecret}` }),
    webhooks: [
      { name: 'a first message', body: Buffer.from(FIRST), contentType: 'message/rfc822' },
      { name: 'an HTML mail with files', body: Buffer.from(HTML_WITH_FILES), contentType: 'message/rfc822' },
      { name: 'an out-of-office answer', body: Buffer.from(AUTO_REPLY), contentType: 'message/rfc822' },
      {
        name: 'our own mail (an echo: no event)',
        body: Buffer.from(ECHO),
        contentType: 'message/rfc822',
        check: (events) => expect(events).toEqual([]),
      },
      { name: 'a mail without Message-ID', body: Buffer.from(NO_ID), contentType: 'message/rfc822' },
    ],
    signatureVectors: cases.map(([name, request, valid]) => ({ name, config, request, valid })),
    sendTestedIn: 'src/integrations/email/email.send.test.ts',
  });

  it('a Mailgun form whose signature fields were tampered with is refused', () => {
    const token = 'b'.repeat(50);
    const ts = String(NOW_MS / 1000);
    const sig = signMailgun(config.inboundSecret!, ts, token);
    const form = new URLSearchParams({
      timestamp: ts,
      token: `${token}x`,
      signature: sig,
      'body-mime': FIRST,
    });
    const err = thrownBy(() =>
      adapter.verify(req(form.toString(), { 'content-type': 'application/x-www-form-urlencoded' }), config),
    );
    expect(err?.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
  });

  it('a channel without inboundSecret accepts nothing', () => {
    const err = thrownBy(() => adapter.verify(req(body, bearer), { ...config, inboundSecret: undefined }));
    expect(err?.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
  });
});

describe('inbound webhook decoding', () => {
  it('reads message/rfc822, a Mailgun body-mime form (multipart) and a SendGrid raw email form', async () => {
    const boundary = '----omnify-form-7';
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="token"',
      '',
      'tok',
      `--${boundary}`,
      'Content-Disposition: form-data; name="body-mime"; filename="message.mime"',
      'Content-Type: message/rfc822',
      '',
      FIRST,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const sendgrid = new URLSearchParams({ to: 'support@acme.example', email: FIRST }).toString();
    const decoded = await Promise.all([
      adapter.decode!(req(FIRST, bearer)),
      adapter.decode!(req(multipart, { 'content-type': `multipart/form-data; boundary=${boundary}` })),
      adapter.decode!(req(sendgrid, { 'content-type': 'application/x-www-form-urlencoded' })),
    ]);
    for (const d of decoded as EmailEnvelope[]) {
      expect(d.messageId).toBe('<first.1234@customer.example>');
      expect(d.from).toEqual({ address: 'Mary@Customer.example', name: 'Mary Smith' });
    }
  });

  it('refuses an empty body and a form without the raw message with OMNIFY_ERR_VALIDATION', async () => {
    expect((await rejectionOf(Promise.resolve(adapter.decode!(req('', bearer))))).code).toBe(
      'OMNIFY_ERR_VALIDATION',
    );
    const form = req('subject=hi&body-plain=hello', { 'content-type': 'application/x-www-form-urlencoded' });
    const err = await rejectionOf(Promise.resolve(adapter.decode!(form)));
    expect(err.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(err.details.fields?.[0]?.path).toBe('/body/body-mime');
  });
});

describe('parsing e-mail', () => {
  const samples: Record<string, EmailEnvelope> = {};
  beforeAll(async () => {
    for (const [name, raw] of Object.entries({ FIRST, HTML_WITH_FILES, AUTO_REPLY, ECHO, NO_ID })) {
      samples[name] = await readMime(Buffer.from(raw));
    }
  });

  it('a first message: new text without the signature, sender, thread = its own id, reply context', () => {
    const [m, ...more] = messages(parse(samples.FIRST!));
    expect(more).toEqual([]);
    wellFormed(m!);
    expect(m).toMatchObject({
      platformMessageId: '<first.1234@customer.example>',
      dedupeKey: '<first.1234@customer.example>',
      threadKey: '<first.1234@customer.example>',
      sender: { handle: CUSTOMER, displayName: 'Mary Smith' },
      sentAt: new Date('2026-03-02T08:55:00Z'),
      content: { type: 'text', text: 'Hello, my order #1042 has not arrived yet. Can you check? Merci!' },
      replyContext: {
        to: CUSTOMER,
        subject: 'Where is my order?',
        messageId: '<first.1234@customer.example>',
        references: '<first.1234@customer.example>',
      },
    });
    expect((m!.raw as EmailEnvelope).text).toContain('Customer Inc.');
  });

  it('HTML only: text from the HTML (no markup), the PDF as a document, the inline logo not a file', () => {
    const events = messages(parse(samples.HTML_WITH_FILES!));
    expect(events.map((e) => [e.dedupeKey, e.content.type])).toEqual([
      ['<html.7@customer.example>', 'text'],
      ['<html.7@customer.example>#2', 'document'],
    ]);
    expect(events[0]!.text).toBe('Please find the invoice attached.');
    expect(events[1]!.content).toEqual({
      type: 'document',
      media: {
        id: '<html.7@customer.example>#2',
        mimeType: 'application/pdf',
        fileName: 'invoice-7.pdf',
        sha256: createHash('sha256').update(Buffer.from('JVBERi0xLjQKJcTl8uXrCg==', 'base64')).digest('hex'),
        size: 16,
      },
    });
    expect(events[1]!.replyContext?.subject).toBe('Invoice n° 7');
    expect((events[0]!.raw as EmailEnvelope).html).toContain('<script>');
  });

  it('an out-of-office answer is kept with its text as unsupported (agents do not answer it)', () => {
    const [m] = messages(parse(samples.AUTO_REPLY!));
    expect(m!.content).toMatchObject({ type: 'unsupported', platformType: 'auto-submitted' });
    expect(m!.text).toBe('I am out of the office until Monday.');
  });

  it('our own mail is an echo: no event', () => {
    expect(parse(samples.ECHO!)).toEqual([]);
    expect(
      parse({ ...samples.FIRST!, messageId: ourMessageId('<x@y>', 'm-1', 'support@acme.example') }),
    ).toEqual([]);
  });

  it('a mail without Message-ID and Date gets a stable id, the time of receipt and its subject as text', () => {
    const [a] = messages(parse(samples.NO_ID!));
    const [b] = messages(parse(samples.NO_ID!));
    expect(a!.platformMessageId).toMatch(/^<[0-9a-f]{40}@omnify\.invalid>$/);
    expect(b!.platformMessageId).toBe(a!.platformMessageId);
    expect(a!.sentAt).toEqual(new Date(NOW_MS));
    expect(a!.text).toBe('Call me back');
  });

  it('a customer reply to our mail joins the thread our Message-ID names', () => {
    const ours = ourMessageId('<first.1234@customer.example>', 'msg-9', 'support@acme.example');
    const env = {
      ...samples.FIRST!,
      messageId: '<r2@customer.example>',
      inReplyTo: ours,
      references: [ours],
    };
    const [m] = messages(parse(env));
    expect(m!.threadKey).toBe('<first.1234@customer.example>');
    expect(m!.replyToPlatformMessageId).toBe(ours);
  });

  it('replies go to Reply-To, unless it names our own address', () => {
    const to = (replyTo: string) =>
      messages(parse({ ...samples.FIRST!, replyTo: { address: replyTo } }))[0]!.replyContext?.to;
    expect(to('Orders@Customer.example')).toBe('orders@customer.example');
    expect(to('SUPPORT@acme.example')).toBe(CUSTOMER);
  });

  it('refuses a body that is not an e-mail envelope with OMNIFY_ERR_VALIDATION', () => {
    for (const bad of [42, null, {}, { format: 'omnify.email/1' }, { ...samples.FIRST!, references: 'x' }]) {
      expect(thrownBy(() => adapter.parse(bad, config))?.code).toBe('OMNIFY_ERR_VALIDATION');
    }
  });
});

describe('HTML nested too deep to turn into text', () => {
  it('estimates nesting in one pass over the tags, not counting void or implicitly closed elements', () => {
    expect(nestsTooDeep('<b>'.repeat(600))).toBe(true);
    expect(nestsTooDeep(`${'<div>'.repeat(500)}x${'</div>'.repeat(500)}`.repeat(3))).toBe(false);
    expect(nestsTooDeep('<p>x<br><img src="a"><li>y<td>z'.repeat(2000))).toBe(false);
    expect(nestsTooDeep('<a'.repeat(10_000))).toBe(false);
  });

  it('stores a mail whose HTML nests deeper than 512 elements with its HTML but no derived text', async () => {
    const raw = [
      'From: a@customer.example',
      'To: support@acme.example',
      'Subject: deep',
      'Message-ID: <deep.1@customer.example>',
      'Content-Type: text/html',
      '',
      `${'<b>'.repeat(5000)}hello`,
    ].join('\r\n');
    const env = await readMime(Buffer.from(raw));
    expect(env.text).toBeUndefined();
    expect(env.html?.startsWith('<b><b>')).toBe(true);
    const shallow = await readMime(Buffer.from(raw.replace(/(<b>){5000}/, '<p>Hello <b>there</b></p>')));
    expect(shallow.text).toBe('Hello there\n\nhello');
  });
});
