import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payload } from '../../../test/payloads.ts';
import { signWhatsApp } from '../../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { fakeGraphApi } from '../../testing/fake-platforms.ts';
import { nastyStrings } from '../../testing/fuzz.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import type { RecordingServer } from '../../testing/http-recorder.ts';
import { browserCall, inviteUser, type Session } from '../users/test-session.ts';
import { call } from '../workspaces/test-call.ts';

const APP_SECRET = 'timeline-app-secret';
const PHONE_NUMBER_ID = '1122334455667';

type Item = Record<string, unknown>;
interface Msg {
  id: string;
  platformMessageId: string | null;
  contentType: string;
  text: string | null;
  senderKind: string;
  replyTo: {
    messageId: string | null;
    senderKind: string | null;
    contentType: string | null;
    text: string | null;
  } | null;
  media: Record<string, unknown> | null;
  reactions: Array<{ emoji: string; count: number; fromContact: boolean }>;
}
interface Page {
  data: Msg[];
  nextCursor: string | null;
  hasOlder: boolean;
  hasNewer: boolean;
}

/** WhatsApp `messages[]` items in the Cloud API's webhook shape (Meta's "Webhooks > messages"). */
const wa = {
  text: (id: string, body: string, quoting?: string): Item => ({
    id,
    timestamp: '1735725600',
    type: 'text',
    text: { body },
    ...(quoting ? { context: { from: '15550001111', id: quoting } } : {}),
  }),
  reaction: (id: string, target: string, emoji: string): Item => ({
    id,
    timestamp: '1735725600',
    type: 'reaction',
    reaction: { message_id: target, emoji },
  }),
  image: (id: string, caption: string): Item => ({
    id,
    timestamp: '1735725600',
    type: 'image',
    image: { caption, mime_type: 'image/jpeg', sha256: 'q3Jd0b8m', id: `media-${id}` },
  }),
  document: (id: string): Item => ({
    id,
    timestamp: '1735725600',
    type: 'document',
    document: { filename: 'invoice-2026.pdf', mime_type: 'application/pdf', sha256: 'x', id: `media-${id}` },
  }),
  location: (id: string): Item => ({
    id,
    timestamp: '1735725600',
    type: 'location',
    location: { latitude: 32.79, longitude: 34.99, name: 'Haifa port', address: 'Derech HaAtsmaut' },
  }),
  contacts: (id: string): Item => ({
    id,
    timestamp: '1735725600',
    type: 'contacts',
    contacts: [{ name: { formatted_name: 'Noa Cohen' }, phones: [{ phone: '+972 50 000 0000' }] }],
  }),
};

/**
 * The conversation timeline over real HTTP on a WhatsApp channel (signed webhooks, a local Graph
 * API for the replies): quoted replies, reactions counted on the message they react to (and not
 * listed themselves), media fields, windows around / before / after a message that meet without
 * gaps or repeats, the first unread message of a signed-in user, workspace isolation, and a fuzz
 * of the query parameters that never gets a 5xx.
 */
