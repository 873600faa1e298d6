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
import { customDelivery, received, SAMPLES, sent } from './respondio.fixtures.ts';
import { RESPONDIO_SIGNATURE_HEADER, signRespondio } from './respondio.verify.ts';

/*
 * Through the real server: what is authenticated, redelivery, our own echoes, the Custom Channel's
 * {mId} answer, and fuzz. The bodies are written from respond.io's documentation (respondio.fixtures.ts;
 * the shared folder has no respond.io payloads, and any added later join the fuzz bases), each with
 * one node mutated (NUL, lone surrogates, extreme numbers, deep nesting, type swaps, nasty keys) and
 * validly signed. Never a 5xx (respond.io would retry it), and the good event posted right after is
 * stored.
 */

const SIGNING_KEY = 'ZnV6ei1yZXNwb25kaW8tc2lnbmluZy1rZXktMDEyMzQ1';
const CHANNEL_TOKEN = 'fuzz-respondio-channel-token-0123456789';
const WEBHOOK_TOKEN = 'fuzz_respondio_webhook_token_0123';
const skip = sharedSkipReason();
if (skip) console.warn(`respondio fuzz: ${skip}`);

function baseBodies(): unknown[] {
  const shared = hasSharedFixtures
    ? listFixtures(`${SHARED_PAYLOADS_DIR}/respondio`, /\.json$/).map((f) =>
        JSON.parse(f.bytes.toString('utf8')),
      )
    : [];
  return [...Object.values(SAMPLES), ...shared];
}

describe.each(testBackends())('respond.io webhook on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  const bases = baseBodies();
  const post = (body: string, headers?: Record<string, string>, query = '') =>
    omnify.post(
      `/webhooks/${channelId}${query}`,
      body,
      headers ?? { [RESPONDIO_SIGNATURE_HEADER]: signRespondio(body, SIGNING_KEY) },
    );
  const rows = async (dedupeKey: string) =>
    (
      await omnify.db.query<{ text: string | null; thread_key: string }>(
        `SELECT m.text, c.thread_key FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE m.channel_id = $1 AND m.dedupe_key = $2`,
        [channelId, dedupeKey],
      )
    ).rows;
  const count = async () =>
    Number(
      (
        await omnify.db.query<{ n: string }>('SELECT count(*) AS n FROM messages WHERE channel_id = $1', [
          channelId,
        ])
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'respondio',
      config: {
        apiToken: 'fuzz-respondio-api-token',
        channelToken: CHANNEL_TOKEN,
        customChannelId: 'cc0fuzz',
        signingKey: SIGNING_KEY,
        webhookToken: WEBHOOK_TOKEN,
        apiBaseUrl: 'http://127.0.0.1:9',
      },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(201);
    for (const secret of [SIGNING_KEY, CHANNEL_TOKEN, WEBHOOK_TOKEN])
      expect(JSON.stringify(ch.json)).not.toContain(secret);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(() => omnify?.close());

  it('stores only what proves a secret: signature, URL token or Custom Channel bearer', async () => {
    const body = JSON.stringify(received(9001, { type: 'text', text: 'signed' }));
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { [RESPONDIO_SIGNATURE_HEADER]: signRespondio(body, 'd3Jvbmc=') })).status).toBe(
      401,
    );
    expect((await post(body, {}, '?token=wrong_token_wrong_token_0123')).status).toBe(401);
    expect((await post(body, { authorization: 'Bearer fuzz-respondio-api-token' })).status).toBe(401);
    expect(await count()).toBe(0);
    expect((await post(body)).status).toBe(200);
    const viaToken = JSON.stringify(received(9002, { type: 'text', text: 'token' }));
    expect((await post(viaToken, {}, `?token=${WEBHOOK_TOKEN}`)).status).toBe(200);
    expect((await rows('9001')).map((r) => r.text)).toEqual(['signed']);
    expect((await rows('9002')).map((r) => r.text)).toEqual(['token']);
  });

  it('stores a redelivered message once and never stores our own echoes', async () => {
    const body = JSON.stringify(SAMPLES['message_received_text.json']);
    expect((await post(body)).json).toEqual({ ok: true });
    expect((await post(body)).status).toBe(200);
    expect(await rows('1726740558441000')).toEqual([
      { text: 'Hi, where is my order #4411?', thread_key: 'id:1001' },
    ]);
    const before = await count();
    const ownSend = JSON.stringify(sent(424242, [{ value: 'delivered', timestamp: 1726740600 }]));
    const ownCustom = JSON.stringify(
      received(9003, { type: 'text', text: 'our answer' }, { channelMessageId: 'omnify-abc' }),
    );
    expect([(await post(ownSend)).status, (await post(ownCustom)).status]).toEqual([200, 200]);
    expect(await count()).toBe(before);
  });

  it('answers a Custom Channel delivery with its mId, the same one for a redelivery', async () => {
    const body = JSON.stringify(customDelivery('From a respond.io user'));
    const headers = { authorization: `Bearer ${CHANNEL_TOKEN}` };
    const first = await post(body, headers);
    const again = await post(body, headers);
    expect(first.status).toBe(200);
    expect(first.json.mId).toMatch(/^cc-[0-9a-f]{40}$/);
    expect(again.json).toEqual(first.json);
    expect(await rows(first.json.mId)).toEqual([
      { text: 'From a respond.io user', thread_key: 'custom:+4915112345678' },
    ]);
  });

  it('never answers 5xx to mutated, signed deliveries and keeps taking the next ones', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const res = await post(renderJson(mutate(bases[which], pick, m)));
        expect(res.status, res.text).toBeLessThan(500);
        const id = 1_800_000_000_000 + run;
        const good = JSON.stringify(received(id, { type: 'text', text: `ok ${run}` }));
        expect((await post(good)).status).toBe(200);
        expect(await rows(String(id))).toHaveLength(1);
      }),
      { seed: 20_260_314, numRuns: 80 },
    );
  }, 120_000);
});
