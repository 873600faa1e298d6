import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import {
  createWebhookChannel,
  startTestOmnify,
  TEST_API_KEY,
  type TestOmnify,
} from '../../testing/harness.ts';
import { browserCall, inviteUser } from '../users/test-session.ts';
import { call } from '../workspaces/test-call.ts';

/*
 * `GET /api/v1/conversations/{id}/messages/{messageId}/original` on the real server: mails arrive by
 * the e-mail channel's raw-MIME inbound webhook, and the route answers each one as received with its
 * HTML sanitized; any other message (another platform's, an outbound reply, a note, one of another
 * conversation or workspace) is a 404.
 */

const SECRET = 'original-inbound-secret-0123456789';
const NO_ORIGINAL = 'This message has no original e-mail: only messages received by e-mail have one.';
const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

/** A customer's mail with a text and an HTML part (a script and a tracking pixel in it) and a PDF. */
const HTML_MAIL = crlf([
  'From: Mary Smith <mary@customer.example>',
  'To: Acme Support <support@acme.example>',
  'Cc: bob@customer.example',
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
  'Hello, where is my order #1042?',
  '',
  'On Sun, Acme wrote:',
  '> Your order has shipped.',
  '--b2',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<html><body><p onclick="steal()">Hello, <b>where</b> is my order #1042?</p>',
  '<script>document.title = "pwned"</script><img src="https://track.example/open.gif" width="1" height="1">',
  '<blockquote>Your order has shipped.</blockquote><a href="javascript:alert(1)">track</a></body></html>',
  '--b2--',
  '--b1',
  'Content-Type: application/pdf; name="invoice.pdf"',
  'Content-Disposition: attachment; filename="invoice.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQK',
  '--b1--',
]);

/** A plain-text mail in another thread. */
const TEXT_MAIL = crlf([
  'From: Joe <joe@customer.example>',
  'To: support@acme.example',
  'Subject: Opening hours',
  'Message-ID: <text.1@customer.example>',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'When are you open?',
  '',
  '-- ',
  'Joe',
]);

