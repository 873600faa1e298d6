import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import { RecordingServer } from '../../../testing/http-recorder.ts';
import { runAgentReply } from './agent-reply.job.ts';

const SECRET = 'agent-reply-channel-secret';

/**
 * The agent-reply job reloads the channel, its agent and the contact through the channels, agents
 * and contacts services (no join of their tables): the agent still receives the platform, the
 * contact's name and handle and the history, and the inbox's conversation list still shows the
 * channel's platform and the contact's name.
 */
describe.each(testBackends())('agent-reply on %s', (backend) => {
  let omnify: TestOmnify;
  let agentServer: RecordingServer;
  let receiver: RecordingServer;
  let channelId: string;

  /** Posts a signed message of the generic webhook channel and expects the 200. */
  const deliver = async (id: string, text: string) => {
    const body = Buffer.from(
      JSON.stringify({
        type: 'message',
        id,
        from: { id: 'customer-7', name: 'Priya' },
        threadId: 't-7',
        text,
      }),
    );
    const res = await omnify.post(`/webhooks/${channelId}`, body, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, body),
    });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    agentServer = await new RecordingServer((req) => ({
      status: 200,
      body: { reply: `Hi ${(req.json as { contact: { name: string } }).contact.name}` },
    })).start();
    receiver = await new RecordingServer(() => ({ status: 200, body: { id: 'crm-1' } })).start();
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    const agent = await omnify.api('POST', '/api/v1/agents', {
      kind: 'http',
      name: 'CRM bot',
      config: { url: `${agentServer.baseUrl}/agent`, secret: 'agent-secret-0123456789' },
    });
    expect(agent.status).toBe(201);
    const channel = await omnify.api('POST', '/api/v1/channels', {
      platform: 'webhook',
      agentId: agent.json.id,
      config: { secret: SECRET, callbackUrl: `${receiver.baseUrl}/omnify` },
    });
    expect(channel.status).toBe(201);
    channelId = channel.json.id;
  });
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([agentServer?.stop(), receiver?.stop()]);
  });

  it("gives the agent the channel's platform, the contact's name and the history", async () => {
    await deliver('m-1', 'Hello');
    await agentServer.waitForRequests(1);
    expect(agentServer.requests[0]!.json).toMatchObject({
      conversation: { channelId, platform: 'webhook' },
      contact: { name: 'Priya', handle: 'customer-7' }, // the sender's id on the platform, not the thread
      message: { contentType: 'text', text: 'Hello' },
      history: [],
    });
    await receiver.waitForRequests(1);
    expect(receiver.requests[0]!.json).toMatchObject({ threadId: 't-7', text: 'Hi Priya' });

    await deliver('m-2', 'Still there?');
    await agentServer.waitForRequests(2);
    const second = agentServer.requests[1]!.json as { history: unknown[] };
    expect(second.history).toMatchObject([
      { direction: 'inbound', senderKind: 'contact', text: 'Hello' },
      { direction: 'outbound', senderKind: 'agent', text: 'Hi Priya' },
    ]);
  });

  it('lists the conversation with its platform and contact name (one page, and by id)', async () => {
    const list = await omnify.until('both replies stored', async () => {
      const r = await omnify.api('GET', `/api/v1/conversations?channelId=${channelId}`);
      return r.json.data[0]?.messageCount === 4 ? r.json : null;
    });
    expect(list.data).toHaveLength(1);
    const conv = list.data[0];
    expect(conv).toMatchObject({
      channelId,
      platform: 'webhook',
      threadKey: 't-7',
      contact: { name: 'Priya' },
      lastMessage: { direction: 'outbound', senderKind: 'agent', text: 'Hi Priya' },
    });
    // One conversation also says where the reader stopped (null for an API key).
    expect((await omnify.api('GET', `/api/v1/conversations/${conv.id}`)).json).toEqual({
      ...conv,
      firstUnreadMessageId: null,
    });
    const byContact = await omnify.api('GET', `/api/v1/conversations?contactId=${conv.contact.id}`);
    expect(byContact.json.data.map((c: { id: string }) => c.id)).toEqual([conv.id]);
  });

  it('does nothing for a message already answered, or once the channel has no agent', async () => {
    const inbound = await omnify.db.query<{ id: string }>(
      `SELECT id FROM messages WHERE channel_id = $1 AND direction = 'inbound' ORDER BY created_at LIMIT 1`,
      [channelId],
    );
    const messageId = inbound.rows[0]!.id;
    const calls = agentServer.requests.length;
    await runAgentReply(omnify.ctx, { messageId });
    expect(agentServer.requests.length).toBe(calls);

    expect((await omnify.api('PATCH', `/api/v1/channels/${channelId}`, { agentId: null })).status).toBe(200);
    await omnify.db.query(`DELETE FROM messages WHERE reply_to_message_id = $1`, [messageId]);
    await runAgentReply(omnify.ctx, { messageId });
    expect(agentServer.requests.length).toBe(calls);
    const replies = await omnify.db.query('SELECT 1 FROM messages WHERE reply_to_message_id = $1', [
      messageId,
    ]);
    expect(replies.rows).toHaveLength(0);
  });

  it('answers the very next delivery once an agent is connected (no stale channel read)', async () => {
    const agentId = (await omnify.api('GET', '/api/v1/agents')).json.data[0].id;
    const created = await omnify.api('POST', '/api/v1/channels', {
      platform: 'webhook',
      config: { secret: SECRET, callbackUrl: `${receiver.baseUrl}/omnify` },
    });
    expect(created.status).toBe(201);
    const other = created.json.id;
    const send = async (id: string, text: string) => {
      const body = Buffer.from(JSON.stringify({ type: 'message', id, from: { id: 'customer-8' }, text }));
      const res = await omnify.post(`/webhooks/${other}`, body, {
        [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, body),
      });
      expect(res.status).toBe(200);
    };
    // Without agent, a delivery reads the channel: it now sits in the webhook path's cache.
    await send('n-1', 'Anyone there?');
    expect((await omnify.api('PATCH', `/api/v1/channels/${other}`, { agentId })).status).toBe(200);
    const calls = agentServer.requests.length;
    await send('n-2', 'Hello again');
    await omnify.until(
      'the agent called for the next message',
      async () => agentServer.requests.length > calls,
    );
    const asked = agentServer.requests.map((r) => (r.json as { message: { text: string } }).message.text);
    expect(asked.at(-1)).toBe('Hello again');
    expect(asked).not.toContain('Anyone there?');
  });
});
