/**
 * Data of the intel-scale benchmark (bench/intel-scale.bench.ts), seeded and date-pinned so every run
 * measures the same input:
 * - ads: a workspace of `accounts` ad accounts, each with `campaigns / accounts` campaigns of 2 ad sets,
 *   `ads / campaigns` ads per campaign, 90 days each. Every ad is one of the 112 ad series of the ad
 *   demo (src/modules/intelligence/demo/ad-demo.ts, seeds 1–8, 120 days ending {@link END_DATE}): a
 *   90-day window of it starting 0–30 days in, scaled by a per-ad log-normal volume factor (σ 0.5:
 *   low- and high-volume creatives side by side, so fatigue's account prior has work to do) and a
 *   per-day log-normal jitter (σ 0.1, mean one) applied to all five metrics alike (CTR and CVR keep
 *   the demo's wear-out and response); campaign totals are built as `loadWorkspaceSeries` builds them.
 * - orders: `customers` customers simulated from the customer demo's BG/NBD + Gamma-Gamma process
 *   (demo/customers.ts, {@link DEFAULT_CUSTOMER_PARAMS}) over 78 weeks ending {@link END_DATE}, as the
 *   `orders` rows `runLtvModel` reads (uuid contact ids, day and amount as text, USD).
 */
import { addDays } from '../src/kernel/dates/calendar-day.ts';
import { type DailyMetrics, fillMissingDays, sumSeries } from '../src/models/daily-metrics.ts';
import type { AdSeries } from '../src/modules/intelligence/ads/ads.repository.ts';
import { generateAdDemo } from '../src/modules/intelligence/demo/ad-demo.ts';
import { DEFAULT_CUSTOMER_PARAMS, simulateCustomers } from '../src/modules/intelligence/demo/customers.ts';
import { createRandom } from '../src/modules/intelligence/demo/rng.ts';
import type { CampaignSeries, WorkspaceSeries } from '../src/modules/intelligence/runs/fits.ts';
import type { LtvOrderRow } from '../src/modules/intelligence/runs/ltv.fit.ts';

/** Last day of every series and of the order history (a Saturday, as the demo's windows end). */
export const END_DATE = '2026-11-21';
/** The LTV fit's `asOf`: the day after the history, as a workspace run the next morning would use. */
export const LTV_AS_OF = addDays(END_DATE, 1);
/** Days per ad series. */
export const DAYS = 90;
/** Weeks of order history (the demo's). */
const ORDER_WEEKS = 78;
const BASE_SEEDS = 8;
const AD_SETS_PER_CAMPAIGN = 2;

/** How much data: the sizes are {@link FULL_SIZES}. */
export interface ScaleSizes {
  ads: number;
  accounts: number;
  campaigns: number;
  customers: number;
}

/** Issue 12's sizes: 10,000 ads in 1,000 campaigns (100 ads per account) and 1,000,000 customers. */
export const FULL_SIZES: ScaleSizes = { ads: 10_000, accounts: 100, campaigns: 1_000, customers: 1_000_000 };

/** `sizes` divided by `by` (rounded, at least 1 each): `--quick` uses 1/10. */
export function scaledSizes(sizes: ScaleSizes, by: number): ScaleSizes {
  const d = (n: number) => Math.max(1, Math.round(n / by));
  return {
    ads: d(sizes.ads),
    accounts: d(sizes.accounts),
    campaigns: d(sizes.campaigns),
    customers: d(sizes.customers),
  };
}

