import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import {
  hasSharedFixtures,
  listFixtures,
  SAMPLE_PAYLOADS_DIR,
  SHARED_PAYLOADS_DIR,
  sharedSkipReason,
} from '../../testing/fixtures.ts';
import { mutate, mutations, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { signWhatsApp } from './whatsapp.signature.ts';

/*
 * Fuzz: real WhatsApp payloads (our samples, plus the shared real fixtures when ../shared is
 * present) with one node mutated (NUL, lone surrogates, extreme numbers, deep nesting, type swaps,
 * nasty keys), validly signed, posted to a running server next to good messages in the same
 * delivery. Never a 5xx, and the good messages are always stored.
 */

const APP_SECRET = 'fuzz-app-secret';
const skip = sharedSkipReason();
if (skip) console.warn(`whatsapp fuzz: ${skip}`);

/** `entry[0].changes[0].value` of every inbound/status payload we have. */
function baseValues(): unknown[] {
  const files = [
    ...listFixtures(`${SAMPLE_PAYLOADS_DIR}/whatsapp`),
    ...(hasSharedFixtures
      ? listFixtures(`${SHARED_PAYLOADS_DIR}/whatsapp`, /^(inbound|status)_.*\.json$/)
      : []),
  ];
  return files
    .map((f) => JSON.parse(f.bytes.toString('utf8')))
    .filter((b) => b.object === 'whatsapp_business_account')
    .map((b) => b.entry[0].changes[0].value);
}

const goodMessage = (id: string, text: string) => ({
  from: '15550009999',
  id,
  timestamp: '1735725600',
  type: 'text',
  text: { body: text },
});

const envelope = (values: unknown[]) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '100000000000100', changes: values.map((value) => ({ value, field: 'messages' })) }],
});

describe.each(testBackends())('whatsapp webhook fuzz on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const bases = baseValues();

  const post = (body: string) =>
    omnify.post(`/webhooks/${channelId}`, body, { 'x-hub-signature-256': signWhatsApp(body, APP_SECRET) });
  const stored = async (ids: string[]) =>
    (
      await omnify.db.query<{ platform_message_id: string }>(
        'SELECT platform_message_id FROM messages WHERE channel_id = $1 AND platform_message_id = ANY($2)',
        [channelId, ids],
      )
    ).rows.map((r) => r.platform_message_id);

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      config: {
        phoneNumberId: '1',
        accessToken: 'token-fuzz-123',
        appSecret: APP_SECRET,
        verifyToken: 'v',
        apiBaseUrl: 'http://127.0.0.1:9',
      },
    });
    channelId = ch.json.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('stores the good messages next to a poisoned one, field by field', async () => {
    const base = bases[0] as any;
    const nul = structuredClone(base);
    nul.messages[0] = { ...goodMessage('wamid.NUL\u0000', 'a\u0000b\uD800'), from: '1555\u0000' };
    nul.contacts = [{ profile: { name: 'Zed\u0000\uDC00' }, wa_id: '1555\u0000' }];
    nul.messages.push(
      { ...goodMessage('wamid.TS', 'late'), timestamp: '1e300' },
      { ...goodMessage('wamid.DEEP', 'deep'), extra: '__DEEP_3000__' },
      { ...goodMessage('wamid.SWAP', 'x'), text: 'not an object', type: 'text' },
      goodMessage('wamid.GOOD-1', 'hello'),
    );
    const res = await post(renderJson(envelope([nul])));
    expect(res.status).toBe(200);
    const rows = await omnify.db.query<any>(
      `SELECT platform_message_id, text, content, error_code, raw::text AS raw FROM messages
        WHERE channel_id = $1 ORDER BY created_at`,
      [channelId],
    );
    const by = new Map(rows.rows.map((r: any) => [r.platform_message_id, r]));
    expect(by.get('wamid.NUL')?.text).toBe('ab\uFFFD');
    expect(by.get('wamid.TS')?.error_code).toBe('timestamp_invalid');
    expect(by.get('wamid.TS')?.text).toBe('late');
    expect(by.get('wamid.DEEP')?.error_code).toBe('payload_truncated');
    expect(by.get('wamid.DEEP')?.raw).toContain('nested deeper than 64 levels');
    expect(by.get('wamid.SWAP')?.content.type).toBe('unsupported');
    expect(by.get('wamid.GOOD-1')?.text).toBe('hello');
  });

  it('never answers 5xx to mutated, signed payloads and stores their good neighbours', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(bases.length - 1),
        fc.nat(),
        mutations,
        fc.string({ maxLength: 40 }),
        async (which, pick, m, text) => {
          run++;
          const value = mutate(bases[which], pick, m) as any;
          const goods = [`wamid.FUZZ-${backend}-${run}-a`, `wamid.FUZZ-${backend}-${run}-b`];
          const sameArray = value && Array.isArray(value.messages);
          if (sameArray) value.messages.push(goodMessage(goods[0]!, text || 'hi'));
          const values = [value, { messaging_product: 'whatsapp', messages: [goodMessage(goods[1]!, 'ok')] }];
          const res = await post(renderJson(envelope(values)));
          expect(res.status, res.text).toBe(200);
          expect(await stored(goods.slice(sameArray ? 0 : 1))).toHaveLength(sameArray ? 2 : 1);
        },
      ),
      { seed: 20_261_205, numRuns: 80 },
    );
  }, 60_000);
});
