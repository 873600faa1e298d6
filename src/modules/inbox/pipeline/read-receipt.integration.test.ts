import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappText } from '../../../../test/payloads.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../../integrations/webhook/omnify-signature.ts';
import { signWhatsApp } from '../../../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../../../testing/backends.ts';
import { rejectionOf } from '../../../testing/errors.ts';
import {
  createWebhookChannel,
  startTestOmnify,
  TEST_API_KEY,
  type TestOmnify,
} from '../../../testing/harness.ts';
import { RecordingServer } from '../../../testing/http-recorder.ts';
import { browserCall, inviteUser, type Session } from '../../users/test-session.ts';
import { runReadReceipt } from './read-receipt.job.ts';

const APP_SECRET = 'read-receipt-app-secret';

/*
 * A person reading a conversation tells the contact on platforms with read receipts: the
 * `read-receipt` job, queued with the read mark, calls the WhatsApp Cloud API (a local Graph API
 * here) outside any transaction. The request body is written from Meta's docs ("Mark messages as
 * read"); ../shared has none.
 */
describe.each(testBackends())('read receipts on %s', (backend) => {
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let channelId: string;
  let alice: { session: Session; userId: string };
  let bob: { session: Session; userId: string };
  let seq = 0;

  /** Delivers a WhatsApp text with a fresh wamid; returns the wamid and its conversation id. */
  const inbound = async (text: string) => {
    const wamid = `wamid.RR-${backend}-${++seq}`;
    const raw = Buffer.from(JSON.stringify(whatsappText(wamid, text)));
    const res = await omnify.post(`/webhooks/${channelId}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
    expect(res.status).toBe(200);
    const { rows } = await omnify.db.query<{ id: string; conversationId: string }>(
      `SELECT id, conversation_id AS "conversationId" FROM messages WHERE platform_message_id = $1`,
      [wamid],
    );
    return { wamid, messageId: rows[0]!.id, conversationId: rows[0]!.conversationId };
  };
  const read = (who: Session, conversationId: string) =>
    browserCall(omnify.url, who, 'POST', `/api/v1/conversations/${conversationId}/read`);
  /** The read-receipt jobs queued for message `messageId`. */
  const jobsFor = async (messageId: string) => {
    const { rows } = await omnify.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'read-receipt' AND data->>'messageId' = $1`,
      [messageId],
    );
    return rows[0]!.n;
  };
  const receiptsOf = (wamid: string) =>
    graph.requests.filter((r) => r.json?.status === 'read' && r.json?.message_id === wamid);

  beforeAll(async () => {
    graph = await new RecordingServer((req) =>
      req.json?.status === 'read'
        ? { status: 200, body: { success: true } }
        : { status: 200, body: { messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT${++seq}` }] } },
    ).start();
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    const channel = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      config: {
        phoneNumberId: '5550002',
        accessToken: 'EAAG-read-receipt-test',
        appSecret: APP_SECRET,
        verifyToken: 'v',
        apiBaseUrl: graph.baseUrl,
      },
    });
    expect(channel.status).toBe(201);
    channelId = channel.json.id;
    alice = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'alice.rr@example.org',
      name: 'Alice',
      password: 'alice-password-1',
      role: 'viewer',
    });
    bob = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'bob.rr@example.org',
      name: 'Bob',
      password: 'bob-password-1',
      role: 'agent',
    });
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await graph?.stop();
  });

  it('marks the latest message read on WhatsApp when a person reads the conversation, once', async () => {
    await inbound('Is my order on its way?');
    const latest = await inbound('It was order #1042');
    expect((await read(alice.session, latest.conversationId)).status).toBe(204);
    await omnify.until('the read receipt', async () => receiptsOf(latest.wamid).length === 1);
    const sent = receiptsOf(latest.wamid)[0]!;
    expect(sent.url).toBe('/5550002/messages');
    expect(sent.headers.authorization).toBe('Bearer EAAG-read-receipt-test');
    expect(sent.json).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: latest.wamid });
    expect(await jobsFor(latest.messageId)).toBe(1);

    // Read again, by the same person or another: nothing new was read, nothing is queued.
    expect((await read(alice.session, latest.conversationId)).status).toBe(204);
    expect((await read(bob.session, latest.conversationId)).status).toBe(204);
    expect(await jobsFor(latest.messageId)).toBe(1);

    // A new message, read by Bob: its own receipt.
    const next = await inbound('Hello?');
    expect((await read(bob.session, next.conversationId)).status).toBe(204);
    await omnify.until('the second receipt', async () => receiptsOf(next.wamid).length === 1);
    expect(await jobsFor(next.messageId)).toBe(1);
  });

  it('is harmless when the job runs twice: the same receipt again, nothing else', async () => {
    const m = await inbound('Twice?');
    const before = graph.requests.length;
    await runReadReceipt(omnify.ctx, { messageId: m.messageId });
    await runReadReceipt(omnify.ctx, { messageId: m.messageId });
    const calls = graph.requests.slice(before);
    expect(calls.map((c) => c.json)).toEqual([
      { messaging_product: 'whatsapp', status: 'read', message_id: m.wamid },
      { messaging_product: 'whatsapp', status: 'read', message_id: m.wamid },
    ]);
  });

  it('logs a refused receipt and retries a failed one', async () => {
    const m = await inbound('Refused?');
    graph.enqueue({
      status: 400,
      body: { error: { message: '(#100) Invalid parameter', type: 'OAuthException', code: 100 } },
    });
    await expect(runReadReceipt(omnify.ctx, { messageId: m.messageId })).resolves.toBeUndefined();
    graph.enqueue({ status: 503, body: { error: { message: 'Service unavailable', code: 2 } } });
    const err = await rejectionOf(runReadReceipt(omnify.ctx, { messageId: m.messageId }));
    expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
  });

  it('does nothing for a message that is not stored, or a platform without receipts', async () => {
    const before = graph.requests.length;
    await runReadReceipt(omnify.ctx, { messageId: '00000000-0000-4000-8000-000000000000' });
    const hookId = await createWebhookChannel(omnify, 'read-receipt-hook-secret');
    const body = JSON.stringify({ type: 'message', id: 'rr-hook-1', from: { id: 'h' }, text: 'hi' });
    const signature = signOmnify('read-receipt-hook-secret', body);
    expect(
      (await omnify.post(`/webhooks/${hookId}`, body, { [OMNIFY_SIGNATURE_HEADER]: signature })).status,
    ).toBe(200);
    const { rows } = await omnify.db.query<{ id: string; conversationId: string }>(
      `SELECT id, conversation_id AS "conversationId" FROM messages WHERE channel_id = $1`,
      [hookId],
    );
    expect((await read(bob.session, rows[0]!.conversationId)).status).toBe(204);
    expect(await jobsFor(rows[0]!.id)).toBe(0);
    await runReadReceipt(omnify.ctx, { messageId: rows[0]!.id });
    expect(graph.requests.length).toBe(before);
  });

  it('answers 404 for another workspace’s conversation and queues nothing', async () => {
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: 'Other' });
    expect(ws.status).toBe(201);
    const m = await inbound('Mine only');
    const carol = await inviteUser(omnify.url, ws.json.apiKey.key, {
      email: 'carol.rr@example.org',
      name: 'Carol',
      password: 'carol-password-1',
      role: 'owner',
    });
    expect((await read(carol.session, m.conversationId)).status).toBe(404);
    expect(await jobsFor(m.messageId)).toBe(0);
  });
});