/** A deterministic uuid-shaped id (`kind` in the 3rd group, `n` in the last): ids as long as the database's. */
const uuid = (kind: number, n: number) =>
  `00000000-0000-4${kind.toString(16).padStart(3, '0')}-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * The workspace's series as `loadWorkspaceSeries` answers them (no calendar of known events): `ads`
 * AdSeries of {@link DAYS} days ending {@link END_DATE} and one gap-filled total per campaign. Ads
 * are dealt to campaigns in order, campaigns to accounts in order; each campaign's ads are split over
 * 2 ad sets. Deterministic (seed 12). Throws when `sizes.campaigns` exceeds `sizes.ads` or
 * `sizes.accounts` exceeds `sizes.campaigns`.
 */
export function scaleWorkspaceSeries(sizes: ScaleSizes): WorkspaceSeries {
  if (sizes.campaigns > sizes.ads || sizes.accounts > sizes.campaigns)
    throw new Error(`need accounts ≤ campaigns ≤ ads, got ${JSON.stringify(sizes)}`);
  const base = Array.from({ length: BASE_SEEDS }, (_, s) =>
    generateAdDemo({ endDate: END_DATE, seed: s + 1 }).campaigns.flatMap((c) =>
      c.adSets.flatMap((set) => set.ads.map((a) => a.series.points)),
    ),
  ).flat();
  const dates = Array.from({ length: DAYS }, (_, d) => addDays(END_DATE, d - DAYS + 1));
  const rnd = createRandom(12);
  const ads: AdSeries[] = [];
  for (let i = 0; i < sizes.ads; i++) {
    const c = Math.floor((i * sizes.campaigns) / sizes.ads);
    const account = Math.floor((c * sizes.accounts) / sizes.campaigns);
    const firstOfCampaign = Math.ceil((c * sizes.ads) / sizes.campaigns);
    const inCampaign = Math.ceil(((c + 1) * sizes.ads) / sizes.campaigns) - firstOfCampaign;
    const set = Math.floor(((i - firstOfCampaign) * AD_SETS_PER_CAMPAIGN) / inCampaign);
    const source = base[Math.floor(rnd.uniform() * base.length)];
    const offset = Math.floor(rnd.uniform() * (source.length - DAYS + 1));
    const scale = Math.exp(rnd.normal(0, 0.5));
    const points: DailyMetrics[] = dates.map((date, d) => {
      const p = source[offset + d];
      const f = scale * Math.exp(rnd.normal(-0.005, 0.1));
      const impressions = Math.round(p.impressions * f);
      return {
        date,
        impressions,
        clicks: Math.min(impressions, Math.round(p.clicks * f)),
        spendMinor: Math.round(p.spendMinor * f),
        conversions: Math.round(p.conversions * f),
        revenueMinor: Math.round(p.revenueMinor * f),
      };
    });
    const adId = uuid(1, i);
    ads.push({
      key: adId,
      currency: 'USD',
      points,
      adId,
      adName: `Ad ${i + 1}`,
      adStatus: 'active',
      adSetId: uuid(2, c * AD_SETS_PER_CAMPAIGN + set),
      adSetName: `Ad set ${c * AD_SETS_PER_CAMPAIGN + set + 1}`,
      campaignId: uuid(3, c),
      campaignName: `Campaign ${c + 1}`,
      accountId: uuid(4, account),
    });
  }
  const byCampaign = new Map<string, AdSeries[]>();
  for (const a of ads) {
    const list = byCampaign.get(a.campaignId);
    if (list) list.push(a);
    else byCampaign.set(a.campaignId, [a]);
  }
  const campaigns: CampaignSeries[] = [...byCampaign.values()].map((list) => ({
    ...fillMissingDays(sumSeries(list[0].campaignId, list)),
    campaignId: list[0].campaignId,
    campaignName: list[0].campaignName,
    accountId: list[0].accountId,
  }));
  return { ads, campaigns };
}

/**
 * Orders of `customers` simulated customers (seed 7) over 78 weeks ending {@link END_DATE}, first
 * purchases spread over the first 12 weeks (the demo's cohort), as `orders` rows in USD cents.
 * About 4.9 orders per customer with the default process.
 */
export function scaleOrderRows(customers: number): LtvOrderRow[] {
  const start = addDays(END_DATE, -ORDER_WEEKS * 7 + 1);
  const days = Array.from({ length: ORDER_WEEKS * 7 }, (_, d) => addDays(start, d));
  const rows: LtvOrderRow[] = [];
  for (const c of simulateCustomers(customers, DEFAULT_CUSTOMER_PARAMS, 7, { horizonWeeks: ORDER_WEEKS })) {
    const contactId = uuid(5, c.index);
    c.purchaseDays.forEach((d, j) => {
      rows.push({
        contact_id: contactId,
        day: days[d],
        amount_minor: String(c.amountsMinor[j]),
        currency: 'USD',
      });
    });
  }
  return rows;
}
