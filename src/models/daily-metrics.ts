/**
 * The daily ad-performance shape every intelligence model reads. Money is in **currency minor units**
 * (cents for USD) as integers; dates are calendar days `YYYY-MM-DD` used as day labels (platform
 * reports give the ad account's day; CSV imports the file's; date arithmetic here is done in UTC).
 */
import { addDays, daysBetween } from '../kernel/dates/calendar-day.ts';

/** One day of one ad (or of any aggregate: ad set, campaign, account). */
export interface DailyMetrics {
  /** UTC calendar day, `YYYY-MM-DD`. */
  date: string;
  impressions: number;
  clicks: number;
  /** Spend in currency minor units (integer). */
  spendMinor: number;
  conversions: number;
  /** Attributed revenue in currency minor units (integer). */
  revenueMinor: number;
}

/**
 * One day of one ad (or ad set / campaign) with the platform ids it belongs to: what a CSV import
 * (`src/modules/intelligence/import`) and a platform connector (`connectors/`) both produce and what
 * `ads.repository.ts` stores. Ids are the platform's ("external") ids as text; an absent ad set or ad
 * means the row is an aggregate at that level. Money in integer minor units of `currency`.
 * `date` is the reporting day: platforms report in the ad account's time zone, so it is the
 * account's calendar day, used as the day label.
 */
export interface AdRecord extends DailyMetrics {
  /** The platform's account id without decoration (Meta: digits without `act_`; Google: 10 digits, no dashes). */
  accountExternalId: string;
  accountName?: string;
  campaignExternalId: string;
  campaignName?: string;
  /** Meta ad set id / Google Ads ad group id (absent at campaign level). */
  adSetExternalId?: string;
  adSetName?: string;
  /** Absent at ad-set and campaign level. */
  adExternalId?: string;
  adName?: string;
  /** ISO 4217 code of the money fields, upper case. */
  currency: string;
}

/** A named daily series, sorted by date ascending, at most one point per date. */
export interface DailySeries {
  /** Stable key of what the series measures (an ad id, a campaign id, `campaign|banner|placement`…). */
  key: string;
  /** ISO 4217 currency of the money fields. */
  currency: string;
  points: DailyMetrics[];
}

/** The additive metrics of {@link DailyMetrics} (ratios such as CTR are derived from these). */
export const ADDITIVE_METRICS = [
  'impressions',
  'clicks',
  'spendMinor',
  'conversions',
  'revenueMinor',
] as const;
export type AdditiveMetric = (typeof ADDITIVE_METRICS)[number];

/**
 * Returns the series with every missing day between its first and last date filled with zeros
 * (an ad that did not run that day had no impressions, clicks or spend).
 */
export function fillMissingDays(series: DailySeries): DailySeries {
  const pts = series.points;
  if (pts.length === 0) return series;
  const byDate = new Map(pts.map((p) => [p.date, p]));
  const out: DailyMetrics[] = [];
  const n = daysBetween(pts[0].date, pts[pts.length - 1].date);
  for (let i = 0; i <= n; i++) {
    const date = addDays(pts[0].date, i);
    out.push(
      byDate.get(date) ?? { date, impressions: 0, clicks: 0, spendMinor: 0, conversions: 0, revenueMinor: 0 },
    );
  }
  return { ...series, points: out };
}

/** Sums several series day by day into one (for campaign or account totals). */
export function sumSeries(key: string, list: DailySeries[]): DailySeries {
  const byDate = new Map<string, DailyMetrics>();
  for (const s of list) {
    for (const p of s.points) {
      const acc = byDate.get(p.date) ?? {
        date: p.date,
        impressions: 0,
        clicks: 0,
        spendMinor: 0,
        conversions: 0,
        revenueMinor: 0,
      };
      for (const m of ADDITIVE_METRICS) acc[m] += p[m];
      byDate.set(p.date, acc);
    }
  }
  const points = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  return { key, currency: list[0]?.currency ?? 'USD', points };
}
