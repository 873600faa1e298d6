import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zonedDay } from '../../kernel/dates/time-zone.ts';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineInsightsConnectorContract } from '../contract/ad-connector.contract-suite.ts';
import { collectInsights } from '../contract/ad-connector.ts';
import { loadFixture } from '../contract/ad-connector-fixtures/fixtures.ts';
import { createGoogleAdsInsightsConnector } from './google-ads.connector.ts';
import { classifyGoogleAdsError, durationToMs } from './google-ads.errors.ts';
import { googleAdsInsightsQuery } from './google-ads.query.ts';

/** The fake APIs listen on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does. */
const http = createHttpClient({ allowPrivateUrls: true });

const config = {
  developerToken: 'dev-token-123',
  accessToken: 'ya29.test-access',
  loginCustomerId: '111-222-3333',
};
const fx = (name: string) => loadFixture('google-ads', name);
const AD_QUERY =
  'SELECT customer.id, customer.descriptive_name, customer.currency_code, campaign.id, campaign.name, ' +
  'ad_group.id, ad_group.name, ad_group_ad.ad.id, ad_group_ad.ad.name, segments.date, metrics.impressions, ' +
  'metrics.clicks, metrics.cost_micros, metrics.conversions, metrics.conversions_value FROM ad_group_ad ' +
  "WHERE segments.date BETWEEN '2026-11-01' AND '2026-11-02'";

defineInsightsConnectorContract({
  platform: 'google_ads',
  config,
  withApiBaseUrl: (c, baseUrl) => ({ ...c, apiBaseUrl: baseUrl }),
  accountId: '123-456-7890',
  since: '2026-11-01',
  until: '2026-11-02',
  insightsResponses: () => [{ status: 200, body: fx('stream-usd') }],
  expected: {
    rows: 5,
    impressions: 248_653,
    clicks: 1283,
    spendMinor: 81_743,
    conversions: 49.833333,
    revenueMinor: 391_100,
    currency: 'USD',
    accountExternalId: '1234567890',
  },
  assertInsightsRequests([req]) {
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v26/customers/1234567890/googleAds:searchStream');
    expect(req.headers.authorization).toBe('Bearer ya29.test-access');
    expect(req.headers['developer-token']).toBe('dev-token-123');
    expect(req.headers['login-customer-id']).toBe('1112223333');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.json).toEqual({ query: AD_QUERY });
  },
  errors: {
    serverError: { status: 500, body: fx('error-internal') },
    rejected: {
      status: 401,
      body: fx('error-unauthenticated'),
      platformCode: 'authenticationError.OAUTH_TOKEN_EXPIRED',
    },
    rateLimited: { status: 429, body: fx('error-quota'), retryAfterMs: 30_000 },
  },
  budget: {
    campaignId: '20731',
    accountId: '1234567890',
    currency: 'USD',
    previousDailyBudgetMinor: 5000,
    newDailyBudgetMinor: 6250,
    readResponses: () => [{ status: 200, body: fx('budget-usd') }],
    mutateResponse: { status: 200, body: fx('budget-mutate-success') },
    assertMutateRequest(req) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/v26/customers/1234567890/campaignBudgets:mutate');
      expect(req.headers['developer-token']).toBe('dev-token-123');
      expect(req.json).toEqual({
        operations: [
          {
            update: { resourceName: 'customers/1234567890/campaignBudgets/9001', amountMicros: '62500000' },
            updateMask: 'amount_micros',
          },
        ],
      });
    },
  },
  // Written from Google's docs (Google Ads API "Customer" resource: `time_zone`, "the local timezone ID
  // of the customer"; REST search-stream answers in lowerCamelCase), not captured from the live API.
  timeZone: {
    answer: { status: 200, body: timeZoneStream('America/New_York') },
    zone: 'America/New_York',
    unknownZoneAnswer: { status: 200, body: timeZoneStream('Mars/Olympus_Mons') },
    noZoneAnswer: { status: 200, body: [{ fieldMask: 'customer.timeZone', requestId: 'tz-none' }] },
    assertRequest(req) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/v26/customers/1234567890/googleAds:searchStream');
      expect(req.headers['developer-token']).toBe('dev-token-123');
      expect(req.headers['login-customer-id']).toBe('1112223333');
      expect(req.json).toEqual({ query: 'SELECT customer.time_zone FROM customer' });
    },
  },
});

/** A `searchStream` answer to `SELECT customer.time_zone FROM customer` for customer 1234567890. */
function timeZoneStream(timeZone: string) {
  return [
    {
      results: [{ customer: { resourceName: 'customers/1234567890', timeZone } }],
      fieldMask: 'customer.timeZone',
      requestId: 'tz-req-1',
    },
  ];
}

