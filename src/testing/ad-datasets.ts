import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { type DailyMetrics, type DailySeries, sumSeries } from '../models/daily-metrics.ts';
import { REPO_ROOT } from './fixtures.ts';

/**
 * The public ad datasets in `../shared/data/ads` (see its SOURCE.md). They come from public projects,
 * so tests read them in place and skip where `../shared` is absent.
 */
export const SHARED_ADS_DIR = process.env.OMNIFY_SHARED_DIR
  ? resolve(process.env.OMNIFY_SHARED_DIR, 'data/ads')
  : resolve(REPO_ROOT, '../shared/data/ads');

export const ONLINE_ADVERTISING_CSV = resolve(SHARED_ADS_DIR, 'online_advertising_performance_data.csv');
export const hasSharedAds = existsSync(ONLINE_ADVERTISING_CSV);
export const sharedAdsSkipReason = `../shared/data/ads not found at ${SHARED_ADS_DIR}: backtests on the public ad datasets are skipped`;

const MONTHS: Record<string, string> = { April: '04', May: '05', June: '06' };

/**
 * Test-only reader of `online_advertising_performance_data.csv` (Q2 2020, no year column; 2020 per
 * the dataset description) into one daily series per (campaign, engagement, banner, placement), the
 * "creative" of SOURCE.md. Money is converted to cents. Rows repeated on a day for the same key are
 * summed. Series are returned without gap filling.
 */
export function loadOnlineAdvertisingSeries(): DailySeries[] {
  const rows = parse(readFileSync(ONLINE_ADVERTISING_CSV), {
    columns: false,
    from_line: 2,
    relax_column_count: true,
  }) as string[][];
  const byKey = new Map<string, Map<string, DailyMetrics>>();
  for (const r of rows) {
    const [
      month,
      day,
      campaign,
      engagement,
      banner,
      placement,
      displays,
      cost,
      clicks,
      revenue,
      conv,
      sales,
    ] = r;
    const date = `2020-${MONTHS[month]}-${day.padStart(2, '0')}`;
    const key = `${campaign}|${engagement}|${banner}|${placement}`;
    const days = byKey.get(key) ?? new Map<string, DailyMetrics>();
    byKey.set(key, days);
    const p = days.get(date) ?? {
      date,
      impressions: 0,
      clicks: 0,
      spendMinor: 0,
      conversions: 0,
      revenueMinor: 0,
    };
    p.impressions += Number(displays);
    p.clicks += Number(clicks);
    p.spendMinor += Math.round(Number(cost) * 100);
    p.conversions += Number(conv);
    // post_click_sales_amount is the advertiser's attributed sales; `revenue` is the publisher's.
    p.revenueMinor += Math.round(Number(sales) * 100);
    void revenue;
    days.set(date, p);
  }
  return [...byKey.entries()]
    .map(([key, days]) => ({
      key,
      currency: 'USD',
      points: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1)),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Daily totals per campaign (`camp 1`…`camp 3`) of {@link loadOnlineAdvertisingSeries}. */
export function loadOnlineAdvertisingCampaigns(): DailySeries[] {
  const groups = new Map<string, DailySeries[]>();
  for (const s of loadOnlineAdvertisingSeries()) {
    const c = s.key.split('|')[0];
    groups.set(c, [...(groups.get(c) ?? []), s]);
  }
  return [...groups.entries()].map(([k, list]) => sumSeries(k, list));
}
