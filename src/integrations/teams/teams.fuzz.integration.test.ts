import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { mutate, mutations, renderJson } from '../../testing/fuzz.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { APP_ID, APP_PASSWORD, activity, BOT, PERSONAL, SAMPLES, SERVICE_URL } from './teams.fixtures.ts';
import {
  bearerFor,
  type FakeBotFrameworkLogin,
  startFakeLogin,
  type TestKey,
  testKey,
} from './teams.login.fixtures.ts';

/*
 * Through the real server, against a local Bot Framework identity server with test keys: a JWT
 * signed by an unknown key, for another audience, expired, or for another serviceUrl is refused
 * with 401 and nothing is stored; a redelivery is stored once; our own echo never. Then fuzz: our
 * samples (written from Microsoft's docs; no shared real Teams payloads exist) with one node mutated
 * (NUL, lone surrogates, extreme numbers, deep nesting, type swaps, nasty keys), each with a valid
 * token for what it says: never a 5xx, an activity that keeps its type, serviceUrl and channelId is
 * acknowledged (200: stored as what it is, as `unsupported`, or ignored), and the good message
 * posted right after it is stored. Tokens are signed at the real clock (the server's).
 */

describe.each(testBackends())('teams webhook on %s', (backend) => {
  let omnify: TestOmnify;
  let login: FakeBotFrameworkLogin;
  let key: TestKey;
  let channelId: string;
  const nowS = () => Math.floor(Date.now() / 1000);
  const post = (raw: string, signer: TestKey = key, overrides: Record<string, unknown> = {}) =>
    omnify.post(`/webhooks/${channelId}`, raw, {
      'content-type': 'application/json',
      ...bearerFor(raw, signer, nowS(), overrides),
    });
  const rows = async (dedupeKey: string) =>
    (
      await omnify.db.query<{ text: string | null }>(
        'SELECT text FROM messages WHERE channel_id = $1 AND dedupe_key = $2',
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
    key = await testKey('fuzz-key');
    login = await startFakeLogin([key]);
    omnify = await startTestOmnify(backend);
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'teams',
      config: {
        appId: APP_ID,
        appPassword: APP_PASSWORD,
        openIdMetadataUrl: login.metadataUrl,
        tokenUrl: login.tokenUrl,
      },
    });
    expect(ch.status, JSON.stringify(ch.json)).toBe(201);
    expect(JSON.stringify(ch.json)).not.toContain(APP_PASSWORD);
    channelId = ch.json.id;
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await login?.stop();
  });

  it('refuses with 401, storing nothing, a token by an unknown key, for another bot, expired, or for another serviceUrl', async () => {
    // Another key under the listed kid (the signature fails), and a kid the key set does not list.
    const [impostor, unlisted] = [await testKey('fuzz-key'), await testKey('unlisted-kid')];
    const cases: [string, TestKey, Record<string, unknown>][] = [
      ['unknown key', impostor, {}],
      ['unlisted kid', unlisted, {}],
      ['another audience', key, { aud: 'another-app-id' }],
      ['expired', key, { exp: nowS() - 600, nbf: nowS() - 4000 }],
      ['another serviceUrl', key, { serviceurl: 'https://attacker.example/amer/' }],
    ];
    for (const [name, signer, overrides] of cases) {
      const raw = JSON.stringify(activity('message', `bad-${name}`, { text: name }));
      const res = await post(raw, signer, overrides);
      expect([name, res.status, res.json?.error?.code]).toEqual([name, 401, 'OMNIFY_ERR_SIGNATURE_INVALID']);
    }
    const unsigned = await omnify.post(`/webhooks/${channelId}`, JSON.stringify(SAMPLES['typing.json']), {});
    expect(unsigned.status).toBe(401);
    expect(await count()).toBe(0);
    expect(login.count('keys')).toBeGreaterThanOrEqual(1);
  });

  it('stores a redelivered message once and never stores our own echo', async () => {
    const raw = JSON.stringify(SAMPLES['personal_message.json']);
    const [first, again] = [await post(raw), await post(raw)];
    expect([first.json, again.json]).toEqual([
      { ok: true, stored: 1, duplicates: 0 },
      { ok: true, stored: 0, duplicates: 1 },
    ]);
    expect(await rows(`${PERSONAL}|1761000000001`)).toEqual([{ text: 'Hello, where is my parcel?' }]);
    const echo = activity('message', 'echo-1', { from: { id: BOT }, text: 'You said: hi' });
    expect((await post(JSON.stringify(echo))).json).toEqual({ ok: true, stored: 0, duplicates: 0 });
    expect(await rows(`${PERSONAL}|echo-1`)).toHaveLength(0);
  });

  it('never answers 5xx to mutated, authentic activities and keeps taking the next ones', async () => {
    const bases = Object.values(SAMPLES);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.nat(), mutations, async (which, pick, m) => {
        run++;
        const body = mutate(bases[which], pick, m) as Record<string, unknown>;
        const res = await post(renderJson(body));
        expect(res.status, res.text).toBeLessThan(500);
        if (
          typeof body.type === 'string' &&
          body.serviceUrl === SERVICE_URL &&
          body.channelId === 'msteams'
        ) {
          expect(res.status, res.text).toBe(200);
        }
        const good = activity('message', `good-${run}`, { text: 'ok' });
        expect((await post(JSON.stringify(good))).status).toBe(200);
        expect(await rows(`${PERSONAL}|good-${run}`)).toHaveLength(1);
      }),
      { seed: 20_261_020, numRuns: 80 },
    );
  }, 120_000);
});
