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
import { BOT_USER, DM, envelope, message, SAMPLES } from './slack.fixtures.ts';
import { SLACK_SIGNATURE_HEADER, SLACK_TIMESTAMP_HEADER, signSlack } from './slack.signature.ts';

/*
 * Through the real server: Slack's url_verification, redelivery, our own echo, and fuzz. Real Slack
 * deliveries (the shared fixtures when ../shared is present, plus our samples from Slack's docs) with
 * one node mutated (NUL, lone surrogates, extreme numbers, deep nesting, type swaps, nasty keys),
 * validly signed at the current time. Slack sends one event per request and retries failures, so:
 * never a 5xx, an envelope that is still an `event_callback` with its `event_id` is acknowledged
 * (200: stored as what it is, as `unsupported`, or ignored), and the good event posted right after
 * it is stored.
 */

const SECRET = 'fuzz-slack-signing-secret';
const skip = sharedSkipReason();
if (skip) console.warn(`slack fuzz: ${skip}`);

function baseBodies(): unknown[] {
  const shared = hasSharedFixtures
    ? listFixtures(`${SHARED_PAYLOADS_DIR}/slack`, /^event_.*\.json$/).map((f) =>
        JSON.parse(f.bytes.toString('utf8')),
      )
    : [];
  return [...Object.values(SAMPLES), ...shared];
}

describe.each(testBackends())('slack webhook on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const bases = baseBodies();
  const post = (body: string) => {
    const ts = String(Math.floor(Date.now() / 1000));
    return omnify.post(`/webhooks/${channelId}`, body, {
      [SLACK_TIMESTAMP_HEADER]: ts,
      [SLACK_SIGNATURE_HEADER]: signSlack(body, SECRET, ts),
    });
  };
  const rows = async (dedupeKey: string) =>
    (
      await omnify.db.query<{ text: string | null; content: { type: string } }>(
        'SELECT text, content FROM messages WHERE channel_id = $1 AND dedupe_key = $2',
        [channelId, dedupeKey],
      )
    ).rows;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'slack',
      config: { botToken: 'xoxb-fuzz-token', signingSecret: SECRET, apiBaseUrl: 'http://127.0.0.1:9' },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(201);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('answers url_verification with the challenge only when signed, storing nothing', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'chal-123', type: 'url_verification' });
    const res = await post(body);
    expect([res.status, res.text]).toEqual([200, 'chal-123']);
    const unsigned = await omnify.post(`/webhooks/${channelId}`, body, {});
    expect(unsigned.status).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 600);
    const replay = await omnify.post(`/webhooks/${channelId}`, body, {
      [SLACK_TIMESTAMP_HEADER]: stale,
      [SLACK_SIGNATURE_HEADER]: signSlack(body, SECRET, stale),
    });
    expect(replay.status).toBe(401);
  });

  it('stores a redelivered message once and never stores our own echo', async () => {
    const body = JSON.stringify(SAMPLES['dm_with_profile.json']);
    const first = await post(body);
    const again = await post(body);
    expect([first.json, again.json]).toEqual([
      { ok: true, stored: 1, duplicates: 0 },
      { ok: true, stored: 0, duplicates: 1 },
    ]);
    expect(await rows(`${DM}:1700000120.000400`)).toHaveLength(1);
    const echo = envelope(
      message('1700000999.000001', 'Sure!', { user: BOT_USER, bot_id: 'B0', channel: DM }),
      'EvEcho',
    );
    expect((await post(JSON.stringify(echo))).json).toEqual({ ok: true, stored: 0, duplicates: 0 });
    expect(await rows(`${DM}:1700000999.000001`)).toHaveLength(0);
  });

  it('never answers 5xx to mutated, signed deliveries and keeps taking the next ones', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const body = mutate(bases[which], pick, m) as { type?: unknown; event_id?: unknown };
        const res = await post(renderJson(body));
        expect(res.status, res.text).toBeLessThan(500);
        if (body?.type === 'event_callback' && typeof body.event_id === 'string' && body.event_id) {
          expect(res.status, res.text).toBe(200);
        }
        const ts = `1700100000.${String(run).padStart(6, '0')}`;
        const good = envelope(message(ts, 'ok', { channel: DM, channel_type: 'im' }), `EvGood${run}`);
        expect((await post(JSON.stringify(good))).status).toBe(200);
        expect(await rows(`${DM}:${ts}`)).toHaveLength(1);
      }),
      { seed: 20_261_207, numRuns: 80 },
    );
  }, 90_000);
});
