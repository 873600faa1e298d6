import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { fakeOpenAI } from '../../testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';

const SECRET = 'handoff-channel-secret-0123';

/**
 * Handoff through the real pipeline: an OpenAI-compatible agent (local fake) answers webhook-channel
 * messages whose replies reach a local receiver. `agent` answers; `human` leaves the message
 * unanswered (the agent is not even asked); `assisted` stores the agent's answer as a private draft
 * that is never sent; a person's reply in `agent` mode switches the conversation to `human`.
 */
describe.each(testBackends())('handoff on %s', (backend) => {
  let omnify: TestOmnify;
  let openai: RecordingServer;
  let receiver: RecordingServer;
  let channelId: string;
  let seq = 0;

  /** Delivers a signed message of `thread`; returns the stored message's and conversation's ids. */
  const deliver = async (thread: string, text: string) => {
    const id = `h-${++seq}`;
    const body = JSON.stringify({ type: 'message', id, from: { id: thread }, threadId: thread, text });
    const res = await omnify.post(`/webhooks/${channelId}`, body, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, body),
    });
    expect(res.status).toBe(200);
    const { rows } = await omnify.db.query<{ id: string; conversationId: string }>(
      `SELECT id, conversation_id AS "conversationId" FROM messages WHERE channel_id = $1 AND text = $2`,
      [channelId, text],
    );
    return rows[0]!;
  };
  /**
   * Waits until the agent-reply job of `messageId` has finished (whatever it decided) and every send
   * it queued has been made, so counts of platform requests taken afterwards are stable.
   */
  const replyJobDone = (messageId: string) =>
    omnify.until(`the agent-reply job of ${messageId} and its sends`, async () => {
      const { rows } = await omnify.db.query<{ state: string; sending: string }>(
        `SELECT state,
                (SELECT count(*) FROM pgboss.job
                  WHERE name = 'outbound-send' AND state IN ('created', 'retry', 'active'))::text AS sending
           FROM pgboss.job WHERE name = 'agent-reply' AND data->>'messageId' = $1`,
        [messageId],
      );
      return rows[0]?.state === 'completed' && rows[0].sending === '0';
    });
  const messagesOf = async (conversationId: string) =>
    (await omnify.api('GET', `/api/v1/conversations/${conversationId}/messages?order=asc&limit=200`)).json
      .data;
  const conversation = async (id: string) => (await omnify.api('GET', `/api/v1/conversations/${id}`)).json;

  beforeAll(async () => {
    [openai, receiver] = await Promise.all([
      fakeOpenAI().start(),
      new RecordingServer(() => ({ status: 200, body: { id: 'sent' } })).start(),
    ]);
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    const agent = await omnify.api('POST', '/api/v1/agents', {
      kind: 'openai',
      name: 'Support bot',
      config: { baseUrl: `${openai.baseUrl}/v1`, apiKey: 'sk-test-key-123456', model: 'gpt-test' },
    });
    expect(agent.status).toBe(201);
    const channel = await omnify.api('POST', '/api/v1/channels', {
      platform: 'webhook',
      agentId: agent.json.id,
      config: { secret: SECRET, callbackUrl: `${receiver.baseUrl}/omnify` },
    });
    expect(channel.status).toBe(201);
    channelId = channel.json.id;
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([openai?.stop(), receiver?.stop()]);
  });

  it('agent: answers; a person replying switches to human, and the agent then stays silent', async () => {
    const first = await deliver('t-1', 'Do you ship to Haifa?');
    await receiver.waitForRequests(1);
    expect(receiver.requests[0]!.json).toMatchObject({ text: 'You said: Do you ship to Haifa?' });
    expect((await conversation(first.conversationId)).handoff).toBe('agent');

    const human = await omnify.api('POST', `/api/v1/conversations/${first.conversationId}/messages`, {
      text: 'Yes, we do. Priya here.',
    });
    expect(human.status).toBe(202);
    expect((await conversation(first.conversationId)).handoff).toBe('human');
    await receiver.waitForRequests(2);

    const asked = openai.requests.length;
    const second = await deliver('t-1', 'Great, how long does it take?');
    await replyJobDone(second.id);
    expect(openai.requests.length).toBe(asked);
    const timeline = await messagesOf(first.conversationId);
    expect(timeline.map((m: { senderKind: string }) => m.senderKind)).toEqual([
      'contact',
      'agent',
      'user',
      'contact',
    ]);
    expect(receiver.requests).toHaveLength(2);
  });

  it('human: the agent is not asked, the message is stored', async () => {
    const first = await deliver('t-2', 'Hello');
    await replyJobDone(first.id);
    const patched = await omnify.api('PATCH', `/api/v1/conversations/${first.conversationId}`, {
      handoff: 'human',
    });
    expect(patched.json.handoff).toBe('human');
    const asked = openai.requests.length;
    const sent = receiver.requests.length;
    const second = await deliver('t-2', 'Anyone?');
    await replyJobDone(second.id);
    expect(openai.requests.length).toBe(asked);
    expect(receiver.requests.length).toBe(sent);
    const last = (await messagesOf(first.conversationId)).at(-1);
    expect(last).toMatchObject({ id: second.id, direction: 'inbound', text: 'Anyone?' });
  });

  it('assisted: the answer is a private draft of the agent, never sent, and left out of the next history', async () => {
    const first = await deliver('t-3', 'Hi there');
    await replyJobDone(first.id);
    const conversationId = first.conversationId;
    await omnify.api('PATCH', `/api/v1/conversations/${conversationId}`, { handoff: 'assisted' });
    const sent = receiver.requests.length;

    const ask = await deliver('t-3', 'What does the red one cost?');
    await replyJobDone(ask.id);
    const draft = (await messagesOf(conversationId)).at(-1);
    expect(draft).toMatchObject({
      direction: 'outbound',
      senderKind: 'agent',
      private: true,
      status: null,
      platformMessageId: null,
      replyToMessageId: ask.id,
      text: 'You said: What does the red one cost?',
    });
    const conv = await conversation(conversationId);
    expect(conv.lastMessage).toMatchObject({ senderKind: 'agent', private: true });
    expect(conv.handoff).toBe('assisted');

    // A person sends their edit: it goes out, the mode stays assisted.
    const reply = await omnify.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      text: 'The red one is 20 EUR.',
    });
    expect(reply.status).toBe(202);
    await receiver.waitForRequests(sent + 1);
    expect(receiver.requests.at(-1)!.json).toMatchObject({ text: 'The red one is 20 EUR.' });
    expect((await conversation(conversationId)).handoff).toBe('assisted');

    const next = await deliver('t-3', 'And the blue one?');
    await replyJobDone(next.id);
    const history = JSON.stringify(openai.requests.at(-1)!.json);
    expect(history).toContain('The red one is 20 EUR.');
    expect(history).not.toContain('You said: What does the red one cost?');
    expect(receiver.requests).toHaveLength(sent + 1);
    // The drafts never reached the platform, and the database would refuse them a status.
    const bad = omnify.db.query(`UPDATE messages SET status = 'queued' WHERE id = $1`, [draft.id]);
    await expect(bad).rejects.toThrow();
  });

  it('counts every message in messageCount without counting per request', async () => {
    const list = (await omnify.api('GET', `/api/v1/conversations?channelId=${channelId}`)).json.data;
    expect(list.length).toBe(3);
    for (const c of list) {
      const timeline = await messagesOf(c.id);
      expect(c.messageCount, c.threadKey).toBe(timeline.length);
    }
  });
});
