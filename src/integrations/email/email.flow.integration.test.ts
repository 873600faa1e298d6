import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectAgentChannel } from '../../testing/agent-channel.ts';
import { testBackends } from '../../testing/backends.ts';
import { fakeOpenAI } from '../../testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import type { RecordingServer } from '../../testing/http-recorder.ts';
import { imapSkipReason, startImapServer } from '../../testing/imap-server.ts';
import { AUTO_REPLY, CUSTOMER, customerReply, ECHO, FIRST, SUPPORT } from './email.fixtures.ts';
import { type SmtpTestServer, startSmtpTestServer } from './email.smtp.fixture.ts';
import { threadKeyInOurId } from './email.thread.ts';

/*
 * End to end on the real server: a customer's mail arrives by the raw-MIME inbound webhook, the
 * channel's agent (a fake OpenAI-compatible endpoint) answers, and the answer leaves through a real
 * SMTP server on 127.0.0.1 as a reply in the mail's thread; the customer's answer to it lands in the
 * same conversation. Redeliveries, our own echo and an out-of-office answer store nothing twice and
 * are not answered. With Dovecot installed, a mail read over IMAP by the inbox's receiver host is
 * stored and answered the same way.
 */

const SECRET = 'flow-inbound-secret-0123456789';
const SMTP_PASS = 'flow-smtp-password-42';
const ROOT = '<first.1234@customer.example>';

