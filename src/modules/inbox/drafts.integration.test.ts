import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OMNIFY_SIGNATURE_HEADER,
  signOmnify,
  verifyOmnify,
} from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { fakeOpenAI } from '../../testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { call } from '../workspaces/test-call.ts';

const SECRET = 'drafts-channel-secret-0123';

/**
 * Sending an agent's draft (handoff `assisted`) through the real pipeline: an OpenAI-compatible
 * agent (local fake, it answers "You said: …") drafts answers to webhook-channel messages; a person
 * sends one, edited or not, with `POST /conversations/{id}/drafts/{messageId}/send`, and the reply
 * reaches the channel's local receiver exactly as a person's reply does. The draft stays, marked
 * sent; it is sent once; a viewer may not, another workspace sees no such draft.
 */
describe.each(testBackends())('sending agent drafts on %s', (backend) => {
  let omnify: TestOmnify;
  let openai: RecordingServer;
  let receiver: RecordingServer;
  let channelId: string;
  let seq = 0;

  /** Delivers a signed message of `thread`; returns the stored message's and conversation's ids. */
  const deliver = async (thread: string, text: string) => {
    const id = `d-${++seq}`;
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
  /** Waits until the agent-reply job of `messageId` has finished and every send it queued is made. */
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
  const messageOf = async (conversationId: string, id: string) =>
    (await messagesOf(conversationId)).find((m: { id: string }) => m.id === id);
  /** The last event id so far (0 when none). */
  const lastEvent = async () =>
    Number(
      (await omnify.db.query<{ id: string | null }>('SELECT max(id)::text AS id FROM events')).rows[0]!.id ??
        0,
    );
  /** The events after `after` that the request made (a message's later status changes left out). */
  const eventsAfter = async (after: number) =>
    (
      await omnify.db.query<{ type: string; messageId: string | null; conversationId: string }>(
        `SELECT type, message_id AS "messageId", conversation_id AS "conversationId" FROM events
          WHERE id > $1 AND NOT (type = 'message.updated' AND delivery_status IS DISTINCT FROM 'queued')
          ORDER BY id`,
        [after],
      )
    ).rows;
  const send = (conversationId: string, draftId: string, body?: unknown, key?: string) =>
    key
      ? call(omnify.url, key, 'POST', `/api/v1/conversations/${conversationId}/drafts/${draftId}/send`, body)
      : omnify.api('POST', `/api/v1/conversations/${conversationId}/drafts/${draftId}/send`, body);

  /** A new conversation of `thread` in `assisted` mode with one pending draft answering `question`. */
  const withDraft = async (thread: string, question: string) => {
    const first = await deliver(thread, `Hello from ${thread}`);
    await replyJobDone(first.id);
    const conversationId = first.conversationId;
    const patched = await omnify.api('PATCH', `/api/v1/conversations/${conversationId}`, {
      handoff: 'assisted',
    });
    expect(patched.status).toBe(200);
    const ask = await deliver(thread, question);
    await replyJobDone(ask.id);
    const draft = (await messagesOf(conversationId)).at(-1);
    expect(draft).toMatchObject({
      senderKind: 'agent',
      private: true,
      status: null,
      sentAt: null,
      replyToMessageId: ask.id,
      text: `You said: ${question}`,
    });
    return { conversationId, draft, ask };
  };

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

  it('sends the edited text as a person’s reply, exactly, and keeps the draft marked sent', async () => {
    const { conversationId, draft } = await withDraft('t-edit', 'What does the red one cost?');
    const before = receiver.requests.length;
    const eventsFrom = await lastEvent();

    const res = await send(conversationId, draft.id, { text: 'The red one is 20 EUR.' });
    expect(res.status).toBe(202);
    const replyId = res.json.id as string;
    expect(replyId).not.toBe(draft.id);
    expect(res.json).toMatchObject({
      conversationId,
      direction: 'outbound',
      senderKind: 'user',
      private: false,
      text: 'The red one is 20 EUR.',
      status: 'queued',
      replyTo: null,
      reactions: [],
    });

    // The one outbound request, exactly: the person's text, signed, our message id for dedupe.
    await receiver.waitForRequests(before + 1);
    const out = receiver.requests[before]!;
    expect(out.method).toBe('POST');
    expect(out.url).toBe('/omnify');
    expect(out.json).toEqual({
      type: 'message',
      id: replyId,
      threadId: 't-edit',
      text: 'The red one is 20 EUR.',
    });
    expect(verifyOmnify(SECRET, Buffer.from(out.body), out.headers[OMNIFY_SIGNATURE_HEADER] as string)).toBe(
      true,
    );
    await omnify.until(
      'the reply sent',
      async () => (await messageOf(conversationId, replyId))?.status === 'sent',
    );

    // The draft stays with the agent's own words, marked sent at the reply's moment; still private.
    const kept = await messageOf(conversationId, draft.id);
    expect(kept).toMatchObject({
      private: true,
      senderKind: 'agent',
      status: null,
      platformMessageId: null,
      text: 'You said: What does the red one cost?',
      sentAt: res.json.createdAt,
    });
    // The same events as a person's reply: the reply created, the conversation updated; none for the draft.
    const events = await eventsAfter(eventsFrom);
    expect(events.filter((e) => e.messageId === draft.id)).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(['message.created', 'conversation.updated']);
    expect(events[0]).toMatchObject({ messageId: replyId, conversationId });

    // Every message counted once: the draft and the reply.
    const conv = (await omnify.api('GET', `/api/v1/conversations/${conversationId}`)).json;
    expect(conv.messageCount).toBe((await messagesOf(conversationId)).length);
    expect(conv.lastMessage).toMatchObject({
      senderKind: 'user',
      private: false,
      text: 'The red one is 20 EUR.',
    });
    expect(conv.handoff).toBe('assisted');

    // A second send is refused and sends nothing.
    const again = await send(conversationId, draft.id, { text: 'Once more' });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({
      code: 'OMNIFY_ERR_CONFLICT',
      details: { reason: 'draft_already_sent', sentAt: res.json.createdAt, messageId: replyId },
    });
    expect((await omnify.db.query(`SELECT 1 FROM messages WHERE text = 'Once more'`)).rows).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(before + 1);

    // The agent's history has the sent words, not the draft's.
    const next = await deliver('t-edit', 'And the blue one?');
    await replyJobDone(next.id);
    const history = JSON.stringify(openai.requests.at(-1)!.json);
    expect(history).toContain('The red one is 20 EUR.');
    expect(history).not.toContain('You said: What does the red one cost?');
  });

  it('makes the same events as POST …/messages', async () => {
    const { conversationId, draft } = await withDraft('t-events', 'Open on Sunday?');
    let from = await lastEvent();
    const plain = await omnify.api('POST', `/api/v1/conversations/${conversationId}/messages`, {
      text: 'A plain reply',
    });
    expect(plain.status).toBe(202);
    const plainEvents = (await eventsAfter(from)).map((e) => e.type);
    from = await lastEvent();
    expect((await send(conversationId, draft.id)).status).toBe(202);
    expect((await eventsAfter(from)).map((e) => e.type)).toEqual(plainEvents);
  });

  it('sends the draft as written when no text is given (no body at all)', async () => {
    const { conversationId, draft } = await withDraft('t-asis', 'Do you deliver on Fridays?');
    const before = receiver.requests.length;
    // As `curl -X POST` sends it: no body, no content type.
    const res = await send(conversationId, draft.id);
    expect(res.status).toBe(202);
    expect(res.json.text).toBe('You said: Do you deliver on Fridays?');
    await receiver.waitForRequests(before + 1);
    expect(receiver.requests[before]!.json).toEqual({
      type: 'message',
      id: res.json.id,
      threadId: 't-asis',
      text: 'You said: Do you deliver on Fridays?',
    });
  });

  it('sends a draft once when two sends race', async () => {
    const { conversationId, draft } = await withDraft('t-race', 'Is it waterproof?');
    const before = receiver.requests.length;
    const results = await Promise.all([
      send(conversationId, draft.id, { text: 'Yes, to 10 m.' }),
      send(conversationId, draft.id, { text: 'Yes, to 30 m.' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 409]);
    await receiver.waitForRequests(before + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(before + 1);
    const users = (await messagesOf(conversationId)).filter(
      (m: { senderKind: string }) => m.senderKind === 'user',
    );
    expect(users).toHaveLength(1);
  });

  it('refuses a viewer (403), another workspace (404) and anything that is no pending draft here (404)', async () => {
    const { conversationId, draft, ask } = await withDraft('t-refuse', 'Can I pay by card?');
    const other = await withDraft('t-refuse-2', 'Gift wrapping?');
    const viewer = await omnify.api('POST', '/api/v1/api-keys', { name: 'viewer', role: 'viewer' });
    const agentKey = await omnify.api('POST', '/api/v1/api-keys', { name: 'agent', role: 'agent' });
    const workspaceB = await omnify.api('POST', '/api/v1/workspaces', { name: 'B' });
    expect(workspaceB.status).toBe(201);
    const before = receiver.requests.length;

    const denied = await send(conversationId, draft.id, { text: 'x' }, viewer.json.key);
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe('OMNIFY_ERR_FORBIDDEN');

    const foreign = await send(conversationId, draft.id, { text: 'x' }, workspaceB.json.apiKey.key);
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe('OMNIFY_ERR_NOT_FOUND');

    // Another conversation's draft, a message that is no draft, a note, no message, no id.
    const note = await omnify.api('POST', `/api/v1/conversations/${conversationId}/notes`, { text: 'VIP' });
    const cases = [
      [other.draft.id, undefined],
      [ask.id, 'not_a_draft'],
      [note.json.id, 'not_a_draft'],
      ['00000000-0000-4000-8000-000000000000', undefined],
      ['not-an-id', undefined],
    ] as const;
    for (const [id, reason] of cases) {
      const r = await send(conversationId, id, { text: 'x' });
      expect(r.status, id).toBe(404);
      expect(r.json.error.code).toBe('OMNIFY_ERR_NOT_FOUND');
      expect(r.json.error.details?.reason).toBe(reason);
    }
    expect((await send('00000000-0000-4000-8000-000000000000', draft.id)).status).toBe(404);
    expect((await send(conversationId, draft.id, { text: '' })).status).toBe(400);
    expect((await send(conversationId, draft.id, { text: 'x', extra: 1 })).status).toBe(400);

    // Nothing was sent or marked; the agent role may send it.
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(before);
    expect((await messageOf(conversationId, draft.id)).sentAt).toBeNull();
    expect((await messageOf(other.conversationId, other.draft.id)).sentAt).toBeNull();
    const ok = await send(conversationId, draft.id, { text: 'Yes, any card.' }, agentKey.json.key);
    expect(ok.status).toBe(202);
    await receiver.waitForRequests(before + 1);
    expect(receiver.requests.at(-1)!.json.text).toBe('Yes, any card.');
  });
});
