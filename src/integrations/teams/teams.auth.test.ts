import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { OmnifyError } from '../../kernel/errors/catalog.ts';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import { createTeamsAdapter, type TeamsConfig } from './teams.adapter.ts';
import { config as baseConfig, NOW_S, SAMPLES, SERVICE_URL } from './teams.fixtures.ts';
import { BotFrameworkKeys } from './teams.keys.ts';
import {
  bearerFor,
  connectorClaims,
  signJwt,
  startFakeLogin,
  type TestKey,
  testKey,
} from './teams.login.fixtures.ts';

/*
 * verifyRemote against a local Bot Framework identity server with test keys (jose): the checks of
 * "Authenticate requests from the Bot Connector service to your bot", the key cache (TTL, one
 * refetch per unknown kid, a cooldown, shared fetches) and what happens when the keys cannot be
 * fetched. Each test gets a fresh cache on a pinned clock it moves by hand.
 */

const KEY = await testKey('key-2025-10');
const ROTATED = await testKey('key-2025-11');
const STRANGER = await testKey('key-2025-10');
const UNENDORSED = await testKey('key-no-endorsements', []);
const login = await startFakeLogin([KEY]);
afterAll(() => login.stop());

const http = createHttpClient({ allowPrivateUrls: true });
const config: TeamsConfig = { ...baseConfig, openIdMetadataUrl: login.metadataUrl };
const body = Buffer.from(JSON.stringify(SAMPLES['personal_message.json']));
let clockS = NOW_S;
let adapter = createTeamsAdapter();

beforeEach(() => {
  clockS = NOW_S;
  const now = () => clockS * 1000;
  adapter = createTeamsAdapter({
    now,
    keys: new BotFrameworkKeys({ now, ttlMs: 3_600_000, refetchCooldownMs: 60_000 }),
  });
  login.keys = [KEY];
  login.server.requests.length = 0;
});

const request = (headers: Record<string, string>, raw: Buffer = body): WebhookRequest => ({
  method: 'POST',
  headers,
  query: {},
  rawBody: raw,
});

/** Runs both verification steps as the webhook route does; the OmnifyError they throw, if any. */
async function check(
  headers: Record<string, string>,
  raw: Buffer = body,
  c = config,
): Promise<OmnifyError | undefined> {
  try {
    const req = request(headers, raw);
    adapter.verify(req, c);
    await adapter.verifyRemote!(req, c, { http });
    return undefined;
  } catch (e) {
    return e as OmnifyError;
  }
}
const signed = (overrides: Record<string, unknown> = {}, key: TestKey = KEY) =>
  ({ authorization: `Bearer ${signJwt(connectorClaims(SERVICE_URL, clockS, overrides), key)}` }) as Record<
    string,
    string
  >;
