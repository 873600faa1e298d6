import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebchatIdentity } from '../../integrations/webchat/webchat.identity.ts';
import { sanitizeText } from '../../kernel/sanitize/text.ts';
import { testBackends } from '../../testing/backends.ts';
import { mutate, mutations, nastyStrings, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import {
  createWebchatChannel,
  HOST_IDENTITY_SECRET,
  HOST_ORIGIN,
  openVisitorSession,
  visitorCall,
} from './webchat.test-client.ts';

/*
 * Bad input through the real server: valid widget bodies (a message, a signed identity, an e-mail,
 * a receipt) with one node mutated (NUL, lone surrogates, extreme numbers, deep nesting, type swaps,
 * nasty keys), sent by a visitor with a valid session from an allowed origin. Never a 5xx, and the
 * good message the visitor sends right after is stored. Then arbitrary texts (any UTF-16 code
 * units): stored sanitized, or refused with a 400. Both properties together stay under the
 * visitor rate limits (120 messages per IP per minute; sessions rotate within 30 per session).
 */

const identity = { userId: 'cust-fuzz-1', email: 'fuzz@example.com', name: 'Fuzz Tester' };
const BASES: Array<{ route: string; body: unknown }> = [
  { route: 'messages', body: { id: 'm_fuzz_base_01', text: 'Hello, is this shop open?' } },
  {
    route: 'sessions',
    body: { identity: { ...identity, signature: signWebchatIdentity(identity, HOST_IDENTITY_SECRET) } },
  },
  { route: 'email', body: { email: 'visitor@example.org' } },
  { route: 'receipts', body: { status: 'read', ids: ['6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b'] } },
];

describe.each(testBackends())('web chat visitor routes under fuzz on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    channelId = await createWebchatChannel(omnify);
  }, 60_000);
  afterAll(() => omnify?.close());

  it('never answers 5xx to mutated bodies and keeps taking the next message', async () => {
    let run = 0;
    let token = '';
    await fc.assert(
      fc.asyncProperty(fc.nat(BASES.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        if (run % 12 === 0) token = (await openVisitorSession(omnify, channelId)).token;
        run++;
        const base = BASES[which]!;
        const body = renderJson(mutate(base.body, pick, m));
        const res = await visitorCall(omnify, channelId, base.route, { rawBody: body, token });
        expect(res.status, `${base.route} ${body.slice(0, 300)} → ${res.text}`).toBeLessThan(500);
        if (res.status >= 400) expect(res.json?.error?.code, res.text).toMatch(/^OMNIFY_ERR_/);
        const id = `m_fuzz_good_${String(run).padStart(4, '0')}`;
        const good = await visitorCall(omnify, channelId, 'messages', {
          body: { id, text: `ok ${run}` },
          token,
        });
        expect([good.status, good.json?.stored], good.text).toEqual([200, true]);
      }),
      { seed: 20_240_301, numRuns: 40 },
    );
    const stored = await omnify.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM messages WHERE channel_id = $1 AND dedupe_key LIKE '%:m_fuzz_good_%'`,
      [channelId],
    );
    expect(stored.rows[0]!.n).toBe(40);
  }, 120_000);

  it('stores whatever text a visitor sends, sanitized, or refuses it with a 400', async () => {
    // Any UTF-16 code units (lone surrogates and NUL included), the fuzz kit's nasty strings, emoji.
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const texts = fc.oneof(
      fc.string({ unit: codeUnit, minLength: 1, maxLength: 60 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      nastyStrings,
    );
    let run = 0;
    let token = '';
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(texts, async (text) => {
        if (run % 25 === 0) token = (await openVisitorSession(omnify, channelId)).token;
        run++;
        const id = `m_text_${String(run).padStart(4, '0')}`;
        const res = await visitorCall(omnify, channelId, 'messages', { body: { id, text }, token });
        statuses.add(res.status);
        expect([200, 400], `${JSON.stringify(text)} → ${res.text}`).toContain(res.status);
        if (res.status !== 200) return;
        const row = await omnify.db.query<{ text: string }>(
          `SELECT text FROM messages WHERE channel_id = $1 AND platform_message_id = $2 AND direction = 'inbound'`,
          [channelId, id],
        );
        expect(row.rows.map((r) => r.text)).toEqual([sanitizeText(text)]);
      }),
      { seed: 20_240_302, numRuns: 40 },
    );
    // Both sides were reached: texts stored and texts refused (blank once sanitized, too long).
    expect([...statuses].sort()).toEqual([200, 400]);
  }, 120_000);

  it('keeps or refuses attached files of any bytes, declared type and name, never with a 5xx', async () => {
    const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([PNG_HEAD, b])),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([Buffer.from('%PDF-1.4\n'), b])),
    );
    const types = fc.oneof(
      fc.constantFrom(
        'image/png',
        'application/pdf',
        'image/svg+xml',
        'text/plain',
        'application/octet-stream',
      ),
      fc.constantFrom('', 'image/', '*/*', 'text/plain; charset=utf-8; x=', 'IMAGE/PNG'),
      fc.stringMatching(/^[a-z]{1,8}\/[a-z0-9.+-]{1,20}$/),
    );
    const names = fc.oneof(
      nastyStrings,
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.constant('../../etc/passwd'),
    );
    let run = 0;
    let token = '';
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(bytes, types, names, async (body, type, name) => {
        if (run % 8 === 0) token = (await openVisitorSession(omnify, channelId)).token;
        run++;
        const q = new URLSearchParams({ id: `f_fuzz_${String(run).padStart(4, '0')}`, name });
        const res = await fetch(`${omnify.url}/webchat/${channelId}/files?${q}`, {
          method: 'POST',
          headers: { origin: HOST_ORIGIN, authorization: `Bearer ${token}`, 'content-type': type },
          body,
        });
        const text = await res.text();
        statuses.add(res.status);
        expect([200, 400, 413, 415, 422], `${type} ${JSON.stringify(name)} → ${text}`).toContain(res.status);
        if (res.status !== 200) expect(JSON.parse(text).error.code).toMatch(/^OMNIFY_ERR_/);
      }),
      { seed: 20_240_303, numRuns: 30 },
    );
    expect(statuses.has(200)).toBe(true);
    expect(statuses.has(422)).toBe(true);
    // Every kept file's name is one file name: no path, no control characters.
    const names_ = await omnify.db.query<{ name: string | null }>(
      `SELECT content->'media'->>'fileName' AS name FROM messages WHERE channel_id = $1 AND content_type IN ('image', 'document')`,
      [channelId],
    );
    for (const { name } of names_.rows) {
      expect(name ?? '').not.toMatch(/[/\\]/);
      expect(name ?? '').not.toContain('\u0000');
    }
  }, 120_000);
});
