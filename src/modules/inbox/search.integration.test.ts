import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { nastyStrings } from '../../testing/fuzz.ts';
import { createWebhookChannel, startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { call } from '../workspaces/test-call.ts';
import { analyzeMessagesIfStale } from './search.statistics.ts';

const SECRET = 'search-channel-secret-0123';

/** Percent-encodes `s` for a URL; a lone surrogate becomes its (invalid) 3-byte UTF-8 form. */
function pct(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

interface Part {
  text: string;
  hit: boolean;
}
interface Hit {
  messageId: string;
  conversationId: string;
  channelId: string;
  platform: string;
  contact: { id: string; name: string | null };
  direction: string;
  senderKind: string;
  private: boolean;
  createdAt: string;
  snippet: Part[];
}

/**
 * `GET /api/v1/search/messages` over real HTTP: words in inbound messages, replies and private
 * notes, newest first across pages without duplicates, web-search syntax (phrases, exclusions, or),
 * the last word as a prefix, highlight parts that are plain text, any language, queries with nothing
 * to find, cursors and validation, workspace isolation, and a fuzz of `q` that never gets a 5xx.
 */
describe.each(testBackends())('message search on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  let keyB: string;
  let viewerKey: string;
  let seq = 0;
  const conv: Record<string, string> = {};

  /** Delivers a signed inbound message from `who` (thread = who) and returns its conversation id. */
  const deliver = async (who: string, text: string, channel = channelId) => {
    const body = JSON.stringify({
      type: 'message',
      id: `s-${++seq}`,
      from: { id: who, name: who[0]!.toUpperCase() + who.slice(1) },
      threadId: who,
      text,
    });
    const res = await omnify.post(`/webhooks/${channel}`, body, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, body),
    });
    expect(res.status).toBe(200);
    return who;
  };
  const search = async (q: string, extra = '', key?: string) => {
    const path = `/api/v1/search/messages?q=${pct(q)}${extra}`;
    return key ? call(omnify.url, key, 'GET', path) : omnify.api('GET', path);
  };
  const hits = async (q: string): Promise<Hit[]> => {
    const r = await search(q);
    expect(r.status).toBe(200);
    return r.json.data;
  };
  const texts = (h: Hit[]) => h.map((x) => x.snippet.map((p) => p.text).join(''));

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    channelId = await createWebhookChannel(omnify, SECRET);
    await deliver('alice', 'Where is my parcel? The tracking number does not work');
    await deliver('bob', 'The quick brown fox jumps over the lazy dog');
    await deliver('carol', 'A dog that is brown, and a fox');
    await deliver('dave', 'I would like an apple pie');
    await deliver('erin', 'I would like apple juice');
    await deliver('frank', 'Привет, МИР! Где мой заказ?');
    await deliver('grace', 'My orders arrived <b>broken</b> & late');
    await deliver(
      'heidi',
      `${'filler '.repeat(40)}the needle sits in the middle ${'padding '.repeat(40)}`.trim(),
    );
    const list = (await omnify.api('GET', '/api/v1/conversations?limit=50')).json.data as Array<{
      id: string;
      threadKey: string;
    }>;
    for (const c of list) conv[c.threadKey] = c.id;
    // An outbound reply and a private note in Alice's conversation.
    const reply = await omnify.api('POST', `/api/v1/conversations/${conv.alice}/messages`, {
      text: 'Your parcel left the warehouse this morning',
    });
    expect(reply.status).toBe(202);
    const note = await omnify.api('POST', `/api/v1/conversations/${conv.alice}/notes`, {
      text: 'Asked about the parcel twice: escalate to the courier',
    });
    expect(note.status).toBe(201);
    // Seven messages with one word, for pagination.
    for (let i = 0; i < 7; i++) await deliver(`zed${i % 3}`, `zebra crossing number ${i}`);
    // Workspace B: its own channel and a message with the same words.
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: 'B' });
    expect(ws.status).toBe(201);
    keyB = ws.json.apiKey.key;
    await deliver(
      'mallory',
      'parcel zebra secret of workspace B',
      await createWebhookChannel(omnify, SECRET, keyB),
    );
    viewerKey = (await omnify.api('POST', '/api/v1/api-keys', { name: 'viewer', role: 'viewer' })).json.key;
  });

  afterAll(async () => {
    await omnify?.close();
  });

  it('finds a word in inbound messages, replies and private notes, newest first, with who and where', async () => {
    const found = await hits('parcel');
    expect(found.map((h) => [h.direction, h.senderKind, h.private])).toEqual([
      ['outbound', 'user', true],
      ['outbound', 'user', false],
      ['inbound', 'contact', false],
    ]);
    for (const h of found) {
      expect(h.conversationId).toBe(conv.alice);
      expect(h.contact.name).toBe('Alice');
      expect(h.platform).toBe('webhook');
      expect(h.channelId).toBe(channelId);
    }
    const times = found.map((h) => Date.parse(h.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The message id opens the conversation at it.
    const msgs = await omnify.api('GET', `/api/v1/conversations/${conv.alice}/messages?order=asc`);
    expect(msgs.json.data.map((m: { id: string }) => m.id)).toContain(found[2]!.messageId);
  });

  it('marks the matching words in the snippet as plain-text parts', async () => {
    const [h] = await hits('PARCEL tracking');
    expect(h!.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['parcel', 'tracking']);
    expect(h!.snippet.map((p) => p.text).join('')).toBe(
      'Where is my parcel? The tracking number does not work',
    );
    // Markup in a message is text of a part, never markup of ours.
    const [g] = await hits('broken');
    expect(g!.snippet).toEqual([
      { text: 'My orders arrived <b>', hit: false },
      { text: 'broken', hit: true },
      { text: '</b> & late', hit: false },
    ]);
    // A long message shows a passage around the hit, with ellipses where text is left out.
    const [n] = await hits('needle');
    const parts = n!.snippet;
    expect(parts[0]).toEqual({ text: '… ', hit: false });
    expect(parts.at(-1)).toEqual({ text: ' …', hit: false });
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['needle']);
    expect(parts.map((p) => p.text).join('').length).toBeLessThan(400);
  });

  it('understands phrases, exclusions, or, and the last word as a prefix', async () => {
    expect(texts(await hits('"brown fox"'))).toEqual(['The quick brown fox jumps over the lazy dog']);
    expect(texts(await hits('brown fox'))).toHaveLength(2);
    expect(texts(await hits('apple -juice'))).toEqual(['I would like an apple pie']);
    expect(texts(await hits('pie or juice'))).toHaveLength(2);
    // "order" finds "orders" (the last word is a prefix); an earlier or quoted word is whole.
    expect(texts(await hits('order'))).toEqual(['My orders arrived <b>broken</b> & late']);
    expect(await hits('order arrived')).toEqual([]);
    expect(await hits('"order"')).toEqual([]);
    const [p] = await hits('arrived ord');
    expect(p!.snippet.filter((x) => x.hit).map((x) => x.text)).toEqual(['orders', 'arrived']);
  });

  it('matches any language case-insensitively', async () => {
    const [h] = await hits('привет мир');
    expect(h!.contact.name).toBe('Frank');
    expect(h!.snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['Привет', 'МИР']);
  });

  it('answers an empty page when nothing matches or the query has no word to find', async () => {
    for (const q of ['nonexistentword', '!!!', '  ,.;  ', '-apple', '""', '-']) {
      const r = await search(q);
      expect(r.status, q).toBe(200);
      expect(r.json, q).toEqual({ data: [], nextCursor: null });
    }
  });

  it('pages newest first without duplicates or gaps', async () => {
    const seen: Hit[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await search('zebra', `&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      seen.push(...r.json.data);
      cursor = r.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen.map((h) => texts([h])[0])).toEqual(
      [6, 5, 4, 3, 2, 1, 0].map((i) => `zebra crossing number ${i}`),
    );
    expect(new Set(seen.map((h) => h.messageId)).size).toBe(7);
  });

  it('keeps each workspace to its own messages', async () => {
    expect((await hits('zebra')).every((h) => !texts([h])[0]!.includes('workspace B'))).toBe(true);
    const b = await search('parcel zebra', '', keyB);
    expect(b.status).toBe(200);
    expect(b.json.data).toHaveLength(1);
    expect(b.json.data[0].contact.name).toBe('Mallory');
    expect((await search('tracking', '', keyB)).json.data).toEqual([]);
  });

  it('is open to viewers', async () => {
    const r = await search('parcel', '', viewerKey);
    expect(r.status).toBe(200);
    expect(r.json.data).toHaveLength(3);
  });

  it('refuses a missing, empty or too long query and a cursor it did not make', async () => {
    for (const path of [
      '/api/v1/search/messages',
      '/api/v1/search/messages?q=',
      `/api/v1/search/messages?q=${'a'.repeat(201)}`,
      '/api/v1/search/messages?q=zebra&limit=0',
      '/api/v1/search/messages?q=zebra&cursor=nope',
      `/api/v1/search/messages?q=zebra&cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`,
      `/api/v1/search/messages?q=zebra&cursor=${Buffer.from('["2024-01-01 00:00:00+00","x"]').toString('base64url')}`,
    ]) {
      const r = await omnify.api('GET', path);
      expect(r.status, path).toBe(400);
      expect(r.json.error.code, path).toBe('OMNIFY_ERR_VALIDATION');
    }
    // 200 characters is fine.
    expect((await search('a'.repeat(200))).status).toBe(200);
  });

  it('drops NUL from the query and replaces lone surrogates, as everywhere in the API', async () => {
    const nul = await search('\u0000');
    expect(nul.status).toBe(400);
    expect(nul.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(texts(await hits('par\u0000cel -escalate -warehouse'))).toEqual([
      'Where is my parcel? The tracking number does not work',
    ]);
    expect((await search('\uD800parcel')).status).toBe(200);
  });

  it('gives messages planner statistics when they have none or grew (PGlite has no autovacuum)', async () => {
    await analyzeMessagesIfStale(omnify.db);
    const stats = await omnify.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_statistic WHERE starelid = 'messages'::regclass",
    );
    expect(stats.rows[0]!.n).toBeGreaterThan(0);
    expect(await analyzeMessagesIfStale(omnify.db)).toBe(false);
  });

  it('never answers a 5xx, whatever the query (fuzz)', async () => {
    const syntax = fc.constantFrom(
      '"',
      '-',
      ' or ',
      '&',
      '|',
      '!',
      ':*',
      "'",
      '\\',
      '(',
      ')',
      '<->',
      ' ',
      'zebra',
    );
    const q = fc.oneof(
      nastyStrings,
      fc.string({ maxLength: 40 }),
      fc.array(fc.oneof(syntax, fc.string({ maxLength: 4 })), { maxLength: 12 }).map((a) => a.join('')),
    );
    await fc.assert(
      fc.asyncProperty(q, async (s) => {
        const r = await search(s);
        expect(r.status, JSON.stringify(s)).toBeLessThan(500);
        if (r.status !== 200) expect(r.json.error.code, JSON.stringify(s)).toBe('OMNIFY_ERR_VALIDATION');
      }),
      { numRuns: 150 },
    );
  });
});
