import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { objectField } from '../../kernel/http-client/json-field.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { type RecordedRequest, RecordingServer } from '../../testing/http-recorder.ts';
import { defineInsightsConnectorContract } from '../contract/ad-connector.contract-suite.ts';
import { collectInsights } from '../contract/ad-connector.ts';
import { loadFixture } from '../contract/ad-connector-fixtures/fixtures.ts';
import { createMetaInsightsConnector } from './meta.connector.ts';
import { metaBudgetToMinor, minorToMetaBudget } from './meta.currency.ts';
import { metaRetryAfterMs } from './meta.errors.ts';
import { selectActionTypes } from './meta.normalize.ts';

/** The fake APIs listen on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does. */
const http = createHttpClient({ allowPrivateUrls: true });

const TOKEN = 'EAAB-test-token';
const ACCOUNT = '238193458712093';
const config = { accessToken: TOKEN, pageSize: 3 };
const fx = (name: string, baseUrl = '') => loadFixture('meta', name, baseUrl);
const FIELDS =
  'account_id,account_name,account_currency,campaign_id,campaign_name,adset_id,adset_name,ad_id,ad_name,' +
  'impressions,clicks,spend,actions,action_values,date_start,date_stop';

function query(req: RecordedRequest): URLSearchParams {
  return new URL(req.url, 'http://x').searchParams;
}

defineInsightsConnectorContract({
  platform: 'meta',
  config,
  withApiBaseUrl: (c, baseUrl) => ({ ...c, apiBaseUrl: baseUrl }),
  accountId: `act_${ACCOUNT}`,
  since: '2026-11-01',
  until: '2026-11-02',
  insightsResponses: (baseUrl) => [
    { status: 200, body: fx('insights-usd-page1', baseUrl) },
    { status: 200, body: fx('insights-usd-page2', baseUrl) },
  ],
  expected: {
    rows: 5,
    impressions: 41_652,
    clicks: 806,
    spendMinor: 67_060,
    conversions: 19,
    revenueMinor: 163_554,
    currency: 'USD',
    accountExternalId: ACCOUNT,
  },
  assertInsightsRequests([first, second]) {
    expect(first.method).toBe('GET');
    expect(new URL(first.url, 'http://x').pathname).toBe(`/v26.0/act_${ACCOUNT}/insights`);
    const q = query(first);
    expect(Object.fromEntries(q)).toEqual({
      level: 'ad',
      time_increment: '1',
      time_range: '{"since":"2026-11-01","until":"2026-11-02"}',
      fields: FIELDS,
      limit: '3',
      use_unified_attribution_setting: 'true',
    });
    expect(first.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The second request is exactly the page-1 `paging.next` link.
    expect(second.url).toBe(
      `/v26.0/act_${ACCOUNT}/insights?access_token=${TOKEN}&level=ad&time_increment=1&limit=3&after=MgZDZD`,
    );
    expect(second.headers.authorization).toBe(`Bearer ${TOKEN}`);
  },
  errors: {
    serverError: { status: 500, body: fx('error-unknown') },
    rejected: { status: 400, body: fx('error-token-expired'), platformCode: '190' },
    rateLimited: {
      status: 400,
      body: fx('error-rate-limit'),
      headers: {
        'x-business-use-case-usage': JSON.stringify({
          [ACCOUNT]: [
            {
              type: 'ads_insights',
              call_count: 100,
              total_cputime: 31,
              total_time: 44,
              estimated_time_to_regain_access: 5,
            },
          ],
        }),
      },
      retryAfterMs: 300_000,
    },
  },
  budget: {
    campaignId: '120210000000001',
    currency: 'USD',
    previousDailyBudgetMinor: 5000,
    newDailyBudgetMinor: 6250,
    readResponses: () => [
      { status: 200, body: fx('campaign-usd') },
      { status: 200, body: fx('account-usd') },
    ],
    mutateResponse: { status: 200, body: fx('budget-update-success') },
    assertMutateRequest(req) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/v26.0/120210000000001');
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req.json).toEqual({ daily_budget: 6250 });
    },
  },
  // Written from Meta's docs (Marketing API reference "Ad Account": field `timezone_name`, an IANA
  // name; the Graph API answers the requested fields plus `id`), not captured from the live API.
  timeZone: {
    answer: { status: 200, body: { timezone_name: 'America/Los_Angeles', id: `act_${ACCOUNT}` } },
    zone: 'America/Los_Angeles',
    unknownZoneAnswer: { status: 200, body: { timezone_name: 'Mars/Olympus_Mons', id: `act_${ACCOUNT}` } },
    noZoneAnswer: { status: 200, body: { id: `act_${ACCOUNT}` } },
    assertRequest(req) {
      expect(req.method).toBe('GET');
      expect(new URL(req.url, 'http://x').pathname).toBe(`/v26.0/act_${ACCOUNT}`);
      expect(Object.fromEntries(query(req))).toEqual({ fields: 'timezone_name' });
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    },
  },
});

