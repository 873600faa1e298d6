import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import { zonedDay } from '../../../kernel/dates/time-zone.ts';
import { testBackends } from '../../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import {
  type ProgrammedResponse,
  type RecordedRequest,
  RecordingServer,
} from '../../../testing/http-recorder.ts';

const META_TOKEN = 'EAAB-zone-secret-token';
const GOOGLE_TOKEN = 'ya29.zone-secret-access';
// A workspace at UTC+14 and accounts at UTC-11 (and UTC-5): their "yesterdays" always differ.
const WORKSPACE_ZONE = 'Pacific/Kiritimati';

/** Yesterday in `zone` just before and just after `during` (the real clock runs the default range). */
async function yesterdaysAround<T>(zone: string, during: () => Promise<T>): Promise<[T, string[]]> {
  const before = addDays(zonedDay(new Date(), zone), -1);
  const r = await during();
  return [r, [before, addDays(zonedDay(new Date(), zone), -1)]];
}

// Fake platforms answer in the shapes of their docs (Meta "Ad Account" `timezone_name`; Google Ads
// `customer.time_zone` over searchStream), written from the docs, not captured from the live APIs.
describe.each(testBackends())('ad accounts learn their time zone from the platform on %s', (backend) => {
  let omnify: TestOmnify;
  const warnings: string[] = [];
  /** The answer to the next time zone read (Meta); may act before answering. */
  let metaZone: (req: RecordedRequest) => ProgrammedResponse | Promise<ProgrammedResponse>;
  const meta = new RecordingServer((req) =>
    new URL(req.url, 'http://x').pathname.endsWith('/insights')
      ? { status: 200, body: { data: [] } }
      : metaZone(req),
  );
  const google = new RecordingServer((req) =>
    String(req.json?.query).includes('customer.time_zone')
      ? {
          status: 200,
          body: [
            {
              results: [{ customer: { resourceName: 'customers/1234567890', timeZone: 'America/New_York' } }],
              fieldMask: 'customer.timeZone',
              requestId: 'tz-1',
            },
          ],
        }
      : { status: 200, body: [] },
  );

  beforeAll(async () => {
    await Promise.all([meta.start(), google.start()]);
    omnify = await startTestOmnify(
      backend,
      { intelSchedule: 'off' },
      { level: 'warn', write: (line) => warnings.push(line) },
    );
    expect((await omnify.api('PATCH', '/api/v1/workspace', { timeZone: WORKSPACE_ZONE })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([meta.stop(), google.stop()]);
  });

  const connect = async (body: Record<string, unknown>) => {
    const r = await omnify.api('POST', '/api/v1/intelligence/ads/accounts', { currency: 'USD', ...body });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    return r.json as { id: string; timeZone: string | null };
  };
  const metaAccount = (n: number, extra: Record<string, unknown> = {}) =>
    connect({
      platform: 'meta',
      externalId: `act_${n}`,
      config: { accessToken: META_TOKEN, apiBaseUrl: meta.baseUrl },
      ...extra,
    });
  /** Requests a sync with the default days and waits for its job; answers the finished sync. */
  const syncDefault = async (accountId: string) => {
    const queued = await omnify.api('POST', `/api/v1/intelligence/ads/accounts/${accountId}/sync`);
    expect(queued.status, JSON.stringify(queued.json)).toBe(202);
    return omnify.until(
      'the sync to finish',
      async () => {
        const r = await omnify.api('GET', `/api/v1/intelligence/ads/syncs/${queued.json.id}`);
        return ['succeeded', 'failed'].includes(r.json.state) ? r.json : null;
      },
      30_000,
    );
  };
  const accountView = async (id: string) =>
    (await omnify.api('GET', '/api/v1/intelligence/ads/accounts')).json.data.find(
      (a: { id: string }) => a.id === id,
    );
  const zoneReads = (server: RecordingServer, from: number) =>
    server.requests
      .slice(from)
      .filter((r) => r.url.includes('fields=timezone_name') || String(r.json?.query).includes('time_zone'));
  const insightsRange = (from: number) =>
    meta.requests
      .slice(from)
      .filter((r) => new URL(r.url, 'http://x').pathname.endsWith('/insights'))
      .map((r) => JSON.parse(new URL(r.url, 'http://x').searchParams.get('time_range')!));

  it("stores a Meta account's zone on its first sync and pulls yesterday there, once", async () => {
    metaZone = () => ({ status: 200, body: { timezone_name: 'Pacific/Pago_Pago', id: 'act_1' } });
    const account = await metaAccount(1);
    expect(account.timeZone).toBeNull();
    const from = meta.requests.length;
    const [sync, yesterdays] = await yesterdaysAround('Pacific/Pago_Pago', () => syncDefault(account.id));
    expect(sync).toMatchObject({ state: 'succeeded', records: 0, error: null });
    // The route proposed yesterday in the workspace's zone (UTC+14); the job moved it to the account's.
    expect(yesterdays).toContain(sync.until);
    expect(sync.since).toBe(addDays(sync.until, -29));
    expect(insightsRange(from)).toEqual([{ since: sync.since, until: sync.until }]);
    expect(await accountView(account.id)).toMatchObject({
      timeZone: 'Pacific/Pago_Pago',
      effectiveTimeZone: 'Pacific/Pago_Pago',
    });
    const read = zoneReads(meta, from);
    expect(read).toHaveLength(1);
    expect(read[0]!.url).toBe('/v26.0/act_1?fields=timezone_name');
    expect(read[0]!.headers.authorization).toBe(`Bearer ${META_TOKEN}`);

    // Known now: the next sync asks no more.
    const again = meta.requests.length;
    expect((await syncDefault(account.id)).state).toBe('succeeded');
    expect(zoneReads(meta, again)).toHaveLength(0);
  });

  it("stores a Google Ads customer's zone through the search stream", async () => {
    const account = await connect({
      platform: 'google_ads',
      externalId: '123-456-7890',
      config: { developerToken: 'dev-token', accessToken: GOOGLE_TOKEN, apiBaseUrl: google.baseUrl },
    });
    const from = google.requests.length;
    const [sync, yesterdays] = await yesterdaysAround('America/New_York', () => syncDefault(account.id));
    expect(sync.state).toBe('succeeded');
    expect(yesterdays).toContain(sync.until);
    expect(zoneReads(google, from).map((r) => [r.url, r.json])).toEqual([
      [
        '/v26/customers/1234567890/googleAds:searchStream',
        { query: 'SELECT customer.time_zone FROM customer' },
      ],
    ]);
    expect((await accountView(account.id)).timeZone).toBe('America/New_York');
  });

  it('never overwrites a zone set by hand, even one set while the platform was asked', async () => {
    // Set when connected: the platform is not asked.
    const own = await metaAccount(2, { timeZone: 'Europe/Berlin' });
    const from = meta.requests.length;
    expect((await syncDefault(own.id)).state).toBe('succeeded');
    expect(zoneReads(meta, from)).toHaveLength(0);
    expect((await accountView(own.id)).timeZone).toBe('Europe/Berlin');

    // Set by a user while the lookup is in flight: theirs stays, and the days follow it.
    const racing = await metaAccount(3);
    metaZone = async () => {
      const patched = await omnify.api('PATCH', `/api/v1/intelligence/ads/accounts/${racing.id}`, {
        timeZone: 'Asia/Tokyo',
      });
      expect(patched.status).toBe(200);
      return { status: 200, body: { timezone_name: 'Pacific/Pago_Pago', id: 'act_3' } };
    };
    const [sync, yesterdays] = await yesterdaysAround('Asia/Tokyo', () => syncDefault(racing.id));
    expect(sync.state).toBe('succeeded');
    expect(yesterdays).toContain(sync.until);
    expect((await accountView(racing.id)).timeZone).toBe('Asia/Tokyo');
  });

  it('syncs in the workspace zone and records nothing when the platform cannot say', async () => {
    const account = await metaAccount(4);
    for (const answer of [
      { status: 500, body: { error: { message: `Temporary failure ${META_TOKEN}`, code: 2 } } },
      { status: 200, body: { timezone_name: 'Mars/Olympus_Mons', id: 'act_4' } },
    ]) {
      metaZone = () => answer;
      warnings.length = 0;
      const [sync, yesterdays] = await yesterdaysAround(WORKSPACE_ZONE, () => syncDefault(account.id));
      expect(sync).toMatchObject({ state: 'succeeded', error: null });
      expect(yesterdays).toContain(sync.until);
      expect((await accountView(account.id)).timeZone).toBeNull();
      if (answer.status === 500) {
        const warned = warnings.filter((l) => l.includes('time zone lookup failed'));
        expect(warned).toHaveLength(1);
        expect(JSON.parse(warned[0]!)).toMatchObject({
          code: 'OMNIFY_ERR_PLATFORM_TRANSIENT',
          platformCode: '2',
        });
        expect(warnings.join('\n')).not.toContain(META_TOKEN);
      }
    }
  });
});
