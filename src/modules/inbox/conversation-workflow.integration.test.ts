import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import {
  createWebhookChannel,
  startTestOmnify,
  TEST_API_KEY,
  type TestOmnify,
} from '../../testing/harness.ts';
import { browserCall, inviteUser, type Session } from '../users/test-session.ts';
import { call } from '../workspaces/test-call.ts';
import { runConversationWake } from './conversation-wake.job.ts';

const SECRET = 'workflow-channel-secret-0123';

/**
 * The inbox workflow over real HTTP: PATCH (status, snooze, assignee, handoff) and its validation,
 * snoozes woken by the job and by the contact, bulk changes with bad ids among good ones, unread
 * counts and read marks per signed-in user, the tab counts, the list filters, and workspace
 * isolation. Channels have no agent: nothing answers behind the test's back.
 */
describe.each(testBackends())('conversation workflow on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  let alice: { session: Session; userId: string };
  let bob: { session: Session; userId: string };
  let keyB: string;
  let bUserId: string;
  let convB: string;
  const conv: Record<string, string> = {};
  let seq = 0;

  /** Delivers a signed message of `thread` to `channel` and returns its conversation's id. */
  const deliver = async (thread: string, text: string, channel = channelId, key?: string) => {
    const body = JSON.stringify({
      type: 'message',
      id: `w-${++seq}`,
      from: { id: thread },
      threadId: thread,
      text,
    });
    const res = await omnify.post(`/webhooks/${channel}`, body, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, body),
    });
    expect(res.status).toBe(200);
    const list = key
      ? (await call(omnify.url, key, 'GET', `/api/v1/conversations?channelId=${channel}`)).json
      : (await omnify.api('GET', `/api/v1/conversations?channelId=${channel}`)).json;
    return list.data.find((c: { threadKey: string }) => c.threadKey === thread).id as string;
  };
  const get = async (id: string, who?: Session) =>
    who
      ? (await browserCall(omnify.url, who, 'GET', `/api/v1/conversations/${id}`)).json
      : (await omnify.api('GET', `/api/v1/conversations/${id}`)).json;
  const patch = (id: string, body: unknown) => omnify.api('PATCH', `/api/v1/conversations/${id}`, body);
  const ids = (r: { json: { data: Array<{ id: string }> } }) => r.json.data.map((c) => c.id).sort();
  const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    channelId = await createWebhookChannel(omnify, SECRET);
    for (const t of ['x', 'y', 'z']) conv[t] = await deliver(t, `hello from ${t}`);
    alice = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'alice@example.org',
      name: 'Alice',
      password: 'alice-password-1',
      role: 'agent',
    });
    bob = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'bob@example.org',
      name: 'Bob',
      password: 'bob-password-1',
      role: 'agent',
    });
    // Workspace B: its own channel, conversation and member.
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: 'B' });
    expect(ws.status).toBe(201);
    keyB = ws.json.apiKey.key;
    convB = await deliver('b', 'only B', await createWebhookChannel(omnify, SECRET, keyB), keyB);
    bUserId = (
      await inviteUser(omnify.url, keyB, {
        email: 'b@example.org',
        name: 'B',
        password: 'b-password-123',
        role: 'agent',
      })
    ).userId;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('changes status, assignee and handoff, and refuses what does not make sense (400 naming the field)', async () => {
    const x = conv.x!;
    const bad = async (body: unknown, path: string) => {
      const r = await patch(x, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
      expect(r.json.error.details.fields.map((f: { path: string }) => f.path)).toContain(path);
    };
    await bad({ status: 'snoozed' }, '/body/snoozedUntil');
    await bad(
      { status: 'snoozed', snoozedUntil: new Date(Date.now() - 1000).toISOString() },
      '/body/snoozedUntil',
    );
    await bad({ status: 'open', snoozedUntil: inFuture(60_000) }, '/body/snoozedUntil');
    await bad({ assigneeUserId: '00000000-0000-4000-8000-000000000000' }, '/body/assigneeUserId');
    await bad({ assigneeUserId: bUserId }, '/body/assigneeUserId');
    await bad({ assigneeUserId: 'alice' }, '/body/assigneeUserId');
    await bad({ handoff: 'robot' }, '/body/handoff');
    await bad({ probeOnly: true }, '/body/probeOnly');
    expect((await patch(x, {})).status).toBe(400);
    expect((await get(x)).status).toBe('open');

    const done = await patch(x, { status: 'pending', assigneeUserId: alice.userId, handoff: 'assisted' });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({
      id: x,
      status: 'pending',
      assignee: { userId: alice.userId },
      handoff: 'assisted',
      snoozedUntil: null,
    });
    expect((await patch(x, { assigneeUserId: null })).json.assignee).toBeNull();
    const back = await patch(x, { status: 'open', handoff: 'agent' });
    expect(back.json).toMatchObject({ status: 'open', handoff: 'agent', assignee: null });
  });

  it('snoozes until a time, and the wake job reopens it then (a stale job changes nothing)', async () => {
    const y = conv.y!;
    const far = await patch(y, { snoozedUntil: inFuture(3_600_000) });
    expect(far.json.status).toBe('snoozed');
    const { rows } = await omnify.db.query<{ until: string; workspaceId: string }>(
      'SELECT snoozed_until::text AS until, workspace_id AS "workspaceId" FROM conversations WHERE id = $1',
      [y],
    );
    const r = await patch(y, { status: 'snoozed', snoozedUntil: inFuture(1_500) });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('snoozed');
    expect(Date.parse(r.json.snoozedUntil)).toBeGreaterThan(Date.now());
    // The job of the first snooze, were it to run now, finds another wake time and does nothing.
    await runConversationWake(omnify.ctx, { conversationId: y, ...rows[0]! });
    expect((await get(y)).status).toBe('snoozed');
    const woke = await omnify.until('the snooze to end', async () => {
      const c = await get(y);
      return c.status === 'open' ? c : null;
    });
    expect(woke.snoozedUntil).toBeNull();
  });

  it('reopens a snoozed or resolved conversation when the contact writes', async () => {
    const z = conv.z!;
    expect((await patch(z, { status: 'snoozed', snoozedUntil: inFuture(3_600_000) })).json.status).toBe(
      'snoozed',
    );
    await deliver('z', 'are you there?');
    expect(await get(z)).toMatchObject({ status: 'open', snoozedUntil: null });
    expect((await patch(z, { status: 'resolved' })).json.status).toBe('resolved');
    await deliver('z', 'one more thing');
    expect((await get(z)).status).toBe('open');
  });

  it('changes many at once: good ids change, bad ones are reported one by one', async () => {
    const unknown = '00000000-0000-4000-8000-0000000000ff';
    const r = await omnify.api('POST', '/api/v1/conversations/bulk', {
      ids: [conv.x, 'not-an-id', conv.y, convB, unknown],
      status: 'resolved',
      assigneeUserId: bob.userId,
    });
    expect(r.status).toBe(200);
    expect(r.json.data.map((d: { id: string; ok: boolean }) => [d.id, d.ok])).toEqual([
      [conv.x, true],
      ['not-an-id', false],
      [conv.y, true],
      [convB, false],
      [unknown, false],
    ]);
    expect(r.json.data[1].error.code).toBe('OMNIFY_ERR_NOT_FOUND');
    for (const id of [conv.x!, conv.y!])
      expect(await get(id)).toMatchObject({ status: 'resolved', assignee: { userId: bob.userId } });
    expect((await call(omnify.url, keyB, 'GET', `/api/v1/conversations/${convB}`)).json).toMatchObject({
      status: 'open',
      assignee: null,
    });
    const bulk = (body: unknown) => omnify.api('POST', '/api/v1/conversations/bulk', body);
    expect((await bulk({ ids: [conv.x] })).status).toBe(400);
    expect((await bulk({ ids: [conv.x], assigneeUserId: bUserId })).status).toBe(400);
    expect((await bulk({ ids: Array(501).fill(conv.x), status: 'open' })).status).toBe(400);
    expect((await bulk({ ids: [conv.x], status: 'snoozed' })).status).toBe(400);
    const reopen = await bulk({ ids: [conv.x, conv.y], status: 'open', assigneeUserId: null });
    expect(reopen.json.data.every((d: { ok: boolean }) => d.ok)).toBe(true);
  });

  it('counts unread inbound messages per user; marking read is per user; API keys have none', async () => {
    const x = conv.x!;
    const unread = async (who: Session) => (await get(x, who)).unreadCount;
    const before = await unread(alice.session);
    expect(before).toBeGreaterThan(0);
    expect(await unread(bob.session)).toBe(before);
    expect((await get(x)).unreadCount).toBe(0);

    const read = await browserCall(omnify.url, alice.session, 'POST', `/api/v1/conversations/${x}/read`);
    expect(read.status).toBe(204);
    expect(await unread(alice.session)).toBe(0);
    expect(await unread(bob.session)).toBe(before);
    await deliver('x', 'news');
    await deliver('x', 'more news');
    expect(await unread(alice.session)).toBe(2);
    expect(await unread(bob.session)).toBe(before + 2);

    const unreadList = async (who: Session) =>
      (await browserCall(omnify.url, who, 'GET', '/api/v1/conversations?unread=true')).json.data.map(
        (c: { id: string }) => c.id,
      );
    expect(await unreadList(alice.session)).toContain(x);
    await browserCall(omnify.url, alice.session, 'POST', `/api/v1/conversations/${x}/read`);
    expect(await unreadList(alice.session)).not.toContain(x);
    expect(await unreadList(bob.session)).toContain(x);

    const asKey = await omnify.api('POST', `/api/v1/conversations/${x}/read`);
    expect(asKey.status).toBe(400);
    expect(asKey.json.error.message).toContain('signed-in user');
    expect((await omnify.api('GET', '/api/v1/conversations?unread=true')).status).toBe(400);
    expect((await omnify.api('GET', '/api/v1/conversations?assignee=me')).status).toBe(400);
  });

  it('filters by assignee, handoff and status, and counts the tabs for the status filter', async () => {
    await patch(conv.x!, { assigneeUserId: alice.userId, handoff: 'human' });
    await patch(conv.y!, { assigneeUserId: null });
    await patch(conv.z!, {
      assigneeUserId: bob.userId,
      status: 'snoozed',
      snoozedUntil: inFuture(3_600_000),
    });
    const asAlice = (path: string) =>
      browserCall(omnify.url, alice.session, 'GET', `/api/v1/conversations${path}`);
    expect(ids(await asAlice('?assignee=me'))).toEqual([conv.x]);
    expect(ids(await asAlice('?assignee=unassigned'))).toEqual([conv.y]);
    expect(ids(await asAlice(`?assignee=${bob.userId}`))).toEqual([conv.z]);
    expect(ids(await asAlice('?handoff=human'))).toEqual([conv.x]);
    expect(ids(await asAlice('?status=snoozed'))).toEqual([conv.z]);
    expect(ids(await asAlice('?status=open&assignee=me'))).toEqual([conv.x]);
    expect((await asAlice('?assignee=someone')).status).toBe(400);
    expect((await asAlice('?status=sleeping')).status).toBe(400);

    expect((await asAlice('/counts')).json).toEqual({ mine: 1, unassigned: 1, all: 3 });
    expect((await asAlice('/counts?status=open')).json).toEqual({ mine: 1, unassigned: 1, all: 2 });
    expect((await browserCall(omnify.url, bob.session, 'GET', '/api/v1/conversations/counts')).json).toEqual({
      mine: 1,
      unassigned: 1,
      all: 3,
    });
    expect((await omnify.api('GET', '/api/v1/conversations/counts')).json).toEqual({
      mine: 0,
      unassigned: 1,
      all: 3,
    });
    expect((await call(omnify.url, keyB, 'GET', '/api/v1/conversations/counts')).json).toEqual({
      mine: 0,
      unassigned: 1,
      all: 1,
    });
  });

  it("answers 404 for another workspace's conversation and changes nothing of it", async () => {
    expect((await patch(convB, { status: 'resolved' })).status).toBe(404);
    expect((await omnify.api('POST', `/api/v1/conversations/${convB}/read`)).status).toBe(404);
    const read = await browserCall(omnify.url, alice.session, 'POST', `/api/v1/conversations/${convB}/read`);
    expect(read.status).toBe(404);
    expect(
      (await browserCall(omnify.url, alice.session, 'GET', `/api/v1/conversations/${convB}`)).status,
    ).toBe(404);
    expect((await call(omnify.url, keyB, 'GET', `/api/v1/conversations/${convB}`)).json).toMatchObject({
      status: 'open',
      assignee: null,
      handoff: 'agent',
    });
    const reads = await omnify.db.query('SELECT 1 FROM conversation_reads WHERE conversation_id = $1', [
      convB,
    ]);
    expect(reads.rows).toHaveLength(0);
  });
});