// --- Google-Ads-specific behaviour -------------------------------------------------------------

describe('google ads insights', () => {
  const api = new RecordingServer(() => ({ status: 500, body: {} }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  const connector = (extra: Record<string, unknown> = {}) =>
    createGoogleAdsInsightsConnector({ ...config, apiBaseUrl: api.baseUrl, ...extra }, http);
  const fetch = (c = connector(), accountId = '1234567890') =>
    collectInsights(c.fetchDailyInsights({ accountId, since: '2026-11-01', until: '2026-11-02' }));

  it('maps a row exactly; omitted zero metrics are 0 and micros round half away from zero', async () => {
    api.enqueue({ status: 200, body: fx('stream-usd') });
    const rows = await fetch();
    expect(rows[0]).toEqual({
      accountExternalId: '1234567890',
      accountName: 'Omnify Demo Store',
      campaignExternalId: '20731',
      campaignName: 'Search - Brand',
      adSetExternalId: '155001',
      adSetName: 'Brand - Exact',
      adExternalId: '680001',
      date: '2026-11-01',
      impressions: 5120,
      clicks: 412,
      spendMinor: 31_542,
      conversions: 23.5,
      revenueMinor: 188_025,
      currency: 'USD',
    });
    expect(rows.map((r) => r.spendMinor)).toEqual([31_542, 30_101, 123, 9877, 10_100]);
    expect(rows[2]).toMatchObject({ clicks: 0, conversions: 0, revenueMinor: 0 });
    expect(rows[3].adName).toBe('Responsive display - Autumn');
  });

  it('converts micros of a zero-decimal currency (JPY) to whole yen', async () => {
    api.enqueue({ status: 200, body: fx('stream-jpy') });
    const [row] = await fetch(connector(), '987-654-3210');
    expect(row).toMatchObject({
      currency: 'JPY',
      spendMinor: 15_235,
      revenueMinor: 112_000,
      accountExternalId: '9876543210',
    });
  });

  it('raises an error met mid-stream after yielding the rows before it', async () => {
    api.enqueue({ status: 200, body: fx('stream-error-midway') });
    const seen: string[] = [];
    const err = await rejectionOf(
      (async () => {
        for await (const r of connector().fetchDailyInsights({
          accountId: '1234567890',
          since: '2026-11-01',
          until: '2026-11-02',
        })) {
          seen.push(r.adExternalId!);
        }
      })(),
    );
    expect(seen).toEqual(['680001']);
    expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
    expect(err.details.platformCode).toBe('DEADLINE_EXCEEDED');
  });

  it('classifies a bad GAQL query (bare status body) as rejected with the query error', async () => {
    api.enqueue({ status: 400, body: fx('error-bad-query') });
    const err = await rejectionOf(fetch());
    expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
    expect(err.details).toMatchObject({
      platformCode: 'queryError.PROHIBITED_METRIC_IN_SELECT_OR_WHERE_CLAUSE',
      requestId: 'Bq1Ue2Ry3Er4Ro5Rr6Xx7y',
    });
  });

  it('builds the GAQL for ad-group and campaign level', () => {
    expect(googleAdsInsightsQuery('campaign', '2026-10-01', '2026-10-31')).toBe(
      'SELECT customer.id, customer.descriptive_name, customer.currency_code, campaign.id, campaign.name, ' +
        'segments.date, metrics.impressions, metrics.clicks, metrics.cost_micros, metrics.conversions, ' +
        "metrics.conversions_value FROM campaign WHERE segments.date BETWEEN '2026-10-01' AND '2026-10-31'",
    );
    expect(googleAdsInsightsQuery('ad_set', '2026-10-01', '2026-10-31')).toContain(
      'ad_group.name, segments.date',
    );
    expect(googleAdsInsightsQuery('ad_set', '2026-10-01', '2026-10-31')).toContain('FROM ad_group WHERE');
  });

  it('reads the quota retry delay and prefers a Retry-After header', () => {
    expect(durationToMs('30s')).toBe(30_000);
    expect(durationToMs('1.500s')).toBe(1500);
    expect(durationToMs('soon')).toBeUndefined();
    const err = classifyGoogleAdsError(429, fx('error-quota'), new Headers({ 'retry-after': '5' }));
    expect(err.details.retryAfterMs).toBe(5000);
  });

  it('refuses to change a shared budget (it would move other campaigns too)', async () => {
    api.enqueue({ status: 200, body: fx('budget-shared') });
    const before = api.requests.length;
    const err = await rejectionOf(
      connector().setCampaignDailyBudget({
        campaignId: '20745',
        accountId: '1234567890',
        dailyBudgetMinor: 9000,
        currency: 'USD',
      }),
    );
    expect(err.code).toBe('OMNIFY_ERR_CONFLICT');
    expect(api.requests.length).toBe(before + 1);
  });

  it('needs a customer id for budget calls: from the call, else the config', async () => {
    const err = await rejectionOf(connector().getCampaignDailyBudget!({ campaignId: '20731' }));
    expect(err.details.fields?.[0]?.path).toBe('/accountId');
    api.enqueue({ status: 200, body: fx('budget-usd') });
    const got = await connector({ customerId: '1234567890' }).getCampaignDailyBudget!({
      campaignId: '20731',
    });
    expect(got.dailyBudgetMinor).toBe(5000);
    expect(api.requests.at(-1)!.url).toBe('/v26/customers/1234567890/googleAds:searchStream');
  });

  it("keeps the tz database's older names Google Ads still lists (Asia/Calcutta) as usable zones", async () => {
    api.enqueue({ status: 200, body: timeZoneStream('Asia/Calcutta') });
    const zone = await connector().getAccountTimeZone!({ accountId: '123-456-7890' });
    expect(zone).toBe('Asia/Calcutta');
    // 20:00Z is already the next day in India (UTC+05:30).
    expect(zonedDay(new Date('2026-11-01T20:00:00Z'), zone!)).toBe('2026-11-02');
  });

  it('reports a campaign that does not exist as rejected', async () => {
    api.enqueue({ status: 200, body: [{ fieldMask: 'campaign.id', requestId: 'r' }] });
    const err = await rejectionOf(
      connector().getCampaignDailyBudget!({ campaignId: '1', accountId: '1234567890' }),
    );
    expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
    expect(err.details.platformCode).toBe('campaign_not_found');
  });
});

describe('google ads OAuth refresh-token credentials', () => {
  const api = new RecordingServer(() => ({ status: 500, body: {} }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  const oauth = () =>
    createGoogleAdsInsightsConnector(
      {
        developerToken: 'dev-token-123',
        clientId: 'client-1.apps.googleusercontent.com',
        clientSecret: 'secret-xyz',
        refreshToken: '1//refresh-abc',
        tokenUrl: `${api.baseUrl}/token`,
        apiBaseUrl: api.baseUrl,
      },
      http,
    );
  const run = (c = oauth()) =>
    collectInsights(
      c.fetchDailyInsights({ accountId: '1234567890', since: '2026-11-01', until: '2026-11-02' }),
    );

  it('exchanges the refresh token once and reuses the access token until it expires', async () => {
    const before = api.requests.length;
    const c = oauth();
    api.enqueue(
      {
        status: 200,
        body: {
          access_token: 'ya29.fresh-1',
          expires_in: 3599,
          token_type: 'Bearer',
          scope: 'https://www.googleapis.com/auth/adwords',
        },
      },
      { status: 200, body: fx('stream-jpy') },
      { status: 200, body: fx('stream-jpy') },
    );
    await run(c);
    await run(c);
    const [token, first, second] = api.requests.slice(before);
    expect(token.url).toBe('/token');
    expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(token.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-1.apps.googleusercontent.com',
      client_secret: 'secret-xyz',
      refresh_token: '1//refresh-abc',
    });
    expect(first.headers.authorization).toBe('Bearer ya29.fresh-1');
    expect(second.headers.authorization).toBe('Bearer ya29.fresh-1');
    expect(api.requests.length).toBe(before + 3);
  });

  it('retries once with a fresh token after a 401', async () => {
    const before = api.requests.length;
    api.enqueue(
      { status: 200, body: { access_token: 'ya29.a', expires_in: 3599 } },
      { status: 401, body: fx('error-unauthenticated') },
      { status: 200, body: { access_token: 'ya29.b', expires_in: 3599 } },
      { status: 200, body: fx('stream-jpy') },
    );
    expect(await run()).toHaveLength(1);
    expect(api.requests.slice(before).map((r) => r.headers.authorization ?? r.url)).toEqual([
      '/token',
      'Bearer ya29.a',
      '/token',
      'Bearer ya29.b',
    ]);
  });

  it('classifies a revoked refresh token as rejected with the OAuth error', async () => {
    api.enqueue({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    });
    const err = await rejectionOf(run());
    expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
    expect(err.details).toMatchObject({
      platformCode: 'invalid_grant',
      platformMessage: 'Token has been expired or revoked.',
    });
  });

  it('refuses a config without usable credentials', () => {
    const err = thrownBy(() => createGoogleAdsInsightsConnector({ developerToken: 'd', clientId: 'c' }));
    expect(err?.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(err?.details.fields?.map((f) => f.path)).toEqual(['/clientSecret', '/refreshToken']);
  });
});
