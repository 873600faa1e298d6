import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import type { OutboundRequest, SendContext } from '../contract/channel-adapter.ts';
import { SANDBOX_BASE_URL } from '../sandbox/sandbox.transport.ts';
import { createEmailAdapter } from './email.adapter.ts';
import type { EmailConfig } from './email.config.ts';
import { config as baseConfig, CUSTOMER, SUPPORT } from './email.fixtures.ts';
import { composeReply } from './email.send.ts';
import { type SmtpTestServer, startSmtpTestServer } from './email.smtp.fixture.ts';
import { ourMessageId } from './email.thread.ts';

/*
 * Sending through a real SMTP server on 127.0.0.1 (smtp-server): the exact mail nodemailer sends
 * (envelope, login, headers, threading), and how SMTP replies and connection failures map to the
 * error catalog; the SSRF guard refuses a private host before connecting.
 */

const ROOT = '<first.1234@customer.example>';
const LAST = '<reply.3@customer.example>';
const out: OutboundRequest = {
  messageId: '6d1c4a3e-0000-4000-8000-000000000001',
  threadKey: ROOT,
  text: 'Your parcel is on its way. – Acme',
  replyToPlatformMessageId: LAST,
  replyContext: {
    to: CUSTOMER,
    subject: 'Where is my order?',
    messageId: LAST,
    references: `${ROOT} <ours.2@acme.example> ${LAST}`,
  },
};
const http = createHttpClient({ allowPrivateUrls: true });

describe('sending e-mail over SMTP', () => {
  let smtp: SmtpTestServer;
  let config: EmailConfig;
  const adapter = createEmailAdapter({ allowPrivate: () => true });
  const ctx = (c: EmailConfig, timeoutMs = 5_000): SendContext => ({
    apiBaseUrl: adapter.apiBaseUrl(c),
    timeoutMs,
    http,
  });

  beforeAll(async () => {
    smtp = await startSmtpTestServer({ auth: { user: SUPPORT, pass: baseConfig.smtpPass! } });
    config = { ...baseConfig, smtpPort: smtp.port };
  });
  afterAll(() => smtp?.close());

  it('sends the reply in its thread: login, envelope, headers, text; returns our Message-ID', async () => {
    const res = await adapter.send(out, config, ctx(config));
    const expectedId = ourMessageId(ROOT, out.messageId, SUPPORT);
    expect(res).toEqual({ platformMessageId: expectedId, status: 'sent' });
    const [mail] = await smtp.waitForMails(1);
    expect(mail).toMatchObject({ user: SUPPORT, envelopeFrom: SUPPORT, envelopeTo: [CUSTOMER] });
    const p = mail!.parsed;
    expect(p.from?.value).toEqual([{ address: SUPPORT, name: 'Acme Support' }]);
    expect(p.to && !Array.isArray(p.to) ? p.to.value : []).toEqual([{ address: CUSTOMER, name: '' }]);
    expect(p.subject).toBe('Re: Where is my order?');
    expect(p.messageId).toBe(expectedId);
    expect(p.inReplyTo).toBe(LAST);
    expect(p.references).toEqual([ROOT, '<ours.2@acme.example>', LAST]);
    expect(p.text?.trim()).toBe(out.text);
  });

  it('composes without a reply context from an address thread key, and refuses when there is no address', () => {
    const proactive = composeReply({ messageId: 'm-2', threadKey: CUSTOMER, text: 'Hi' }, config);
    expect(proactive).toMatchObject({ to: CUSTOMER, subject: 'Re:', references: [] });
    expect(proactive.inReplyTo).toBeUndefined();
    expect(() => composeReply({ messageId: 'm-3', threadKey: ROOT, text: 'Hi' }, config)).toThrow(
      /no e-mail address/,
    );
  });

  it('keeps References short: the root and the newest ids', () => {
    const refs = Array.from({ length: 40 }, (_, i) => `<r${i}@x.example>`).join(' ');
    const mail = composeReply({ ...out, replyContext: { ...out.replyContext, references: refs } }, config);
    expect(mail.references).toHaveLength(20);
    expect(mail.references[0]).toBe(ROOT);
    expect(mail.references.at(-1)).toBe(LAST);
  });

  it('a 4xx reply is transient (retried), a 5xx reply is rejected, with the SMTP code and text', async () => {
    smtp.failNext({ stage: 'rcpt', code: 452, message: '4.2.2 Mailbox full, try later' });
    const transient = await rejectionOf(adapter.send(out, config, ctx(config)));
    expect([transient.code, transient.retryable, transient.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_TRANSIENT',
      true,
      '452',
    ]);
    expect(transient.details.platformMessage).toContain('Mailbox full');
    smtp.failNext({ stage: 'data', code: 554, message: '5.7.1 Message rejected as spam' });
    const rejected = await rejectionOf(adapter.send(out, config, ctx(config)));
    expect([rejected.code, rejected.retryable, rejected.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      false,
      '554',
    ]);
    expect(rejected.details.platformMessage).toContain('rejected as spam');
  });

  it('a refused login is rejected and names no secret', async () => {
    const wrong = { ...config, smtpPass: 'Wrong-Password-4242' };
    const err = await rejectionOf(adapter.send(out, wrong, ctx(wrong)));
    expect([err.code, err.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', '535']);
    const all = JSON.stringify({ m: err.message, d: err.details });
    expect(all).not.toContain('Wrong-Password-4242');
    expect(all).not.toContain(Buffer.from('Wrong-Password-4242').toString('base64'));
  });

  it('a refused connection and a server that never answers are transient', async () => {
    const held: Socket[] = [];
    const closed = await new Promise<Server>((resolve) => {
      const s = createServer((sock) => sock.destroy());
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const silent = await new Promise<Server>((resolve) => {
      const s = createServer((sock) => void held.push(sock));
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    try {
      for (const s of [closed, silent]) {
        const port = (s.address() as { port: number }).port;
        const c = { ...config, smtpPort: port };
        const err = await rejectionOf(adapter.send(out, c, ctx(c, 500)));
        expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
      }
      const dead = { ...config, smtpPort: 9 };
      expect((await rejectionOf(adapter.send(out, dead, ctx(dead)))).code).toBe(
        'OMNIFY_ERR_PLATFORM_TRANSIENT',
      );
    } finally {
      for (const sock of held) sock.destroy();
      silent.close();
      closed.close();
    }
  });

  it('refuses a private SMTP host before connecting unless private addresses are allowed', async () => {
    const guarded = createEmailAdapter({ allowPrivate: () => false });
    const before = smtp.mails.length;
    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '[::1]']) {
      const c = { ...config, smtpHost: host };
      const err = await rejectionOf(guarded.send(out, c, ctx(c)));
      expect([err.code, err.details.platformCode], host).toEqual([
        'OMNIFY_ERR_PLATFORM_REJECTED',
        'private_address',
      ]);
      expect(err.message).toContain('OMNIFY_ALLOW_PRIVATE_URLS');
    }
    expect(smtp.mails.length).toBe(before);
  });

  it('a sandbox channel cannot send e-mail (SMTP is not HTTP) and nothing is sent', async () => {
    const before = smtp.mails.length;
    const err = await rejectionOf(
      adapter.send(out, config, { ...ctx(config), apiBaseUrl: SANDBOX_BASE_URL }),
    );
    expect([err.code, err.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'sandbox_unsupported',
    ]);
    expect(smtp.mails.length).toBe(before);
  });
});
