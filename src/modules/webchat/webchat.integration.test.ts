import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterFor } from '../../integrations/channel-registry.ts';
import { signWebchatIdentity } from '../../integrations/webchat/webchat.identity.ts';
import { testBackends } from '../../testing/backends.ts';
import { createWebhookChannel, startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { openEventStream, type TestEventStream } from '../inbox/events.test-client.ts';
import {
  createWebchatChannel,
  HOST_IDENTITY_SECRET,
  HOST_ORIGIN,
  openVisitorSession,
  visitorCall,
} from './webchat.test-client.ts';

/*
 * The web chat's routes on a real server, on PGlite and PostgreSQL: the origin check and
 * preflight, sessions (tokens stored hashed), visitor messages stored once through the ingest
 * pipeline, answers of a person reaching the visitor's live stream (private notes never), answers
 * sent while the visitor was away shown in the history and replayed on resume, receipts, typing
 * and read signals, signed identities, the e-mail form.
 */

describe.each(testBackends())('web chat routes on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const open: TestEventStream[] = [];
  const call = (path: string, opts: Parameters<typeof visitorCall>[3] = {}) =>
    visitorCall(omnify, channelId, path, opts);
  const stream = async (token: string, headers: Record<string, string> = {}) => {
    const s = await openEventStream(`${omnify.url}/webchat/${channelId}/stream`, {
      origin: HOST_ORIGIN,
      authorization: `Bearer ${token}`,
      ...headers,
    });
    open.push(s);
    expect(s.status).toBe(200);
    await s.until('ready', (e) => e.find((x) => x.event === 'ready'));
    return s;
  };
  const sessionsCount = async () =>
    Number((await omnify.db.query<{ n: string }>('SELECT count(*) AS n FROM webchat_sessions')).rows[0]!.n);
  const conversationOf = async (handle: string) =>
    omnify.until(`the conversation of ${handle}`, async () => {
      const r = await omnify.db.query<{ id: string }>(
        'SELECT id FROM conversations WHERE channel_id = $1 AND thread_key = $2',
        [channelId, `${channelId}:${handle}`],
      );
      return r.rows[0]?.id;
    });
  const reply = async (conversationId: string, text: string) => {
    const r = await omnify.api('POST', `/api/v1/conversations/${conversationId}/messages`, { text });
    expect(r.status, JSON.stringify(r.json)).toBe(202);
    return r.json.id as string;
  };

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    channelId = await createWebchatChannel(omnify);
  }, 60_000);
  afterAll(async () => {
    for (const s of open) s.close();
    await omnify?.close();
  });

  it('keeps the identity secret out of the channel’s answers', async () => {
    const ch = await omnify.api('GET', `/api/v1/channels/${channelId}`);
    expect(ch.status).toBe(200);
    expect(JSON.stringify(ch.json)).not.toContain(HOST_IDENTITY_SECRET);
    expect(ch.json.config.allowedOrigins).toEqual([HOST_ORIGIN, 'http://localhost:8080']);
  });

  it('answers the preflight of an allowed origin and refuses any other origin with a 403', async () => {
    const pre = await call('messages', {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(pre.headers.get('vary')).toContain('Origin');
    const before = await sessionsCount();
    for (const origin of ['https://evil.example', 'http://shop.example.com', 'null', null]) {
      const res = await call('sessions', { body: {}, origin });
      expect(res.status, String(origin)).toBe(403);
      expect(res.json.error.code).toBe('OMNIFY_ERR_FORBIDDEN');
      // The refusal is readable (the widget says why), never an echo of the refused origin.
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    // A refused preflight stops the browser; the widget's simple check tells it why.
    const evilPre = await call('sessions', { method: 'OPTIONS', origin: 'https://evil.example' });
    expect(evilPre.status).toBe(403);
    expect(evilPre.headers.get('access-control-allow-methods')).toBeNull();
    const check = await call('check', { origin: 'https://evil.example' });
    expect([check.status, check.json.error.details.reason]).toEqual([403, 'origin_not_allowed']);
    expect((await call('check')).status).toBe(204);
    expect(await sessionsCount()).toBe(before);
  });

  it('knows only web chat channels', async () => {
    const webhookChannel = await createWebhookChannel(omnify, 'a-webhook-secret-0123456789');
    const other = await visitorCall(omnify, webhookChannel, 'sessions', { body: {} });
    const none = await visitorCall(omnify, '5f2b1c3d-0000-4000-8000-000000000000', 'sessions', { body: {} });
    expect([other.status, none.status]).toEqual([404, 404]);
    expect(other.json.error.code).toBe('OMNIFY_ERR_CHANNEL_NOT_FOUND');
    // And a web chat channel takes no webhook delivery.
    const hook = await omnify.post(`/webhooks/${channelId}`, JSON.stringify({ object: 'webchat' }));
    expect(hook.status).toBe(401);
  });

  it('opens and resumes sessions, keeping only a hash of the token', async () => {
    const first = await openVisitorSession(omnify, channelId);
    expect(first).toMatchObject({
      resumed: false,
      conversationStarted: false,
      visitor: { identified: false },
    });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await openVisitorSession(omnify, channelId, { token: first.token });
    expect([again.resumed, again.visitor.id, again.token]).toEqual([true, first.visitor.id, first.token]);
    const stranger = await openVisitorSession(omnify, channelId, { token: 'A'.repeat(43) });
    expect([stranger.resumed, stranger.visitor.id === first.visitor.id]).toEqual([false, false]);
    const rows = await omnify.db.query<{ token_hash: string; handle: string; origin: string }>(
      'SELECT token_hash, handle, origin FROM webchat_sessions WHERE id = $1',
      [first.visitor.id],
    );
    expect(rows.rows).toEqual([
      {
        token_hash: createHash('sha256').update(first.token).digest('hex'),
        handle: first.visitor.id,
        origin: HOST_ORIGIN,
      },
    ]);
    const all = await omnify.db.query('SELECT * FROM webchat_sessions');
    expect(JSON.stringify(all.rows)).not.toContain(first.token);
    // Without a valid token the visitor routes answer 401, readable by the page (CORS headers set).
    const anon = await call('messages', { body: { id: 'm_no_session_1', text: 'hi' } });
    expect([anon.status, anon.json.error.code]).toEqual([401, 'OMNIFY_ERR_UNAUTHORIZED']);
    expect(anon.headers.get('access-control-allow-origin')).toBe(HOST_ORIGIN);
  });

  it('stores a visitor message once however often the widget retries it', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const body = { id: 'm_retry_000001', text: 'Do you ship to Norway?' };
    const answers = await Promise.all([1, 2, 3].map(() => call('messages', { body, token: s.token })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.json.stored)).toHaveLength(1);
    const late = await call('messages', { body, token: s.token });
    expect(late.json).toEqual({ id: 'm_retry_000001', stored: false });
    const rows = await omnify.db.query<{ text: string; platform_message_id: string; sender_kind: string }>(
      `SELECT text, platform_message_id, sender_kind FROM messages WHERE channel_id = $1 AND direction = 'inbound'
         AND dedupe_key = $2`,
      [channelId, `${channelId}:${s.visitor.id}:m_retry_000001`],
    );
    expect(rows.rows).toEqual([
      { text: 'Do you ship to Norway?', platform_message_id: 'm_retry_000001', sender_kind: 'contact' },
    ]);
    const identity = await omnify.db.query('SELECT 1 FROM identities WHERE platform = $1 AND handle = $2', [
      'webchat',
      s.visitor.id,
    ]);
    expect(identity.rows).toHaveLength(1);
    // The same widget id from another visitor is another message.
    const other = await openVisitorSession(omnify, channelId);
    expect((await call('messages', { body, token: other.token })).json.stored).toBe(true);
    // Blank text, a bad id or an unknown field: 400, nothing stored.
    for (const bad of [
      { id: 'm_blank_00001', text: ' \n ' },
      { id: 'short', text: 'x' },
      { id: 'm_extra_00001', text: 'x', from: 'admin' },
      { id: 'm_nul_0000001', text: '\u0000' },
    ]) {
      const res = await call('messages', { body: bad, token: s.token });
      expect([res.status, res.json.error.code], JSON.stringify(bad)).toEqual([400, 'OMNIFY_ERR_VALIDATION']);
    }
  });

  it('streams a person’s answer to the visitor, never a private note, and takes receipts', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const live = await stream(s.token);
    await call('messages', { body: { id: 'm_live_000001', text: 'Is anyone there?' }, token: s.token });
    const mine = await live.until('my own message', (e) => e.find((x) => x.event === 'message'));
    expect(mine.data).toMatchObject({ from: 'visitor', clientId: 'm_live_000001', text: 'Is anyone there?' });
    const conv = await conversationOf(s.visitor.id);
    const note = await omnify.api('POST', `/api/v1/conversations/${conv}/notes`, { text: 'VIP, be quick' });
    expect(note.status).toBe(201);
    const replyId = await reply(conv, 'Yes! How can I help?');
    const answer = await live.until('the answer', (e) =>
      e.find((x) => x.event === 'message' && x.data.from === 'team'),
    );
    expect(answer.data).toMatchObject({
      id: replyId,
      text: 'Yes! How can I help?',
      status: 'sent',
      clientId: null,
    });
    expect(Number(answer.id)).toBeGreaterThan(Number(mine.id));
    expect(JSON.stringify(live.events)).not.toContain('VIP, be quick');
    // The widget showed it, then the visitor read it: statuses move on, through the pipeline.
    const delivered = await call('receipts', {
      body: { status: 'delivered', ids: [replyId] },
      token: s.token,
    });
    expect(delivered.json).toEqual({ applied: 1 });
    const read = await call('receipts', { body: { status: 'read', ids: [replyId] }, token: s.token });
    expect(read.json).toEqual({ applied: 1 });
    const status = await omnify.db.query<{ status: string }>('SELECT status FROM messages WHERE id = $1', [
      replyId,
    ]);
    expect(status.rows[0]!.status).toBe('read');
    await live.until('the read status', (e) =>
      e.find((x) => x.event === 'message' && x.data.id === replyId && x.data.status === 'read'),
    );
    // Another visitor cannot mark it.
    const other = await openVisitorSession(omnify, channelId);
    await call('messages', { body: { id: 'm_other_00001', text: 'me too' }, token: other.token });
    const foreign = await call('receipts', { body: { status: 'read', ids: [replyId] }, token: other.token });
    expect(foreign.json).toEqual({ applied: 0 });
  });

  it('shows answers sent while the visitor was away, in the history and on resume', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const first = await stream(s.token);
    await call('messages', { body: { id: 'm_away_000001', text: 'Call me back later' }, token: s.token });
    const seen = await first.until('my message', (e) => e.find((x) => x.event === 'message'));
    first.close();
    const conv = await conversationOf(s.visitor.id);
    const a = await reply(conv, 'Sorry we missed you.');
    const b = await reply(conv, 'We are back at 9.');
    await omnify.until('both answers sent', async () => {
      const r = await omnify.db.query(
        `SELECT 1 FROM messages WHERE id = ANY($1::uuid[]) AND status = 'sent'`,
        [[a, b]],
      );
      return r.rows.length === 2;
    });
    const back = await openVisitorSession(omnify, channelId, { token: s.token });
    expect([back.resumed, back.conversationStarted]).toEqual([true, true]);
    const history = await call('messages?limit=2', { token: s.token });
    expect(history.status).toBe(200);
    expect(history.json.data.map((m: { text: string }) => m.text)).toEqual([
      'We are back at 9.',
      'Sorry we missed you.',
    ]);
    const older = await call(`messages?limit=2&cursor=${history.json.nextCursor}`, { token: s.token });
    expect(older.json).toMatchObject({
      data: [{ text: 'Call me back later', from: 'visitor' }],
      nextCursor: null,
    });
    const resumed = await stream(s.token, { 'last-event-id': String(seen.id) });
    const replayed = await resumed.until('both answers replayed', (e) => {
      const texts = e.filter((x) => x.event === 'message').map((x) => x.data.text);
      return texts.includes('We are back at 9.') && texts;
    });
    expect(replayed).toEqual(['Sorry we missed you.', 'We are back at 9.']);
    const forged = await call('messages?cursor=not-a-cursor', { token: s.token });
    expect([forged.status, forged.json.error.code]).toEqual([400, 'OMNIFY_ERR_VALIDATION']);
  });

  it('carries typing and read signals to the visitor’s stream, and only theirs', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const other = await openVisitorSession(omnify, channelId);
    const mine = await stream(s.token);
    const theirs = await stream(other.token);
    const adapter = adapterFor('webchat');
    const ctx = { apiBaseUrl: 'about:blank', timeoutMs: 1_000, http: undefined as never };
    const threadKey = `${channelId}:${s.visitor.id}`;
    await adapter.sendTyping!({ threadKey }, {}, ctx);
    await adapter.markRead!({ threadKey, platformMessageId: 'm_seen_000001' }, {}, ctx);
    await mine.until('typing', (e) => e.find((x) => x.event === 'typing'));
    const read = await mine.until('read', (e) => e.find((x) => x.event === 'read'));
    expect(read.data).toEqual({ upTo: 'm_seen_000001' });
    await new Promise((r) => setTimeout(r, 300));
    expect(theirs.events.filter((x) => x.event === 'typing' || x.event === 'read')).toEqual([]);
    // The way a person's typing gets there: the inbox's typing route calls the adapter.
    await call('messages', { body: { id: 'm_typing_0001', text: 'Hello?' }, token: other.token });
    const conv = await conversationOf(other.visitor.id);
    const typed = await omnify.api('POST', `/api/v1/conversations/${conv}/typing`);
    expect(typed.status).toBe(204);
    await theirs.until('typing from the composer', (e) => e.find((x) => x.event === 'typing'));
  });

  it('recognises a signed-in user of the host site and refuses a forged identity', async () => {
    const identity = { userId: 'cust-1042', email: 'ada@example.com', name: 'Ada Lovelace' };
    const signature = signWebchatIdentity(identity, HOST_IDENTITY_SECRET);
    const before = await sessionsCount();
    for (const forged of [
      { ...identity, signature: signWebchatIdentity(identity, 'another-secret-0123456789') },
      { ...identity, userId: 'cust-1', signature },
      { ...identity, email: 'eve@example.com', signature },
    ]) {
      const res = await call('sessions', { body: { identity: forged } });
      expect([res.status, res.json.error.code]).toEqual([401, 'OMNIFY_ERR_SIGNATURE_INVALID']);
    }
    expect(await sessionsCount()).toBe(before);
    const s = await openVisitorSession(omnify, channelId, { identity: { ...identity, signature } });
    expect(s.visitor).toMatchObject({
      identified: true,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      emailVerified: true,
    });
    await call('messages', { body: { id: 'm_ident_00001', text: 'Where is my order?' }, token: s.token });
    const contact = await omnify.db.query<{ handle: string; email: string; display_name: string }>(
      `SELECT i.handle, c.email, i.display_name FROM identities i JOIN contacts c ON c.id = i.contact_id
        WHERE i.platform = 'webchat' AND i.handle = 'user:cust-1042'`,
    );
    expect(contact.rows).toEqual([
      { handle: 'user:cust-1042', email: 'ada@example.com', display_name: 'Ada Lovelace' },
    ]);
    // Another browser of the same user: a new session, the same conversation.
    const laptop = await openVisitorSession(omnify, channelId, { identity: { ...identity, signature } });
    expect(laptop.visitor.id).not.toBe(s.visitor.id);
    expect(laptop.conversationStarted).toBe(true);
    // After the host's sign-out the kept token does not resume the user's session.
    const signedOut = await openVisitorSession(omnify, channelId, { token: s.token });
    expect([signedOut.resumed, signedOut.visitor.identified]).toEqual([false, false]);
    // The verified address is not replaced by the form.
    const form = await call('email', { body: { email: 'other@example.com' }, token: s.token });
    expect([form.status, form.json.error.code]).toEqual([409, 'OMNIFY_ERR_CONFLICT']);
  });

  it('refuses signed identities on a channel without an identity secret', async () => {
    const plain = await createWebchatChannel(omnify, { allowedOrigins: [HOST_ORIGIN] });
    const identity = { userId: 'cust-7' };
    const res = await visitorCall(omnify, plain, 'sessions', {
      body: { identity: { ...identity, signature: signWebchatIdentity(identity, HOST_IDENTITY_SECRET) } },
    });
    expect([res.status, res.json.error.code]).toEqual([401, 'OMNIFY_ERR_SIGNATURE_INVALID']);
  });

  it('records an e-mail the visitor types as unverified, on the contact only when it has none', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const given = await call('email', { body: { email: 'maya@example.org' }, token: s.token });
    expect(given.json).toEqual({ email: 'maya@example.org', verified: false });
    const again = await call('email', { body: { email: 'maya.work@example.org' }, token: s.token });
    expect(again.status).toBe(200);
    const row = await omnify.db.query<{ email: string; email_verified: boolean }>(
      'SELECT email, email_verified FROM webchat_sessions WHERE id = $1',
      [s.visitor.id],
    );
    expect(row.rows).toEqual([{ email: 'maya.work@example.org', email_verified: false }]);
    // The contact (created with the identity before any message) keeps the first address.
    await call('messages', { body: { id: 'm_mail_000001', text: 'Email me' }, token: s.token });
    const contact = await omnify.db.query<{ email: string; n: number }>(
      `SELECT c.email, (SELECT count(*)::int FROM conversations v WHERE v.contact_id = c.id) AS n
         FROM identities i JOIN contacts c ON c.id = i.contact_id WHERE i.platform = 'webchat' AND i.handle = $1`,
      [s.visitor.id],
    );
    expect(contact.rows).toEqual([{ email: 'maya@example.org', n: 1 }]);
    const bad = await call('email', { body: { email: 'not an address' }, token: s.token });
    expect(bad.status).toBe(400);
  });

  it('limits how fast one session may write', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await call('messages', {
        body: { id: `m_flood_${String(i).padStart(5, '0')}`, text: `#${i}` },
        token: s.token,
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.json.error.code).toBe('OMNIFY_ERR_RATE_LIMITED');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 30).every((x) => x === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
