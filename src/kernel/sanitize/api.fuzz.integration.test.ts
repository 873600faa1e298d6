import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { mutate, mutations, nastyStrings, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';

/*
 * Fuzz of the API edge: bodies, route params and query strings of the main routes (contacts?q=,
 * agents, channels, conversation replies, orders) with NUL, lone surrogates (also as raw UTF-8
 * surrogate bytes and broken %-escapes in the URL), extreme numbers, deep nesting, type swaps and
 * nasty keys. Bad input never gets a 5xx, and every error answer is a catalog error.
 */

const SECRET = 'api-fuzz-webhook-secret';

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

const text = fc.oneof(
  nastyStrings,
  fc.string({ maxLength: 30 }),
  fc.constantFrom('%', '%E0%A4%A', '%00', '%ZZ'),
);
/** `text` for a URL: percent-encoded, except the raw broken escapes, which go in as they are. */
const urlText = text.map((s) => (s.startsWith('%') ? s : pct(s)));

describe.each(testBackends())('API fuzz on %s', (backend) => {
  let omnify: TestOmnify;
  let agentId: string;
  let channelId: string;
  let conversationId: string;

  const call = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${omnify.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body,
    });
    const raw = await res.text();
    return { status: res.status, raw };
  };

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    agentId = (
      await omnify.api('POST', '/api/v1/agents', {
        kind: 'faq',
        name: 'fuzz',
        config: { entries: [{ question: 'hours?', answer: '9-5' }] },
      })
    ).json.id;
    channelId = (
      await omnify.api('POST', '/api/v1/channels', {
        platform: 'webhook',
        config: { secret: SECRET, callbackUrl: 'http://127.0.0.1:9/cb' },
      })
    ).json.id;
    const event = JSON.stringify({ type: 'message', id: 'api-fuzz-1', from: { id: 'c1' }, text: 'hello' });
    await omnify.post(`/webhooks/${channelId}`, event, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, event),
    });
    conversationId = (await omnify.api('GET', `/api/v1/conversations?channelId=${channelId}`)).json.data[0]
      .id;
  }, 60_000);
  afterAll(() => omnify?.close());

  /** Request builders: (a fuzzed text, a fuzzed text for URLs, a node pick, a mutation) → request. */
  const routes: ((s: string, u: string, pick: number, m: any) => [string, string, unknown?])[] = [
    (_s, u) => ['GET', `/api/v1/contacts?q=${u}`],
    (_s, u) => ['GET', `/api/v1/contacts?limit=${u}&cursor=${u}`],
    (_s, u) => ['GET', `/api/v1/contacts/${u}`],
    (s, _u, p, m) => [
      'POST',
      '/api/v1/agents',
      mutate({ kind: 'faq', name: s, config: { entries: [{ question: s, answer: 'a' }] } }, p, m),
    ],
    (s) => ['PATCH', `/api/v1/agents/${agentId}`, { name: s }],
    (_s, u) => ['GET', `/api/v1/agents/${u}`],
    (s, _u, p, m) => [
      'POST',
      '/api/v1/channels',
      mutate(
        {
          platform: 'webhook',
          name: s,
          config: { secret: 'abcdefghijklmnop', callbackUrl: 'http://127.0.0.1:9/x' },
        },
        p,
        m,
      ),
    ],
    (s) => ['PATCH', `/api/v1/channels/${channelId}`, { name: s }],
    (_s, u) => ['GET', `/api/v1/channels/${u}`],
    (s, _u, p, m) => ['POST', `/api/v1/conversations/${conversationId}/messages`, mutate({ text: s }, p, m)],
    (s, u) => ['POST', `/api/v1/conversations/${u}/messages`, { text: s }],
    (_s, u) => ['GET', `/api/v1/conversations?status=${u}&channelId=${u}`],
    (s, _u, p, m) => [
      'POST',
      '/api/v1/orders',
      mutate(
        { customerId: s, date: '2025-01-02', amountMinor: 1200, orderId: s, email: 'a@b.co', name: s },
        p,
        m,
      ),
    ],
    (_s, u) => ['GET', `/api/v1/orders?contactId=${u}`],
  ];

  it('never answers 5xx, and errors are catalog errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(routes.length - 1),
        text,
        urlText,
        fc.nat(),
        mutations,
        async (r, s, u, pick, m) => {
          const [method, path, body] = routes[r]!(s, u, pick, m);
          const res = await call(method, path, body === undefined ? undefined : renderJson(body));
          expect(res.status, `${method} ${path} ${res.raw}`).toBeLessThan(500);
          if (res.status >= 400) expect(JSON.parse(res.raw).error.code).toMatch(/^OMNIFY_ERR_[A-Z_]+$/);
        },
      ),
      { seed: 20_261_208, numRuns: 150 },
    );
  }, 60_000);

  it('refuses numbers that are not finite (Infinity, 1e400) with a 400 naming the field', async () => {
    for (const v of ['Infinity', '-Infinity', '1e400']) {
      for (const path of [`/api/v1/conversations?limit=${v}`, `/api/v1/contacts?limit=${v}`]) {
        const res = await call('GET', path);
        expect(res.status, `${path} ${res.raw}`).toBe(400);
        expect(JSON.parse(res.raw).error).toMatchObject({
          code: 'OMNIFY_ERR_VALIDATION',
          details: { fields: [{ path: '/querystring/limit' }] },
        });
      }
    }
    expect((await call('GET', '/api/v1/contacts?q=Infinity')).status).toBe(200);
  });

  it('refuses a forged page cursor with a 400 (a date word, not a uuid)', async () => {
    const forged = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
    for (const cursor of [
      forged('yesterday', 'x'),
      forged('2026-01-01 00:00:00+00', 'x'),
      forged('yesterday', conversationId),
    ]) {
      for (const path of [`/api/v1/conversations?cursor=${cursor}`, `/api/v1/contacts?cursor=${cursor}`]) {
        const res = await call('GET', path);
        expect(res.status, `${path} ${res.raw}`).toBe(400);
      }
    }
  });

  it('stores cleaned text: NUL removed, lone surrogate replaced', async () => {
    const res = await call('PATCH', `/api/v1/agents/${agentId}`, JSON.stringify({ name: 'Bo\u0000t\uD800' }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.raw).name).toBe('Bot\uFFFD');
    const q = await call('GET', `/api/v1/contacts?q=${pct('c\u0000\uDC00')}`);
    expect(q.status).toBe(200);
  });
});