describe.each(testBackends())('conversation timeline on %s', (backend) => {
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let channelId: string;
  let keyB: string;
  let agent: { session: Session; userId: string };

  /** Posts a signed WhatsApp delivery of `items` from the contact `from`. */
  const deliver = async (from: string, ...items: Item[]) => {
    const body = payload('whatsapp', 'inbound_text.json', 'text_hello.json');
    const value = body.entry[0].changes[0].value;
    value.metadata.phone_number_id = PHONE_NUMBER_ID;
    value.contacts = [{ profile: { name: `Contact ${from}` }, wa_id: from }];
    value.messages = items.map((i) => ({ ...i, from }));
    const raw = Buffer.from(JSON.stringify(body));
    const r = await omnify.post(`/webhooks/${channelId}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
    expect(r.status).toBe(200);
  };
  const conversationOf = async (from: string): Promise<string> => {
    const list = await omnify.api('GET', `/api/v1/conversations?channelId=${channelId}&limit=200`);
    return list.json.data.find((c: { threadKey: string }) => c.threadKey === from).id;
  };
  const page = async (conv: string, query: string): Promise<Page> => {
    const r = await omnify.api('GET', `/api/v1/conversations/${conv}/messages?${query}`);
    expect(r.status, `${query}: ${JSON.stringify(r.json)}`).toBe(200);
    return r.json;
  };
  const byPlatformId = async (conv: string, wamid: string) =>
    (await page(conv, 'order=asc&limit=200')).data.find((m) => m.platformMessageId === wamid)!;

  beforeAll(async () => {
    graph = await fakeGraphApi().start();
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'Timeline WhatsApp',
      config: {
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: 'EAAG-timeline-token',
        appSecret: APP_SECRET,
        verifyToken: 'verify-me',
        apiBaseUrl: `${graph.baseUrl}/v21.0`,
      },
    });
    expect(ch.status).toBe(201);
    channelId = ch.json.id;
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: 'Other' });
    expect(ws.status).toBe(201);
    keyB = ws.json.apiKey.key;
    agent = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'agent@example.org',
      name: 'Agent',
      password: 'agent-password-1',
      role: 'agent',
    });
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await graph?.stop();
  });

  it('shows the quoted message of a reply: id, sender kind and a preview of at most 200 characters', async () => {
    const from = '15550000001';
    const long = `Do you ship to Haifa? ${'x'.repeat(400)}`;
    await deliver(from, wa.text('wamid.Q1', long));
    const conv = await conversationOf(from);
    // A person's reply goes out through the Graph API and gets its platform id.
    const sent = await omnify.api('POST', `/api/v1/conversations/${conv}/messages`, {
      text: 'Yes, in 2 days.',
    });
    expect(sent.status).toBe(202);
    expect(sent.json).toMatchObject({ replyTo: null, media: null, reactions: [] });
    const reply = await omnify.until('the reply sent', async () => {
      const m = (await page(conv, 'limit=50')).data.find((x) => x.id === sent.json.id);
      return m?.platformMessageId ? m : undefined;
    });
    await deliver(
      from,
      wa.text('wamid.Q2', 'How much is it?', 'wamid.Q1'),
      wa.text('wamid.Q3', 'Great, thanks', reply.platformMessageId!),
      wa.text('wamid.Q4', 'About an old message', 'wamid.NEVER-STORED'),
      // Quoting a message of the same delivery: found by its platform id when read.
      wa.text('wamid.Q5', 'first of two'),
      wa.text('wamid.Q6', 'second, quoting the first', 'wamid.Q5'),
    );
    const q1 = await byPlatformId(conv, 'wamid.Q1');
    expect(q1.replyTo).toBeNull();
    const q2 = await byPlatformId(conv, 'wamid.Q2');
    expect(q2.replyTo).toEqual({
      messageId: q1.id,
      senderKind: 'contact',
      contentType: 'text',
      text: long.slice(0, 200),
    });
    expect((await byPlatformId(conv, 'wamid.Q3')).replyTo).toEqual({
      messageId: reply.id,
      senderKind: 'user',
      contentType: 'text',
      text: 'Yes, in 2 days.',
    });
    expect((await byPlatformId(conv, 'wamid.Q4')).replyTo).toEqual({
      messageId: null,
      senderKind: null,
      contentType: null,
      text: null,
    });
    const q5 = await byPlatformId(conv, 'wamid.Q5');
    expect((await byPlatformId(conv, 'wamid.Q6')).replyTo).toMatchObject({
      messageId: q5.id,
      text: 'first of two',
    });
  });

  it('counts reactions on the message they react to: react, change, un-react; never lists them', async () => {
    const from = '15550000002';
    await deliver(from, wa.text('wamid.R1', 'Here is my order number'));
    const conv = await conversationOf(from);
    // The WhatsApp reaction fixture, aimed at our message.
    const fixture = payload('whatsapp', 'inbound_reaction.json', 'reaction_thumbs_up.json');
    const item = fixture.entry[0].changes[0].value.messages[0];
    const emoji: string = item.reaction.emoji;
    await deliver(from, { ...item, id: 'wamid.R2', reaction: { ...item.reaction, message_id: 'wamid.R1' } });
    const reactions = async () => (await byPlatformId(conv, 'wamid.R1')).reactions;
    expect(await reactions()).toEqual([{ emoji, count: 1, fromContact: true }]);
    const all = await page(conv, 'limit=200');
    expect(all.data.map((m) => m.contentType)).not.toContain('reaction');
    expect(all.data).toHaveLength(1);

    await deliver(from, wa.reaction('wamid.R3', 'wamid.R1', '❤️'));
    expect(await reactions()).toEqual([{ emoji: '❤️', count: 1, fromContact: true }]);
    await deliver(from, wa.reaction('wamid.R4', 'wamid.R1', ''));
    expect(await reactions()).toEqual([]);
    await deliver(from, wa.reaction('wamid.R5', 'wamid.R1', '👍'));
    expect(await reactions()).toEqual([{ emoji: '👍', count: 1, fromContact: true }]);
    // A redelivered (older) reaction changes nothing: the latest one counts.
    await deliver(from, wa.reaction('wamid.R3', 'wamid.R1', '❤️'));
    expect(await reactions()).toEqual([{ emoji: '👍', count: 1, fromContact: true }]);

    // A reaction to our own reply lands on it.
    const sent = await omnify.api('POST', `/api/v1/conversations/${conv}/messages`, { text: 'Got it' });
    const ours = await omnify.until('the reply sent', async () => {
      const m = (await page(conv, 'limit=50')).data.find((x) => x.id === sent.json.id);
      return m?.platformMessageId ? m : undefined;
    });
    await deliver(from, wa.reaction('wamid.R6', ours.platformMessageId!, '🙏'));
    const after = await page(conv, 'limit=200');
    expect(after.data.find((m) => m.id === ours.id)!.reactions).toEqual([
      { emoji: '🙏', count: 1, fromContact: true },
    ]);
    expect(after.data.find((m) => m.platformMessageId === 'wamid.R1')!.reactions).toHaveLength(1);
    // A window carries them the same way.
    const around = await page(conv, `around=${ours.id}&limit=3`);
    expect(around.data.find((m) => m.id === ours.id)!.reactions).toEqual([
      { emoji: '🙏', count: 1, fromContact: true },
    ]);
  });

  it('gives media messages their type, caption, MIME type and file name', async () => {
    const from = '15550000003';
    await deliver(
      from,
      wa.image('wamid.M1', 'Is this the right charger?'),
      wa.document('wamid.M2'),
      wa.location('wamid.M3'),
      wa.contacts('wamid.M4'),
      wa.text('wamid.M5', 'plain text'),
    );
    const conv = await conversationOf(from);
    const media = async (wamid: string) => (await byPlatformId(conv, wamid)).media;
    const none = {
      caption: null,
      mimeType: null,
      fileName: null,
      size: null,
      durationSeconds: null,
      title: null,
    };
    expect(await media('wamid.M1')).toEqual({
      ...none,
      type: 'image',
      caption: 'Is this the right charger?',
      mimeType: 'image/jpeg',
    });
    expect(await media('wamid.M2')).toEqual({
      ...none,
      type: 'document',
      mimeType: 'application/pdf',
      fileName: 'invoice-2026.pdf',
    });
    expect(await media('wamid.M3')).toEqual({ ...none, type: 'location', title: 'Haifa port' });
    expect(await media('wamid.M4')).toEqual({ ...none, type: 'contacts', title: 'Noa Cohen' });
    expect(await media('wamid.M5')).toBeNull();
    // The shared document fixture as WhatsApp sent it.
    const doc = payload('whatsapp', 'inbound_document.json', 'image_with_caption.json').entry[0].changes[0]
      .value.messages[0];
    await deliver(from, { ...doc, id: 'wamid.M6' });
    const fixtureMedia = await media('wamid.M6');
    expect(fixtureMedia!.type).toBe(doc.type);
    expect(fixtureMedia!.mimeType).toBe(doc[doc.type].mime_type);
    expect(fixtureMedia!.caption).toBe(doc[doc.type].caption ?? null);
  });

  it('pages around, before and after a message without gaps or repeats, in every direction', async () => {
    const from = '15550000004';
    const items: Item[] = [];
    for (let i = 0; i < 57; i++) {
      items.push(wa.text(`wamid.P${i}`, `message ${i}`));
      // Reactions in between are not listed and do not disturb the pages.
      if (i % 10 === 3) items.push(wa.reaction(`wamid.P${i}-r`, `wamid.P${i}`, '👍'));
    }
    await deliver(from, ...items);
    const conv = await conversationOf(from);
    const all = (await page(conv, 'order=asc&limit=200')).data.map((m) => m.id);
    expect(all).toHaveLength(57);
    const desc = await page(conv, 'limit=200');
    expect(desc.data.map((m) => m.id)).toEqual([...all].reverse());
    expect(desc).toMatchObject({ hasOlder: false, hasNewer: false, nextCursor: null });

    for (const [limit, starts] of [
      [1, [25]],
      [2, [0, 56]],
      [7, [0, 1, 25, 55, 56]],
      [50, [3, 40]],
    ] as const) {
      for (const start of starts) {
        const first = await page(conv, `around=${all[start]}&limit=${limit}`);
        expect(first.data.length).toBeLessThanOrEqual(limit);
        expect(first.data.map((m) => m.id)).toContain(all[start]);
        let seen = first.data.map((m) => m.id);
        let older = first;
        while (older.hasOlder) {
          older = await page(conv, `before=${seen[0]}&limit=${limit}`);
          expect(older.data.length).toBeGreaterThan(0);
          seen = [...older.data.map((m) => m.id), ...seen];
        }
        let newer = first;
        while (newer.hasNewer) {
          newer = await page(conv, `after=${seen.at(-1)}&limit=${limit}`);
          expect(newer.data.length).toBeGreaterThan(0);
          seen = [...seen, ...newer.data.map((m) => m.id)];
        }
        expect(seen, `around ${start}, limit ${limit}`).toEqual(all);
      }
    }
    // The edges: nothing before the first, nothing after the last.
    expect(await page(conv, `before=${all[0]}`)).toMatchObject({ data: [], hasOlder: false, hasNewer: true });
    expect(await page(conv, `after=${all[56]}`)).toMatchObject({ data: [], hasOlder: true, hasNewer: false });
    // The plain listing tells the same.
    const newest = await page(conv, 'limit=10');
    expect(newest).toMatchObject({ hasOlder: true, hasNewer: false });
    const next = await page(conv, `limit=10&cursor=${newest.nextCursor}`);
    expect(next).toMatchObject({ hasOlder: true, hasNewer: true });
    expect(next.data.map((m) => m.id)).toEqual(all.slice(37, 47).reverse());
    // An anchor that is a (hidden) reaction still places the window.
    const reaction = (
      await omnify.db.query<{ id: string }>(
        `SELECT id FROM messages WHERE platform_message_id = 'wamid.P3-r'`,
      )
    ).rows[0]!.id;
    const nearReaction = await page(conv, `around=${reaction}&limit=3`);
    expect(nearReaction.data.map((m) => m.id)).toEqual(all.slice(3, 6));
  });

  it('tells a signed-in user where they stopped reading', async () => {
    const from = '15550000005';
    await deliver(from, wa.text('wamid.U1', 'one'), wa.text('wamid.U2', 'two'));
    const conv = await conversationOf(from);
    const detail = async () =>
      (await browserCall(omnify.url, agent.session, 'GET', `/api/v1/conversations/${conv}`)).json;
    const u1 = await byPlatformId(conv, 'wamid.U1');
    expect(await detail()).toMatchObject({ unreadCount: 2, firstUnreadMessageId: u1.id });
    // API keys have no read position.
    expect((await omnify.api('GET', `/api/v1/conversations/${conv}`)).json.firstUnreadMessageId).toBeNull();
    expect(
      (await browserCall(omnify.url, agent.session, 'POST', `/api/v1/conversations/${conv}/read`)).status,
    ).toBe(204);
    expect(await detail()).toMatchObject({ unreadCount: 0, firstUnreadMessageId: null });
    await deliver(
      from,
      wa.reaction('wamid.U3', 'wamid.U2', '👍'),
      wa.text('wamid.U4', 'three'),
      wa.text('wamid.U5', 'four'),
    );
    const u4 = await byPlatformId(conv, 'wamid.U4');
    // The reaction counts as unread but is not where the timeline opens.
    expect(await detail()).toMatchObject({ unreadCount: 3, firstUnreadMessageId: u4.id });
  });

  it("keeps workspaces apart: another workspace's conversation is 404, a message of another conversation is no anchor", async () => {
    const from = '15550000006';
    await deliver(from, wa.text('wamid.W1', 'mine'));
    const conv = await conversationOf(from);
    const other = await conversationOf('15550000005');
    const mine = await byPlatformId(conv, 'wamid.W1');
    for (const path of [
      `/api/v1/conversations/${conv}`,
      `/api/v1/conversations/${conv}/messages`,
      `/api/v1/conversations/${conv}/messages?around=${mine.id}`,
    ]) {
      const r = await call(omnify.url, keyB, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.json.error.code).toBe('OMNIFY_ERR_NOT_FOUND');
    }
    for (const name of ['around', 'before', 'after']) {
      const r = await omnify.api('GET', `/api/v1/conversations/${other}/messages?${name}=${mine.id}`);
      expect(r.status).toBe(400);
      expect(r.json.error.details.fields[0].path).toBe(`/querystring/${name}`);
    }
    const both = await omnify.api(
      'GET',
      `/api/v1/conversations/${conv}/messages?around=${mine.id}&after=${mine.id}`,
    );
    expect(both.status).toBe(400);
    expect(both.json.error.details.fields.map((f: { path: string }) => f.path)).toEqual([
      '/querystring/after',
      '/querystring/around',
    ]);
  });

  it('never answers a 5xx, whatever the query parameters (fuzz)', async () => {
    const conv = await conversationOf('15550000004');
    const ids = (await page(conv, 'order=asc&limit=5')).data.map((m) => m.id);
    const value = fc.oneof(
      nastyStrings,
      fc.string({ maxLength: 12 }),
      fc.uuid(),
      fc.constantFrom(...ids, '00000000-0000-4000-8000-000000000000', '-1', '0', '201', '1e3', 'asc', 'desc'),
    );
    const params = fc.dictionary(
      fc.constantFrom('limit', 'order', 'cursor', 'before', 'after', 'around', 'x'),
      value,
      { maxKeys: 4 },
    );
    const target = fc.constantFrom(conv, 'not-a-uuid', '00000000-0000-4000-8000-000000000000');
    await fc.assert(
      fc.asyncProperty(target, params, async (id, p) => {
        const qs = new URLSearchParams(p).toString();
        const r = await omnify.api('GET', `/api/v1/conversations/${id}/messages?${qs}`);
        expect(r.status, qs).toBeLessThan(500);
        if (r.status >= 400)
          expect(['OMNIFY_ERR_VALIDATION', 'OMNIFY_ERR_NOT_FOUND'], qs).toContain(r.json.error.code);
      }),
      { numRuns: 150 },
    );
  });
});
