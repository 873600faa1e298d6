import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import {
  createWebhookChannel,
  startTestOmnify,
  TEST_API_KEY,
  type TestOmnify,
} from '../../testing/harness.ts';
import { browserCall, inviteUser } from '../users/test-session.ts';
import { pruneEvents } from './events.repository.ts';
import { openEventStream, type ReceivedEvent, type TestEventStream } from './events.test-client.ts';

const SECRET = 'events-test-secret-0123456789';

/** A generic-webhook message event (docs/webhook-channel.md). */
const msg = (id: string, from: string, text: string) => ({
  type: 'message',
  id,
  from: { id: from, name: `Person ${from}` },
  threadId: `thread-${from}`,
  text,
});

const ofType = (events: ReceivedEvent[], type: string) => events.filter((e) => e.event === type);
const ids = (events: ReceivedEvent[]) => events.map((e) => Number(e.id));

describe.each(testBackends())('live events on %s', (backend) => {
  let omnify: TestOmnify;
  let channelA: string;
  let keyB: string;
  let channelB: string;
  const streams: TestEventStream[] = [];

  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${omnify.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  };
  const deliver = async (channelId: string, body: unknown) => {
    const raw = Buffer.from(JSON.stringify(body));
    const r = await omnify.post(`/webhooks/${channelId}`, raw, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, raw),
    });
    expect(r.status).toBe(200);
  };
  const stream = async (headers: Record<string, string> = {}, query = '') => {
    const s = await openEventStream(`${omnify.url}/api/v1/events${query}`, {
      authorization: `Bearer ${TEST_API_KEY}`,
      ...headers,
    });
    streams.push(s);
    return s;
  };
  const webhookChannel = (key: string) => createWebhookChannel(omnify, SECRET, key);

  beforeAll(async () => {
    // Streams re-check their credential every second here (15 s by default).
    omnify = await startTestOmnify(backend, { eventsRecheckSeconds: 1 });
    channelA = await webhookChannel(TEST_API_KEY);
    const b = await call(TEST_API_KEY, 'POST', '/api/v1/workspaces', { name: 'Workspace B' });
    expect(b.status).toBe(201);
    keyB = b.json.apiKey.key;
    channelB = await webhookChannel(keyB);
  }, 60_000);
  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
  });
  afterAll(() => omnify?.close());

  it('streams a webhook message as conversation.created and message.created, with id and type on each', async () => {
    const s = await stream();
    expect(s.status).toBe(200);
    expect(s.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(s.retry).toBe(2000);
    await deliver(channelA, msg('first-1', 'ana', 'Hello, is the shop open?'));
    const created = await s.until('message.created', (e) => ofType(e, 'message.created')[0]);
    const conv = (await call(TEST_API_KEY, 'GET', `/api/v1/conversations?channelId=${channelA}`)).json
      .data[0];
    const message = (await call(TEST_API_KEY, 'GET', `/api/v1/conversations/${conv.id}/messages`)).json
      .data[0];
    expect(created.data).toMatchObject({
      id: created.id,
      type: 'message.created',
      conversationId: conv.id,
      messageId: message.id,
      message: {
        direction: 'inbound',
        senderKind: 'contact',
        private: false,
        contentType: 'text',
        preview: 'Hello, is the shop open?',
        status: null,
      },
    });
    expect(new Date(created.data.at).toISOString()).toBe(created.data.at);
    // The conversation as the statement left it: with its message counted and its handoff (columns
    // of migration 004), in the one write of the conversation the delivery makes.
    const convCreated = ofType(s.events, 'conversation.created')[0]!;
    expect(convCreated.data).toMatchObject({
      type: 'conversation.created',
      conversationId: conv.id,
      conversation: {
        status: 'open',
        channelId: channelA,
        contactId: conv.contact.id,
        messageCount: 1,
        inboundCount: 1,
        handoff: 'agent',
        assigneeUserId: null,
      },
    });
    expect(convCreated.data.conversation.lastMessageAt).toBe(conv.lastMessageAt);
    expect(convCreated.data.messageId).toBeUndefined();
    // A second message to the conversation: one conversation.updated (activity and counts), not one
    // per write. A third delivery elsewhere, seen after it, shows that nothing else followed.
    await deliver(channelA, msg('first-2', 'ana', 'Or on Sunday?'));
    await deliver(channelA, msg('first-3', 'ana-other', 'Unrelated'));
    await s.until('the third message', (e) => e.find((x) => x.data.message?.preview === 'Unrelated'));
    const updates = ofType(s.events, 'conversation.updated').filter((e) => e.data.conversationId === conv.id);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.data.conversation).toMatchObject({ messageCount: 2, inboundCount: 2, status: 'open' });
    expect(ofType(s.events, 'conversation.created')).toHaveLength(2);
    expect(ofType(s.events, 'message.created')).toHaveLength(3);
    // Every event carries its position; positions only grow; nothing arrives twice.
    for (const e of s.events) expect(e.data.id).toBe(e.id);
    expect(ids(s.events)).toEqual([...ids(s.events)].sort((a, b) => a - b));
    expect(new Set(ids(s.events)).size).toBe(s.events.length);
    expect(Number(convCreated.id)).toBeLessThan(Number(created.id));
  });

  it('resumes after Last-Event-ID with exactly the missed events, none twice', async () => {
    const first = await stream();
    await deliver(channelA, msg('resume-1', 'ben', 'one'));
    const seen = await first.until('resume-1', (e) => e.find((x) => x.data.message?.preview === 'one'));
    first.close();
    await deliver(channelA, { events: [msg('resume-2', 'ben', 'two'), msg('resume-3', 'ben', 'three')] });
    await deliver(channelA, msg('resume-4', 'cleo', 'four'));
    const log = (await call(TEST_API_KEY, 'GET', `/api/v1/events?after=${seen.id}&limit=1000`)).json;
    expect(
      log.data.map((e: { message?: { preview: string } }) => e.message?.preview).filter(Boolean),
    ).toEqual(['two', 'three', 'four']);
    // The header wins over a stale `after` in the URL (EventSource reconnects to the same URL).
    const again = await stream({ 'last-event-id': seen.id! }, '?after=0');
    await again.until('the missed events', (e) => e.length >= log.data.length);
    await deliver(channelA, msg('resume-5', 'ben', 'five'));
    await again.until('the live one', (e) => e.find((x) => x.data.message?.preview === 'five'));
    const missed = again.events.slice(0, log.data.length);
    expect(missed.map((e) => e.data)).toEqual(log.data);
    expect(ids(again.events).every((id) => id > Number(seen.id))).toBe(true);
    expect(new Set(ids(again.events)).size).toBe(again.events.length);
    expect(ids(again.events)).toEqual([...ids(again.events)].sort((a, b) => a - b));
    // `?after=` alone resumes the same way.
    const byQuery = await stream({}, `?after=${seen.id}`);
    await byQuery.until('the replay', (e) => e.length >= log.data.length + 1);
    expect(byQuery.events.slice(0, log.data.length).map((e) => e.data)).toEqual(log.data);
  });

  it('never shows a workspace another workspace’s events', async () => {
    const a = await stream();
    const b = await stream({ authorization: `Bearer ${keyB}` });
    await deliver(channelB, msg('b-1', 'bea', 'for B only'));
    await deliver(channelA, msg('a-1', 'ari', 'for A only'));
    await b.until('B’s message', (e) => e.find((x) => x.data.message?.preview === 'for B only'));
    await a.until('A’s message', (e) => e.find((x) => x.data.message?.preview === 'for A only'));
    const convsB = (await call(keyB, 'GET', '/api/v1/conversations')).json.data.map(
      (c: { id: string }) => c.id,
    );
    const convsA = (await call(TEST_API_KEY, 'GET', '/api/v1/conversations')).json.data.map(
      (c: { id: string }) => c.id,
    );
    expect(b.events.length).toBeGreaterThan(0);
    for (const e of b.events) expect(convsB).toContain(e.data.conversationId);
    for (const e of a.events) expect(convsA).toContain(e.data.conversationId);
    expect(JSON.stringify(a.events)).not.toContain('for B only');
    expect(JSON.stringify(b.events)).not.toContain('for A only');
    // Resuming from the start of the log shows B only its own, too.
    const page = (await call(keyB, 'GET', '/api/v1/events?after=0&limit=1000')).json;
    expect(page.data.length).toBeGreaterThan(0);
    for (const e of page.data) expect(convsB).toContain(e.conversationId);
  });

  it('turns one delivery of 50 messages into 50 message.created events, in order', async () => {
    const s = await stream();
    const batch = Array.from({ length: 50 }, (_, i) =>
      msg(`batch-${i + 1}`, `batch-sender-${i % 5}`, `m-${i + 1}`),
    );
    await deliver(channelA, { events: batch });
    const created = await s.until('50 messages', (e) => {
      const m = ofType(e, 'message.created');
      return m.length >= 50 ? m : undefined;
    });
    expect(created.map((e) => e.data.message.preview)).toEqual(batch.map((m) => m.text));
    expect(ids(created)).toEqual([...ids(created)].sort((a, b) => a - b));
    expect(ofType(s.events, 'conversation.created')).toHaveLength(5);
  });

  it('shows a note and a status change as they happen (message.created, conversation.updated)', async () => {
    await deliver(channelA, msg('note-1', 'dora', 'please call me'));
    const conv = (
      await call(TEST_API_KEY, 'GET', `/api/v1/conversations?channelId=${channelA}`)
    ).json.data.find((c: { threadKey: string }) => c.threadKey === 'thread-dora');
    const s = await stream();
    const note = await call(TEST_API_KEY, 'POST', `/api/v1/conversations/${conv.id}/notes`, {
      text: 'VIP customer',
    });
    expect(note.status).toBe(201);
    const noteEvent = await s.until('the note', (e) => e.find((x) => x.data.messageId === note.json.id));
    expect(noteEvent.data.message).toMatchObject({
      private: true,
      senderKind: 'user',
      preview: 'VIP customer',
    });
    expect(
      (await call(TEST_API_KEY, 'PATCH', `/api/v1/conversations/${conv.id}`, { status: 'pending' })).status,
    ).toBe(200);
    const updated = await s.until('the status change', (e) =>
      e.find((x) => x.event === 'conversation.updated' && x.data.conversation.status === 'pending'),
    );
    expect(updated.data.conversationId).toBe(conv.id);
  });

  it('shows a reply, its conversation change and its delivery attempt; an update that shows nothing writes no event', async () => {
    await deliver(channelA, msg('reply-1', 'fay', 'can you call back?'));
    const conv = (
      await call(TEST_API_KEY, 'GET', `/api/v1/conversations?channelId=${channelA}`)
    ).json.data.find((c: { threadKey: string }) => c.threadKey === 'thread-fay');
    const s = await stream();
    // Only `updated_at` changes: no event.
    await omnify.db.query(`UPDATE messages SET updated_at = now() WHERE conversation_id = $1`, [conv.id]);
    const reply = await call(TEST_API_KEY, 'POST', `/api/v1/conversations/${conv.id}/messages`, {
      text: 'Calling you now',
    });
    expect(reply.status).toBe(202);
    // The channel's callback URL answers nothing: the send fails and that outcome is an update.
    const updated = await s.until('the delivery attempt', (e) =>
      e.find((x) => x.event === 'message.updated' && x.data.messageId === reply.json.id),
    );
    expect(updated.data.message.attempts + (updated.data.message.error ? 1 : 0)).toBeGreaterThan(0);
    const forConv = s.events.filter((e) => e.data.conversationId === conv.id);
    expect(forConv[0]!.event).toBe('message.created');
    expect(forConv[0]!.data.message).toMatchObject({ preview: 'Calling you now', status: 'queued' });
    // One write of the conversation for the reply: counted, bumped and handed over to a person.
    expect(forConv[1]!.event).toBe('conversation.updated');
    expect(forConv[1]!.data.conversation).toMatchObject({
      messageCount: 2,
      inboundCount: 1,
      handoff: 'human',
    });
    expect(ofType(forConv, 'conversation.updated')).toHaveLength(1);
    expect(
      forConv.filter((e) => e.event === 'message.updated' && e.data.messageId !== reply.json.id),
    ).toEqual([]);
  });

  it('gets past an id a rolled-back transaction drew', async () => {
    const conv = (await call(TEST_API_KEY, 'GET', `/api/v1/conversations?channelId=${channelA}`)).json
      .data[0];
    const s = await stream();
    await omnify.db
      .transaction(async (tx) => {
        await tx.query(
          `INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text, content)
           VALUES ($1, $2, $3, 'outbound', 'system', 'text', 'never committed', '{}')`,
          [omnify.bootstrap.workspaceId, conv.id, channelA],
        );
        throw new Error('roll back');
      })
      .catch(() => {});
    await deliver(channelA, msg('after-rollback', 'eli', 'after the gap'));
    await s.until('the committed message', (e) => e.find((x) => x.data.message?.preview === 'after the gap'));
    expect(JSON.stringify(s.events)).not.toContain('never committed');
  });

  it('answers a JSON page to clients that do not ask for the stream; 400 on a bad position', async () => {
    const now = await call(TEST_API_KEY, 'GET', '/api/v1/events');
    expect(now.status).toBe(200);
    expect(now.json).toEqual({ data: [], lastEventId: expect.stringMatching(/^[0-9]+$/), reset: false });
    await deliver(channelA, msg('page-1', 'fay', 'paged'));
    const page = await omnify.until('the page', async () => {
      const r = await call(TEST_API_KEY, 'GET', `/api/v1/events?after=${now.json.lastEventId}`);
      return (
        r.json.data.some((e: { message?: { preview: string } }) => e.message?.preview === 'paged') && r.json
      );
    });
    expect(Number(page.lastEventId)).toBeGreaterThan(Number(now.json.lastEventId));
    const small = await call(TEST_API_KEY, 'GET', `/api/v1/events?after=${now.json.lastEventId}&limit=1`);
    expect(small.json.data).toHaveLength(1);
    expect(small.json.lastEventId).toBe(small.json.data[0].id);
    const bad = await call(TEST_API_KEY, 'GET', '/api/v1/events?after=12x');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
    const badHeader = await openEventStream(`${omnify.url}/api/v1/events`, {
      authorization: `Bearer ${TEST_API_KEY}`,
      'last-event-id': 'abc',
    });
    streams.push(badHeader);
    expect(badHeader.status).toBe(400);
  });

  it('streams to a signed-in user (session cookie, as EventSource sends it) and refuses no credentials', async () => {
    const { session } = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'viewer-events@example.org',
      name: 'Vera Viewer',
      password: 'viewer-password-1',
      role: 'viewer',
    });
    const s = await openEventStream(`${omnify.url}/api/v1/events`, { cookie: session.cookie });
    streams.push(s);
    expect(s.status).toBe(200);
    await deliver(channelA, msg('cookie-1', 'gus', 'seen by a viewer'));
    await s.until('the message', (e) => e.find((x) => x.data.message?.preview === 'seen by a viewer'));
    const anonymous = await openEventStream(`${omnify.url}/api/v1/events`, {});
    streams.push(anonymous);
    expect(anonymous.status).toBe(401);
  });

  it('ends a stream once its API key is revoked or its session signs out, and the reconnect gets 401', async () => {
    const made = await call(TEST_API_KEY, 'POST', '/api/v1/api-keys', { name: 'stream key', role: 'viewer' });
    expect(made.status).toBe(201);
    const byKey = await openEventStream(`${omnify.url}/api/v1/events`, {
      authorization: `Bearer ${made.json.key}`,
    });
    streams.push(byKey);
    expect(byKey.status).toBe(200);
    const { session } = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'leaver-events@example.org',
      name: 'Lee Leaver',
      password: 'leaver-password-1',
      role: 'agent',
    });
    const byCookie = await openEventStream(`${omnify.url}/api/v1/events`, { cookie: session.cookie });
    streams.push(byCookie);
    expect(byCookie.status).toBe(200);
    const untilEnded = (s: TestEventStream) =>
      Promise.race([
        s.ended.then(() => 'ended'),
        new Promise((r) => setTimeout(() => r('still open after 5 s'), 5_000)),
      ]);
    // Both stay open while their credentials are good (a recheck passes every second).
    await new Promise((r) => setTimeout(r, 1_500));
    await deliver(channelA, msg('recheck-1', 'ivy', 'before the revocation'));
    await byKey.until('the message', (e) =>
      e.find((x) => x.data.message?.preview === 'before the revocation'),
    );

    expect((await call(TEST_API_KEY, 'DELETE', `/api/v1/api-keys/${made.json.id}`)).status).toBe(204);
    expect(await untilEnded(byKey)).toBe('ended');
    expect(await browserCall(omnify.url, session, 'POST', '/api/v1/auth/logout')).toMatchObject({
      status: 204,
    });
    expect(await untilEnded(byCookie)).toBe('ended');
    const again = await openEventStream(`${omnify.url}/api/v1/events`, { cookie: session.cookie });
    streams.push(again);
    expect(again.status).toBe(401);
  });

  it('keeps the API answering while streams are open (no connection held)', async () => {
    for (let i = 0; i < 5; i++) await stream();
    for (let i = 0; i < 5; i++) {
      expect((await call(TEST_API_KEY, 'GET', '/api/v1/conversations')).status).toBe(200);
    }
    await deliver(channelA, msg('many-1', 'hal', 'to five streams'));
    for (const s of streams)
      await s.until('the message', (e) => e.find((x) => x.data.message?.preview === 'to five streams'));
  });

  it('prunes events older than 24 hours only, and pruning twice is harmless', async () => {
    const { rows } = await omnify.db.query<{ id: string }>('SELECT id FROM events ORDER BY id');
    const all = rows.map((r) => Number(r.id));
    expect(all.length).toBeGreaterThan(20);
    const old = all.slice(0, 10);
    await omnify.db.query(
      `UPDATE events SET created_at = now() - interval '25 hours' WHERE id = ANY($1::bigint[])`,
      [old],
    );
    await omnify.db.query(`UPDATE events SET created_at = now() - interval '23 hours' WHERE id = $1`, [
      all[10],
    ]);
    expect(await pruneEvents(omnify.db)).toBe(10);
    expect(await pruneEvents(omnify.db)).toBe(0);
    const left = (await omnify.db.query<{ id: string }>('SELECT id FROM events ORDER BY id')).rows.map((r) =>
      Number(r.id),
    );
    expect(left).toEqual(all.slice(10));
    // A client resuming from before the pruned events is told to refetch.
    const s = await stream({ 'last-event-id': String(old[2]) });
    await s.until('reset', (e) => e.find((x) => x.event === 'reset'));
    expect(s.events[0]!.event).toBe('reset');
    expect(s.events[0]!.id).toBeUndefined();
  });
});