describe.each(testBackends())('e-mail message flow on %s', (backend) => {
  let omnify: TestOmnify;
  let smtp: SmtpTestServer;
  let openai: RecordingServer;
  let channelId: string;
  const post = (raw: string, headers: Record<string, string> = { authorization: `Bearer ${SECRET}` }) =>
    omnify.post(`/webhooks/${channelId}`, raw, { 'content-type': 'message/rfc822', ...headers });
  const inbound = async () =>
    (
      await omnify.db.query<{ dedupe_key: string; conversation_id: string; content_type: string }>(
        `SELECT dedupe_key, conversation_id, content_type FROM messages
          WHERE channel_id = $1 AND direction = 'inbound' ORDER BY created_at, id`,
        [channelId],
      )
    ).rows;

  beforeAll(async () => {
    // SMTP hosts are checked by the adapter itself (not HTTP): it reads OMNIFY_ALLOW_PRIVATE_URLS.
    vi.stubEnv('OMNIFY_ALLOW_PRIVATE_URLS', 'true');
    smtp = await startSmtpTestServer({ auth: { user: SUPPORT, pass: SMTP_PASS } });
    openai = await fakeOpenAI().start();
    omnify = await startTestOmnify(backend);
    channelId = await connectAgentChannel(omnify, {
      openaiBaseUrl: openai.baseUrl,
      name: 'Mail bot',
      platform: 'email',
      config: {
        from: `Acme Support <${SUPPORT}>`,
        smtpHost: '127.0.0.1',
        smtpPort: smtp.port,
        smtpUser: SUPPORT,
        smtpPass: SMTP_PASS,
        inboundSecret: SECRET,
      },
      secrets: [SMTP_PASS, SECRET],
    });
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([smtp?.close(), openai?.stop()]);
    vi.unstubAllEnvs();
  });

  it('answers a mail in its thread, and the customer’s answer lands in the same conversation', async () => {
    expect((await post(FIRST)).json).toEqual({ ok: true, stored: 1, duplicates: 0 });
    const [first] = await smtp.waitForMails(1);
    const p = first!.parsed;
    expect(first!.envelopeTo).toEqual([CUSTOMER]);
    expect(p.subject).toBe('Re: Where is my order?');
    expect(p.inReplyTo).toBe(ROOT);
    expect(p.references).toBe(ROOT);
    expect(threadKeyInOurId(p.messageId!)).toBe(ROOT);
    expect(p.text?.trim()).toBe('You said: Hello, my order #1042 has not arrived yet. Can you check? Merci!');
    const sent = await omnify.until('the reply marked sent', async () => {
      const r = await omnify.db.query<{ platform_message_id: string }>(
        `SELECT platform_message_id FROM messages WHERE channel_id = $1 AND direction = 'outbound' AND status = 'sent'`,
        [channelId],
      );
      return r.rows[0];
    });
    expect(sent.platform_message_id).toBe(p.messageId);

    // The customer answers, quoting us; their client keeps References.
    expect((await post(customerReply(p.messageId!))).json).toEqual({ ok: true, stored: 1, duplicates: 0 });
    const [, second] = await smtp.waitForMails(2);
    expect(second!.parsed.text?.trim()).toBe('You said: Thanks, it just arrived.');
    expect(second!.parsed.inReplyTo).toBe('<reply.1@customer.example>');
    expect(second!.parsed.references).toEqual([ROOT, p.messageId, '<reply.1@customer.example>']);
    const rows = await inbound();
    expect(rows.map((r) => r.dedupe_key)).toEqual([ROOT, '<reply.1@customer.example>']);
    expect(new Set(rows.map((r) => r.conversation_id)).size).toBe(1);

    // A client that keeps only In-Reply-To still finds the conversation through our Message-ID.
    const bare = customerReply(second!.parsed.messageId!, 2).replace(/^References: .*\r\n/m, '');
    expect((await post(bare)).json.stored).toBe(1);
    expect(new Set((await inbound()).map((r) => r.conversation_id)).size).toBe(1);
    await smtp.waitForMails(3);
  });

  it('stores a redelivery, our echo and an out-of-office answer once at most, and answers none', async () => {
    const before = smtp.mails.length;
    expect((await post(FIRST)).json).toEqual({ ok: true, stored: 0, duplicates: 1 });
    expect((await post(ECHO)).json).toEqual({ ok: true, stored: 0, duplicates: 0 });
    expect((await post(AUTO_REPLY)).json).toEqual({ ok: true, stored: 1, duplicates: 0 });
    expect((await inbound()).at(-1)).toMatchObject({
      dedupe_key: '<ooo.1@customer.example>',
      content_type: 'unsupported',
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.mails.length).toBe(before);
  });

  it.skipIf(imapSkipReason() !== undefined)(
    'receives over IMAP through the receiver host and answers by SMTP',
    async () => {
      const imap = await startImapServer({ users: [{ user: SUPPORT, pass: SMTP_PASS }] });
      try {
        const ch = await omnify.api('POST', '/api/v1/channels', {
          platform: 'email',
          config: {
            from: `Acme Support <${SUPPORT}>`,
            smtpHost: '127.0.0.1',
            smtpPort: smtp.port,
            smtpUser: SUPPORT,
            smtpPass: SMTP_PASS,
            imapHost: imap.host,
            imapPort: imap.port,
            imapSecure: false,
          },
        });
        expect(ch.status, JSON.stringify(ch.json)).toBe(201);
        const agentId = (await omnify.api('GET', `/api/v1/channels/${channelId}`)).json.agentId;
        expect((await omnify.api('PATCH', `/api/v1/channels/${ch.json.id}`, { agentId })).status).toBe(200);
        const { ImapFlow } = await import('imapflow');
        const client = new ImapFlow({
          host: imap.host,
          port: imap.port,
          secure: false,
          auth: { user: SUPPORT, pass: SMTP_PASS },
          logger: false,
        });
        await client.connect();
        await client.append(
          'INBOX',
          FIRST.replace('<first.1234@customer.example>', '<over.imap@customer.example>'),
        );
        await client.logout();
        const before = smtp.mails.length;
        const row = await omnify.until(
          'the IMAP mail stored',
          async () =>
            (
              await omnify.db.query<{ text: string }>(
                'SELECT text FROM messages WHERE channel_id = $1 AND dedupe_key = $2',
                [ch.json.id, '<over.imap@customer.example>'],
              )
            ).rows[0],
          30_000,
        );
        expect(row.text).toBe('Hello, my order #1042 has not arrived yet. Can you check? Merci!');
        const mails = await smtp.waitForMails(before + 1, 30_000);
        expect(mails.at(-1)!.parsed.inReplyTo).toBe('<over.imap@customer.example>');
        expect((await omnify.api('DELETE', `/api/v1/channels/${ch.json.id}`)).status).toBeLessThan(300);
      } finally {
        await imap.stop();
      }
    },
    90_000,
  );

  it('refuses an unauthenticated or malformed delivery without storing it', async () => {
    const before = (await inbound()).length;
    expect((await post(FIRST.replace('first.1234', 'first.9'), {})).status).toBe(401);
    expect((await post(FIRST, { authorization: 'Bearer wrong-secret-0000000000' })).status).toBe(401);
    const form = await post('subject=hi', {
      authorization: `Bearer ${SECRET}`,
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect([form.status, form.json.error.code]).toEqual([400, 'OMNIFY_ERR_VALIDATION']);
    expect((await inbound()).length).toBe(before);
  });
});
