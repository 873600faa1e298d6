import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import {
  hasSharedFixtures,
  listFixtures,
  SHARED_PAYLOADS_DIR,
  sharedSkipReason,
} from '../../testing/fixtures.ts';
import { mutate, mutations, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { dispatch, GATEWAY_SAMPLES } from './discord.gateway.fixtures.ts';
import { DISCORD_SAMPLES } from './discord.samples.ts';
import { discordPublicKeyOfSeed, signDiscord } from './discord.signature.ts';

/*
 * Through the real server: Discord's interactions endpoint (PING answered, nothing stored; a
 * command stored once and answered with a deferred response, also when delivered twice; a bad
 * signature refused), then fuzz: our sample interactions and the shared real ones with one node
 * mutated (NUL, lone surrogates, extreme numbers, deep nesting, type swaps, nasty keys), validly
 * signed. Discord sends one interaction per request: never a 5xx, a mutated interaction that still
 * has a snowflake `id` and an integer `type` is answered 200, and the good one posted right after
 * it is stored.
 */

const SEED = '3c6f6d6e6966792d646973636f72642d66757a7a2d7365656421212121212121';
const skip = sharedSkipReason();
if (skip) console.warn(`discord fuzz: ${skip}`);

function baseInteractions(): any[] {
  const shared = hasSharedFixtures
    ? listFixtures(`${SHARED_PAYLOADS_DIR}/discord`, /^interaction_.*\.json$/).map((f) =>
        JSON.parse(f.bytes.toString('utf8')),
      )
    : [];
  return [...Object.values(DISCORD_SAMPLES), ...shared];
}

/**
 * Gateway dispatches (what the receive loop hands to `parse`): our documentation-based samples and,
 * with ../shared, the docs' envelope and message object. Posted signed to the webhook here, which
 * runs the same sanitizer, `parse` and ingest as the loop's deliveries.
 */
function baseDispatches(): any[] {
  const own = Object.values(GATEWAY_SAMPLES).map((x, i) => dispatch(x.t, i + 2, x.d));
  if (!hasSharedFixtures) return own;
  const read = (name: string) =>
    JSON.parse(
      listFixtures(`${SHARED_PAYLOADS_DIR}/discord`, new RegExp(`^${name}`))[0]!.bytes.toString('utf8'),
    );
  const envelope = read('gateway_payload_envelope_example');
  return [...own, envelope, { ...envelope, t: 'MESSAGE_CREATE', d: read('message_object_example') }];
}

const good = (n: number) => ({
  id: String(1_350_000_000_000_000_000n + BigInt(n)),
  application_id: '1200000000000000000',
  type: 2,
  token: 'fuzz-token',
  version: 1,
  channel_id: '1300000000000000777',
  user: { id: '80351110224678912', username: 'nelly' },
  data: { id: '1100000000000000001', name: 'ping', type: 1 },
});

describe.each(testBackends())('discord interactions endpoint on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const bases = baseInteractions();
  const post = (body: string, headers = signDiscord(body, SEED, String(Math.floor(Date.now() / 1000)))) =>
    omnify.post(`/webhooks/${channelId}`, body, { 'content-type': 'application/json', ...headers });
  const count = async (dedupeKey: string) =>
    (
      await omnify.db.query('SELECT 1 FROM messages WHERE channel_id = $1 AND dedupe_key = $2', [
        channelId,
        dedupeKey,
      ])
    ).rows.length;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'discord',
      config: {
        applicationId: '1200000000000000000',
        publicKey: discordPublicKeyOfSeed(SEED),
        botToken: 'fuzz.bot.token',
        apiBaseUrl: 'http://127.0.0.1:9',
      },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('answers PING with PONG, refuses a bad signature, stores a command once and defers it', async () => {
    const ping = await post('{"id":"787053080478613555","token":"t","type":1,"version":1}');
    expect([ping.status, ping.json]).toEqual([200, { type: 1 }]);
    expect(ping.text).toBe('{"type":1}');
    const body = JSON.stringify(good(0));
    const forged = await post(body, { ...signDiscord(`${body} `, SEED, '1'), 'X-Signature-Timestamp': '1' });
    expect(forged.status).toBe(401);
    expect(await count(`interaction:${good(0).id}`)).toBe(0);
    for (let i = 0; i < 2; i++) {
      const res = await post(body);
      expect([res.status, res.json]).toEqual([200, { type: 5 }]);
    }
    expect(await count(`interaction:${good(0).id}`)).toBe(1);
    const rows = await omnify.db.query<any>('SELECT text, raw FROM messages WHERE channel_id = $1', [
      channelId,
    ]);
    expect(rows.rows.map((r: any) => [r.text, r.raw.token])).toEqual([['/ping', '[redacted]']]);
    // The interaction token (kept for the deferred answer) is never stored in plain text.
    const conversations = await omnify.db.query<any>(
      'SELECT c::text AS row FROM conversations c WHERE channel_id = $1',
      [channelId],
    );
    expect(conversations.rows).toHaveLength(1);
    expect(conversations.rows[0].row).not.toContain('fuzz-token');
  });

  it('never answers 5xx to mutated interactions and keeps taking the next ones', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const x = mutate(bases[which], pick, m) as any;
        const res = await post(renderJson(x));
        expect(res.status, res.text).toBeLessThan(500);
        if (typeof x.id === 'string' && /^\d{1,20}$/.test(x.id) && Number.isInteger(x.type)) {
          expect(res.status, res.text).toBe(200);
        }
        const ok = good(run);
        expect((await post(JSON.stringify(ok))).status).toBe(200);
        expect(await count(`interaction:${ok.id}`)).toBe(1);
      }),
      { seed: 20_261_207, numRuns: 80 },
    );
  }, 60_000);

  it('stores Gateway dispatches through the same pipeline, then never answers 5xx to mutated ones', async () => {
    const dispatches = baseDispatches();
    for (const x of dispatches) expect((await post(JSON.stringify(x))).status).toBe(200);
    const keys = [
      '1310000000000000001',
      '1310000000000000001:edit:2025-11-01T11:02:30.000000+00:00',
      '1310000000000000003:deleted',
    ];
    for (const k of keys) expect(await count(k), k).toBe(1);
    expect(await count('1301000000000000001')).toBe(0); // our own message: an echo, not stored
    let run = 1000;
    await fc.assert(
      fc.asyncProperty(fc.nat(dispatches.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const body = renderJson(mutate(dispatches[which], pick, m));
        const res = await post(body);
        expect(res.status, res.text).toBeLessThan(500);
        const x = JSON.parse(body); // as sent: markers expanded
        if (x?.op === 0 && typeof x.t === 'string' && x.d && typeof x.d === 'object' && !Array.isArray(x.d)) {
          expect(res.status, res.text).toBe(200);
        }
        const ok = good(run);
        expect((await post(JSON.stringify(ok))).status).toBe(200);
        expect(await count(`interaction:${ok.id}`)).toBe(1);
      }),
      { seed: 20_261_208, numRuns: 80 },
    );
  }, 60_000);
});