const refused = async (headers: Record<string, string>, raw?: Buffer, reason?: RegExp) => {
  const err = await check(headers, raw);
  expect(err?.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
  if (reason) expect(err?.message).toMatch(reason);
};

describe('teams verifyRemote', () => {
  it('accepts the Bot Connector token of an activity, fetching the keys once', async () => {
    expect(await check(bearerFor(body, KEY, NOW_S))).toBeUndefined();
    expect(await check(signed({ serviceurl: undefined, serviceUrl: SERVICE_URL }))).toBeUndefined();
    expect([login.count('metadata'), login.count('keys')]).toEqual([1, 1]);
  });

  it('refuses a token signed by an unknown key, a wrong audience, issuer, service URL or an expired one', async () => {
    await refused(signed({}, STRANGER), body, /signature does not match/);
    await refused(signed({ aud: 'another-bot-app-id' }), body, /not for this bot/);
    await refused(signed({ iss: 'https://sts.windows.net/evil/' }), body, /not issued by the Bot Framework/);
    await refused(signed({ serviceurl: 'https://evil.example/amer/' }), body, /serviceurl/);
    await refused(signed({ serviceurl: undefined }), body, /serviceurl/);
    await refused(signed({ exp: clockS - 301 }), body, /expired/);
    await refused(signed({ exp: undefined }), body, /exp/);
    await refused(signed({ nbf: clockS + 301 }), body, /not valid yet/);
  });

  it('takes a token verified before without checking its signature again, only until it expires', async () => {
    const headers = signed({ exp: clockS + 7200 });
    expect(await check(headers)).toBeUndefined();
    // An hour later the key cache is stale and the key has left the key set: a new token signed with
    // it is refused, the token verified before still passes until its exp...
    clockS += 3601;
    login.keys = [];
    await refused(signed({ exp: clockS + 600 }), body);
    expect(await check(headers)).toBeUndefined();
    // ...while the activity checks run again on every delivery,
    const elsewhere = Buffer.from(body.toString('utf8').replace(SERVICE_URL, 'https://evil.example/amer/'));
    await refused(headers, elsewhere, /serviceurl/);
    // and past its exp (and the skew) it is verified again, and refused.
    clockS += 3600 + 301;
    await refused(headers, body);
  });

  it('allows five minutes of clock skew either side', async () => {
    expect(await check(signed({ exp: clockS - 299 }))).toBeUndefined();
    expect(await check(signed({ nbf: clockS + 299 }))).toBeUndefined();
  });

  it("requires the key's endorsement of the activity's channelId", async () => {
    const other = Buffer.from(JSON.stringify({ ...SAMPLES['personal_message.json'], channelId: 'slack' }));
    await refused(bearerFor(other, KEY, clockS), other, /not endorsed for channel "slack"/);
    login.keys = [KEY, UNENDORSED];
    await refused(signed({}, UNENDORSED), body, /not endorsed/);
    const noChannel = Buffer.from(
      JSON.stringify({ ...SAMPLES['personal_message.json'], channelId: undefined }),
    );
    expect(await check(bearerFor(noChannel, UNENDORSED, clockS), noChannel)).toBeUndefined();
  });

  it('answers 400 for an authentic token on a body that is not JSON', async () => {
    const err = await check(bearerFor(body, KEY, clockS), Buffer.from('{"serviceUrl":'));
    expect(err?.code).toBe('OMNIFY_ERR_MALFORMED_JSON');
  });

  it('fetches once more for an unknown kid (key rollover), then not again within the cooldown', async () => {
    expect(await check(signed())).toBeUndefined();
    login.keys = [KEY, ROTATED];
    expect(await check(signed({}, ROTATED))).toBeUndefined();
    expect(login.count('keys')).toBe(2);
    const forged = await testKey('forged-kid');
    await refused(signed({}, forged), body, /does not list/);
    expect(login.count('keys')).toBe(2);
    clockS += 61;
    await refused(signed({}, forged), body, /does not list/);
    expect(login.count('keys')).toBe(3);
  });

  it('fetches the keys again once they are older than the TTL', async () => {
    expect(await check(signed())).toBeUndefined();
    clockS += 3_599;
    expect(await check(signed())).toBeUndefined();
    expect(login.count('keys')).toBe(1);
    clockS += 2;
    expect(await check(signed())).toBeUndefined();
    expect([login.count('metadata'), login.count('keys')]).toEqual([2, 2]);
  });

  it('shares one fetch between concurrent requests', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => check(signed())));
    expect(results).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect([login.count('metadata'), login.count('keys')]).toEqual([1, 1]);
  });

  it('is transient (503 for the platform to retry) when the keys cannot be fetched', async () => {
    const down = { ...config, openIdMetadataUrl: 'http://127.0.0.1:9/v1/.well-known/openidconfiguration' };
    const broken = await new RecordingServer((r) =>
      r.url.endsWith('openidconfiguration')
        ? { status: 200, body: { issuer: 'https://api.botframework.com' } }
        : { status: 500, body: 'oops' },
    ).start();
    try {
      for (const c of [
        down,
        { ...config, openIdMetadataUrl: `${broken.baseUrl}/v1/.well-known/openidconfiguration` },
      ]) {
        const err = await rejectionOf(adapter.verifyRemote!(request(signed()), c, { http }));
        expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
      }
      const guarded = createHttpClient({ allowPrivateUrls: false });
      const err = await rejectionOf(adapter.verifyRemote!(request(signed()), config, { http: guarded }));
      expect([err.code, err.details.platformCode]).toEqual([
        'OMNIFY_ERR_PLATFORM_TRANSIENT',
        'private_address',
      ]);
      expect(login.count('metadata')).toBe(0);
    } finally {
      await broken.stop();
    }
  });
});
