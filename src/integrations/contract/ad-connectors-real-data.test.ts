import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import type { DailySeries } from '../../models/daily-metrics.ts';
import { hasSharedAds, loadOnlineAdvertisingSeries, sharedAdsSkipReason } from '../../testing/ad-datasets.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { createGoogleAdsInsightsConnector } from '../google-ads/google-ads.connector.ts';
import { createMetaInsightsConnector } from '../meta-ads/meta.connector.ts';
import { type AdInsightsRecord, collectInsights } from './ad-connector.ts';

/** The fake APIs listen on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does. */
const http = createHttpClient({ allowPrivateUrls: true });

if (!hasSharedAds) console.warn(`[connectors] ${sharedAdsSkipReason}`);

/**
 * Round trip at the scale of a real account: the public online-advertising dataset (244 creatives ×
 * up to 91 days, Apr–Jun 2020) is served by local fakes in each platform's shapes — Meta pages of
 * 500 rows linked by `paging.next`, Google one search stream in 10,000-row batches with money in
 * micros and doubles — and must come back through the connectors unchanged, point by point.
 */
describe.skipIf(!hasSharedAds)('connectors round-trip the public online-advertising dataset', () => {
  let series: DailySeries[] = [];
  const rows: Array<{ ad: number; campaign: string; date: string; p: DailySeries['points'][number] }> = [];
  const api = new RecordingServer(() => ({ status: 500, body: {} }));
  const campaignId = (key: string) => String(1000 + Number(key.split('|')[0].replace('camp ', '')));
  const dollars = (minor: number) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

  beforeAll(async () => {
    series = loadOnlineAdvertisingSeries();
    series.forEach((s, i) => {
      for (const p of s.points) rows.push({ ad: 5000 + i, campaign: campaignId(s.key), date: p.date, p });
    });
    await api.start();
  });
  afterAll(() => api.stop());

  function check(records: AdInsightsRecord[]): void {
    expect(records).toHaveLength(rows.length);
    const byKey = new Map(records.map((r) => [`${r.adExternalId}|${r.date}`, r]));
    let mismatches = 0;
    for (const { ad, date, p, campaign } of rows) {
      const r = byKey.get(`${ad}|${date}`);
      const same =
        r?.campaignExternalId === campaign &&
        r.impressions === p.impressions &&
        r.clicks === p.clicks &&
        r.spendMinor === p.spendMinor &&
        r.conversions === p.conversions &&
        r.revenueMinor === p.revenueMinor;
      if (!same) mismatches++;
    }
    expect(mismatches).toBe(0);
    const total = (k: 'spendMinor' | 'revenueMinor' | 'impressions') => records.reduce((s, r) => s + r[k], 0);
    const expected = (k: 'spendMinor' | 'revenueMinor' | 'impressions') =>
      series.reduce((s, x) => s + x.points.reduce((t, p) => t + p[k], 0), 0);
    expect([total('impressions'), total('spendMinor'), total('revenueMinor')]).toEqual([
      expected('impressions'),
      expected('spendMinor'),
      expected('revenueMinor'),
    ]);
  }

  it('Meta: follows paging.next through every page', async () => {
    api.setResponder((req) => {
      const q = new URL(req.url, api.baseUrl).searchParams;
      const offset = Number(q.get('after') ?? 0);
      const limit = Number(q.get('limit'));
      const data = rows.slice(offset, offset + limit).map(({ ad, campaign, date, p }) => ({
        account_id: '1',
        account_currency: 'USD',
        campaign_id: campaign,
        adset_id: String(ad + 100_000),
        ad_id: String(ad),
        impressions: String(p.impressions),
        clicks: String(p.clicks),
        spend: dollars(p.spendMinor),
        ...(p.conversions > 0
          ? { actions: [{ action_type: 'omni_purchase', value: String(p.conversions) }] }
          : {}),
        ...(p.revenueMinor > 0
          ? { action_values: [{ action_type: 'omni_purchase', value: dollars(p.revenueMinor) }] }
          : {}),
        date_start: date,
        date_stop: date,
      }));
      const more = offset + limit < rows.length;
      const next = `${api.baseUrl}/v26.0/act_1/insights?limit=${limit}&after=${offset + limit}`;
      return {
        status: 200,
        body: { data, paging: { cursors: { after: String(offset + limit) }, ...(more ? { next } : {}) } },
      };
    });
    const before = api.requests.length;
    const t0 = performance.now();
    const c = createMetaInsightsConnector({ accessToken: 't', apiBaseUrl: api.baseUrl }, http);
    const records = await collectInsights(
      c.fetchDailyInsights({ accountId: '1', since: '2020-04-01', until: '2020-06-30' }),
    );
    const ms = performance.now() - t0;
    console.info(
      `[connectors] Meta: ${records.length} rows, ${api.requests.length - before} pages, ${ms.toFixed(0)} ms`,
    );
    expect(api.requests.length - before).toBe(Math.ceil(rows.length / 500));
    check(records);
  });

  it('Google Ads: reads every batch of one search stream', async () => {
    api.setResponder(() => {
      const batches = [];
      for (let i = 0; i < rows.length; i += 10_000) {
        const results = rows.slice(i, i + 10_000).map(({ ad, campaign, date, p }) => ({
          customer: { resourceName: 'customers/1234567890', id: '1234567890', currencyCode: 'USD' },
          campaign: { resourceName: `customers/1234567890/campaigns/${campaign}`, id: campaign },
          adGroup: {
            resourceName: `customers/1234567890/adGroups/${ad + 100_000}`,
            id: String(ad + 100_000),
          },
          adGroupAd: { ad: { resourceName: `customers/1234567890/ads/${ad}`, id: String(ad) } },
          metrics: {
            ...(p.impressions ? { impressions: String(p.impressions) } : {}),
            ...(p.clicks ? { clicks: String(p.clicks) } : {}),
            ...(p.spendMinor ? { costMicros: String(p.spendMinor * 10_000) } : {}),
            ...(p.conversions ? { conversions: p.conversions } : {}),
            ...(p.revenueMinor ? { conversionsValue: p.revenueMinor / 100 } : {}),
          },
          segments: { date },
        }));
        batches.push({ results, fieldMask: 'customer.id', requestId: `batch-${i}` });
      }
      return { status: 200, body: batches };
    });
    const t0 = performance.now();
    const c = createGoogleAdsInsightsConnector(
      {
        developerToken: 'd',
        accessToken: 'a',
        apiBaseUrl: api.baseUrl,
      },
      http,
    );
    const records = await collectInsights(
      c.fetchDailyInsights({ accountId: '1234567890', since: '2020-04-01', until: '2020-06-30' }),
    );
    console.info(
      `[connectors] Google Ads: ${records.length} rows, ${(performance.now() - t0).toFixed(0)} ms`,
    );
    check(records);
  });
});