describe.each(testBackends())('the original e-mail of a message on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  /** Conversation and message ids by what they are. */
  const ids: Record<string, string> = {};
  const original = (conversationId: string, messageId: string, key = TEST_API_KEY) =>
    call(omnify.url, key, 'GET', `/api/v1/conversations/${conversationId}/messages/${messageId}/original`);
  const mail = (raw: string) =>
    omnify.post(`/webhooks/${channelId}`, raw, {
      'content-type': 'message/rfc822',
      authorization: `Bearer ${SECRET}`,
    });
  /** The conversation of the mail from `address`, and its messages oldest first. */
  const conversationOf = async (address: string) => {
    const list = (await omnify.api('GET', '/api/v1/conversations?limit=50')).json.data as Array<{
      id: string;
      channelId: string;
      threadKey: string;
    }>;
    const r = await omnify.db.query<{ conversation_id: string }>(
      `SELECT m.conversation_id FROM messages m WHERE m.channel_id = $1 AND m.raw -> 'from' ->> 'address' = $2 LIMIT 1`,
      [channelId, address],
    );
    const id = r.rows[0]!.conversation_id;
    expect(list.map((c) => c.id)).toContain(id);
    const page = await omnify.api('GET', `/api/v1/conversations/${id}/messages?order=asc`);
    return { id, messages: page.json.data as Array<{ id: string; contentType: string; direction: string }> };
  };

  beforeAll(async () => {
    // No workers: the reply below stays queued (its SMTP host does not exist).
    omnify = await startTestOmnify(backend, { workers: false });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'email',
      config: {
        from: 'Acme Support <support@acme.example>',
        smtpHost: 'smtp.acme.invalid',
        smtpPort: 2525,
        smtpUser: 'support@acme.example',
        smtpPass: 'smtp-password-0123',
        inboundSecret: SECRET,
      },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(201);
    channelId = ch.json.id;
    expect((await mail(HTML_MAIL)).json).toEqual({ ok: true, stored: 2, duplicates: 0 });
    expect((await mail(TEXT_MAIL)).json).toEqual({ ok: true, stored: 1, duplicates: 0 });
    const html = await conversationOf('mary@customer.example');
    ids.htmlConversation = html.id;
    ids.htmlText = html.messages.find((m) => m.contentType === 'text')!.id;
    ids.htmlFile = html.messages.find((m) => m.contentType === 'document')!.id;
    const text = await conversationOf('joe@customer.example');
    ids.textConversation = text.id;
    ids.textMessage = text.messages[0]!.id;
    // An outbound reply and a private note in the e-mail conversation.
    const reply = await omnify.api('POST', `/api/v1/conversations/${html.id}/messages`, {
      text: 'On its way',
    });
    expect(reply.status).toBe(202);
    ids.reply = reply.json.id;
    const note = await omnify.api('POST', `/api/v1/conversations/${html.id}/notes`, { text: 'VIP' });
    expect(note.status).toBe(201);
    ids.note = note.json.id;
    // A message of another platform: the generic signed webhook channel.
    const hookSecret = 'original-webhook-secret-0123456789';
    const hook = await createWebhookChannel(omnify, hookSecret);
    const body = JSON.stringify({
      type: 'message',
      id: 'w-1',
      from: { id: 'customer-w', name: 'Wes' },
      threadId: 'thread-w',
      text: 'Hi from the webhook',
    });
    const stored = await omnify.post(`/webhooks/${hook}`, body, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(hookSecret, body),
    });
    expect(stored.status).toBe(200);
    const row = await omnify.db.query<{ id: string; conversation_id: string }>(
      'SELECT id, conversation_id FROM messages WHERE channel_id = $1',
      [hook],
    );
    ids.webhookConversation = row.rows[0]!.conversation_id;
    ids.webhookMessage = row.rows[0]!.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('answers an HTML mail as received, its HTML sanitized', async () => {
    const r = await original(ids.htmlConversation!, ids.htmlText!);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toEqual({
      subject: 'Where is my order?',
      from: { address: 'mary@customer.example', name: 'Mary Smith' },
      to: [{ address: 'support@acme.example', name: 'Acme Support' }],
      cc: [{ address: 'bob@customer.example' }],
      date: '2026-03-02T08:55:00.000Z',
      text: 'Hello, where is my order #1042?\n\nOn Sun, Acme wrote:\n> Your order has shipped.',
      html: expect.any(String),
      truncated: false,
      remoteImagesBlocked: 1,
      attachments: [{ fileName: 'invoice.pdf', contentType: 'application/pdf', size: 9 }],
    });
    const html = r.json.html as string;
    expect(html).toContain('<p>Hello, <b>where</b> is my order #1042?</p>');
    expect(html).toContain('<blockquote>Your order has shipped.</blockquote><a>track</a>');
    expect(html).not.toMatch(/script|pwned|onclick|steal|track\.example|javascript/i);
    // The message itself shows only the new text.
    const msg = await omnify.api('GET', `/api/v1/conversations/${ids.htmlConversation}/messages?order=asc`);
    expect(msg.json.data[0].text).toBe('Hello, where is my order #1042?');
  });

  it('answers the same mail for the message of its attached file', async () => {
    const a = await original(ids.htmlConversation!, ids.htmlText!);
    const b = await original(ids.htmlConversation!, ids.htmlFile!);
    expect(b.status).toBe(200);
    expect(b.json).toEqual(a.json);
  });

  it('answers a text-only mail with its full text and no HTML', async () => {
    const r = await original(ids.textConversation!, ids.textMessage!);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({
      subject: 'Opening hours',
      from: { address: 'joe@customer.example', name: 'Joe' },
      cc: [],
      date: null,
      text: 'When are you open?\n\n-- \nJoe\n',
      html: null,
      remoteImagesBlocked: 0,
      attachments: [],
    });
  });

  it('is 404 for any other message: another platform’s, a reply, a note, another conversation’s, none', async () => {
    const cases: Array<[string, string, string]> = [
      ['another platform', ids.webhookConversation!, ids.webhookMessage!],
      ['an outbound reply', ids.htmlConversation!, ids.reply!],
      ['a private note', ids.htmlConversation!, ids.note!],
      ['a message of another conversation', ids.textConversation!, ids.htmlText!],
      ['a mail under another platform’s conversation', ids.webhookConversation!, ids.htmlText!],
      ['no such message', ids.htmlConversation!, '00000000-0000-4000-8000-000000000000'],
      ['no such conversation', '00000000-0000-4000-8000-000000000000', ids.htmlText!],
      ['ids that are no UUIDs', 'x', 'y'],
    ];
    for (const [what, conversationId, messageId] of cases) {
      const r = await original(conversationId, messageId);
      expect(r.status, what).toBe(404);
      expect(r.json.error, what).toEqual({ code: 'OMNIFY_ERR_NOT_FOUND', message: NO_ORIGINAL });
    }
  });

  it('is 404 to another workspace, and shows it nothing', async () => {
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: 'Other' });
    expect(ws.status).toBe(201);
    const r = await original(ids.htmlConversation!, ids.htmlText!, ws.json.apiKey.key);
    expect(r.status).toBe(404);
    expect(JSON.stringify(r.json)).not.toMatch(/mary|order/i);
  });

  it('answers viewers, by API key and signed in', async () => {
    const key = await omnify.api('POST', '/api/v1/api-keys', { name: 'viewer key', role: 'viewer' });
    expect(key.status).toBe(201);
    expect((await original(ids.htmlConversation!, ids.htmlText!, key.json.key)).status).toBe(200);
    const viewer = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'viewer@acme.example',
      name: 'Vera Viewer',
      password: 'viewer-password-1',
      role: 'viewer',
    });
    const path = `/api/v1/conversations/${ids.htmlConversation}/messages/${ids.htmlText}/original`;
    const r = await browserCall(omnify.url, viewer.session, 'GET', path);
    expect(r.status).toBe(200);
    expect(r.json.subject).toBe('Where is my order?');
  });

  it('never answers 5xx to odd ids', async () => {
    for (const [c, m] of [
      ['%00', '%00'],
      [ids.htmlConversation!, `${ids.htmlText}%00`],
      [ids.htmlConversation!, 'a'.repeat(300)],
      ['%F0%9F%98%80', ids.htmlText!],
      [ids.htmlConversation!.toUpperCase(), ids.htmlText!.toUpperCase()],
    ]) {
      const r = await original(c!, m!);
      expect(r.status, `${c} ${m}`).toBeLessThan(500);
    }
  });
});