// --- Meta-specific behaviour -------------------------------------------------------------------

describe('meta insights normalization', () => {
  const api = new RecordingServer(() => ({ status: 500, body: {} }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  const connector = (extra: Record<string, unknown> = {}) =>
    createMetaInsightsConnector({ ...config, apiBaseUrl: api.baseUrl, ...extra }, http);
  const fetchUsd = async (extra: Record<string, unknown> = {}) => {
    api.enqueue({ status: 200, body: fx('insights-usd-page1', api.baseUrl) });
    api.enqueue({ status: 200, body: fx('insights-usd-page2', api.baseUrl) });
    return collectInsights(
      connector(extra).fetchDailyInsights({ accountId: ACCOUNT, since: '2026-11-01', until: '2026-11-02' }),
    );
  };

  it('maps ids, names and money of a row exactly', async () => {
    const [first, , third] = await fetchUsd();
    expect(first).toEqual({
      accountExternalId: ACCOUNT,
      accountName: 'Omnify Demo Store',
      campaignExternalId: '120210000000001',
      campaignName: 'Autumn Sale - Conversions',
      adSetExternalId: '120210000000101',
      adSetName: 'Lookalike 1% - Purchasers',
      adExternalId: '120210000001001',
      adName: 'Video A - 15s',
      date: '2026-11-01',
      impressions: 12_503,
      clicks: 311,
      spendMinor: 24_567,
      conversions: 9,
      revenueMinor: 81_240,
      currency: 'USD',
    });
    expect(third).toMatchObject({ spendMinor: 8830, conversions: 0, revenueMinor: 0 });
  });

  it("falls back along the priority list per row, and 'sum' adds every listed type", async () => {
    const first = await fetchUsd();
    expect(first.map((r) => r.conversions)).toEqual([9, 7, 0, 2, 1]);
    const summed = await fetchUsd({
      conversionActionTypes: ['omni_purchase', 'offsite_conversion.fb_pixel_purchase'],
      conversionActionMode: 'sum',
    });
    // Overlapping types double count: that is why `first` is the default.
    expect(summed.map((r) => r.conversions)).toEqual([18, 14, 0, 2, 1]);
    expect(summed[0].revenueMinor).toBe(162_480);
  });

  it('picks the conversion type from actions and action_values together', () => {
    const rule = { actionTypes: ['omni_purchase', 'purchase'], mode: 'first' as const };
    const valueOnly = [{ action_type: 'purchase', value: '20.5' }];
    expect(selectActionTypes([undefined, valueOnly], rule)).toEqual(['purchase']);
    expect(selectActionTypes([[{ action_type: 'link_click', value: '3' }], undefined], rule)).toEqual([]);
  });

  it('converts a zero-decimal currency (JPY) without scaling', async () => {
    api.enqueue({ status: 200, body: fx('insights-jpy') });
    const rows = await collectInsights(
      connector().fetchDailyInsights({
        accountId: '981273645501234',
        since: '2026-11-01',
        until: '2026-11-02',
      }),
    );
    expect(rows.map((r) => [r.currency, r.spendMinor, r.revenueMinor, r.conversions])).toEqual([
      ['JPY', 15_234, 48_000, 6],
      ['JPY', 9870, 0, 0],
    ]);
    expect(rows[0].campaignName).toBe('年末セール');
  });

  it('asks for ad-set or campaign rows and the configured version', async () => {
    api.enqueue({ status: 200, body: { data: [] } });
    await collectInsights(
      connector({ level: 'campaign', apiVersion: 'v25.0' }).fetchDailyInsights({
        accountId: ACCOUNT,
        since: '2026-11-01',
        until: '2026-11-01',
      }),
    );
    const req = api.requests.at(-1)!;
    expect(new URL(req.url, 'http://x').pathname).toBe(`/v25.0/act_${ACCOUNT}/insights`);
    expect(query(req).get('level')).toBe('campaign');
    expect(query(req).get('fields')).not.toContain('adset_id');
  });

  it('does not send the token to a paging.next on another host; uses the cursor on ours', async () => {
    const page1 = fx('insights-usd-page1', 'https://evil.example');
    api.enqueue({ status: 200, body: page1 }, { status: 200, body: fx('insights-usd-page2') });
    const rows = await collectInsights(
      connector().fetchDailyInsights({ accountId: ACCOUNT, since: '2026-11-01', until: '2026-11-02' }),
    );
    expect(rows).toHaveLength(5);
    expect(query(api.requests.at(-1)!).get('after')).toBe('MgZDZD');
  });

  it('reports a malformed row as a transient platform error, never as garbage', async () => {
    const page = fx('insights-jpy');
    objectField(page, 'data', 1).spend = 'n/a';
    api.enqueue({ status: 200, body: page });
    const err = await rejectionOf(
      collectInsights(
        connector().fetchDailyInsights({ accountId: ACCOUNT, since: '2026-11-01', until: '2026-11-02' }),
      ),
    );
    expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
    expect(err.details.platformMessage).toContain('n/a');
  });

  it('never leaks the access token into an error message', async () => {
    api.enqueue({ status: 400, body: { error: { message: `Invalid token ${TOKEN}`, code: 190 } } });
    const err = await rejectionOf(
      collectInsights(
        connector().fetchDailyInsights({ accountId: ACCOUNT, since: '2026-11-01', until: '2026-11-01' }),
      ),
    );
    expect(err.message).not.toContain(TOKEN);
    expect(err.details.platformMessage).toContain('[redacted]');
  });
});

describe('meta budgets', () => {
  const api = new RecordingServer(() => ({ status: 500, body: {} }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it("converts with Meta's currency offsets (TWD budgets are whole dollars)", () => {
    expect(metaBudgetToMinor('5000', 'USD')).toBe(5000);
    expect(metaBudgetToMinor('3000', 'JPY')).toBe(3000);
    expect(metaBudgetToMinor('500', 'TWD')).toBe(50_000);
    expect(minorToMetaBudget(12_345, 'TWD')).toEqual({ value: 123, appliedMinor: 12_300 });
    expect(minorToMetaBudget(12_350, 'TWD')).toEqual({ value: 124, appliedMinor: 12_400 });
  });

  it('refuses to turn a lifetime budget into a daily one', async () => {
    api.enqueue({ status: 200, body: fx('campaign-lifetime') }, { status: 200, body: fx('account-usd') });
    const c = createMetaInsightsConnector({ accessToken: TOKEN, apiBaseUrl: api.baseUrl }, http);
    const err = await rejectionOf(
      c.setCampaignDailyBudget({ campaignId: '120210000000003', dailyBudgetMinor: 10_000, currency: 'USD' }),
    );
    expect(err.code).toBe('OMNIFY_ERR_CONFLICT');
    expect(api.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('reads the time zone of an account named with or without act_, and keeps its token out of errors', async () => {
    const c = createMetaInsightsConnector({ accessToken: TOKEN, apiBaseUrl: api.baseUrl }, http);
    api.enqueue(
      { status: 200, body: { timezone_name: 'Asia/Tokyo', id: `act_${ACCOUNT}` } },
      { status: 200, body: { timezone_name: 'Asia/Tokyo', id: `act_${ACCOUNT}` } },
      { status: 400, body: { error: { message: `Bad token ${TOKEN}`, type: 'OAuthException', code: 190 } } },
    );
    expect(await c.getAccountTimeZone!({ accountId: ACCOUNT })).toBe('Asia/Tokyo');
    expect(await c.getAccountTimeZone!({ accountId: ` act_${ACCOUNT} ` })).toBe('Asia/Tokyo');
    expect(new Set(api.requests.slice(-2).map((r) => r.url)).size).toBe(1);
    const err = await rejectionOf(c.getAccountTimeZone!({ accountId: ACCOUNT }));
    expect([err.code, err.message.includes(TOKEN)]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', false]);
  });

  it('reads the wait from X-Ad-Account-Usage when no other header says', () => {
    const h = new Headers({ 'x-ad-account-usage': '{"acc_id_util_pct":100,"reset_time_duration":42}' });
    expect(metaRetryAfterMs(h)).toBe(42_000);
    expect(metaRetryAfterMs(new Headers({ 'retry-after': '7' }))).toBe(7000);
    expect(metaRetryAfterMs(new Headers())).toBeUndefined();
  });
});
