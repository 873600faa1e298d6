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
import { TELEGRAM_SECRET_HEADER } from './telegram.adapter.ts';

/*
 * Fuzz: real Telegram updates (our samples, plus the shared real fixtures when ../shared is present)
 * with one node mutated (NUL, lone surrogates, extreme numbers, deep nesting, type swaps, nasty
 * keys), posted with the secret token. Telegram sends one update per request and holds later
 * updates until one is acknowledged, so: never a 5xx, a mutated update that still has an integer
 * `update_id` is acknowledged (200, stored as what it is or as `unsupported`), and the good update
 * posted right after it is stored.
 */

const SECRET = 'fuzz_tg_secret_token';
const skip = sharedSkipReason();
if (skip) console.warn(`telegram fuzz: ${skip}`);

function baseUpdates(): any[] {
  const files = [
    ...listFixtures(`${SAMPLE_PAYLOADS_DIR}/telegram`),
    ...(hasSharedFixtures ? listFixtures(`${SHARED_PAYLOADS_DIR}/telegram`, /^update_.*\.json$/) : []),
  ];
  return files.map((f) => JSON.parse(f.bytes.toString('utf8'))).filter((u) => Number.isInteger(u.update_id));
}

describe.each(testBackends())('telegram webhook fuzz on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const bases = baseUpdates();
  const post = (body: string) =>
    omnify.post(`/webhooks/${channelId}`, body, { [TELEGRAM_SECRET_HEADER]: SECRET });

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'telegram',
      config: { botToken: '1:fuzz', secretToken: SECRET, apiBaseUrl: 'http://127.0.0.1:9' },
    });
    channelId = ch.json.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('acknowledges a malformed or out-of-range message and records why', async () => {
    const bad = {
      update_id: 9_000_001,
      message: { message_id: 1, date: 1e300, chat: { id: 77 }, text: 'a\u0000\uD800' },
    };
    expect((await post(renderJson(bad))).status).toBe(200);
    const broken = { update_id: 9_000_002, message: { message_id: 'x', date: 1, chat: { id: 77 } } };
    expect((await post(renderJson(broken))).status).toBe(200);
    const rows = await omnify.db.query<any>(
      `SELECT dedupe_key, text, content, error_code FROM messages WHERE channel_id = $1 ORDER BY created_at`,
      [channelId],
    );
    expect(rows.rows.map((r: any) => [r.dedupe_key, r.text, r.error_code])).toEqual([
      ['77:1', 'a\uFFFD', 'timestamp_invalid'],
      ['update:9000002', null, null],
    ]);
    expect(rows.rows[1].content.reason).toMatch(/message_id must be an integer/);
  });

  it('never answers 5xx to mutated updates and keeps taking the next ones', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const update = mutate(bases[which], pick, m) as any;
        const res = await post(renderJson(update));
        expect(res.status, res.text).toBeLessThan(500);
        if (Number.isInteger(update.update_id)) expect(res.status, res.text).toBe(200);
        const good = {
          update_id: 1_000_000 + run,
          message: { message_id: run, date: 1761994800, chat: { id: 5 }, text: 'ok' },
        };
        expect((await post(JSON.stringify(good))).status).toBe(200);
        const n = await omnify.db.query('SELECT 1 FROM messages WHERE channel_id = $1 AND dedupe_key = $2', [
          channelId,
          `5:${run}`,
        ]);
        expect(n.rows).toHaveLength(1);
      }),
      { seed: 20_261_206, numRuns: 80 },
    );
  }, 60_000);
});
