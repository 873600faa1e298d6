import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { DailySeries } from '../daily-metrics.ts';
import type { ExposureAxis } from './wear-out-model.ts';

/** The account-level prior of `fatigueAccountPrior` (account-prior.ts); rates are changes of ln CTR per day of age. */
export interface FatigueAccountPrior {
  /** Ads whose trend entered the prior (at least `MIN_PRIOR_ADS`). */
  ads: number;
  /** μ̂: random-effects mean of the daily ln-CTR trend across the ads (per day; −0.004 ≈ −0.4 %/day). */
  meanDailyTrend: number;
  /** Var(μ̂) = 1/Σ w*_i (per day²). */
  meanVariance: number;
  /** τ̂²: between-ad variance of the trend (per day²); 0 when the ads agree within their noise. */
  betweenAdVariance: number;
}

/** Options of `assessFatigue`; every field has a default (see {@link DEFAULT_FATIGUE_OPTIONS}). */
export interface FatigueOptions {
  /** Assess as of the end of this UTC day (`YYYY-MM-DD`); later points are ignored. Default: last point. */
  asOf?: string;
  /** Fatigue threshold as a share of the baseline CTR, in (0, 1) (default 0.7). */
  thresholdRatio?: number;
  /** `warning` when the predicted crossing is at most this many days after `asOf` (default 14). */
  warningWindowDays?: number;
  /** Early-life window, in calendar days from the first day with impressions, defining the baseline (7). */
  baselineDays?: number;
  /** Trailing calendar days for the current CTR and for the impression pace (default 7). */
  recentDays?: number;
  /** Wear-out must beat a flat CTR at this significance level before anything is predicted (0.01). */
  significanceLevel?: number;
  /** Two-sided level of the crossing-date interval (default 0.8). */
  intervalLevel?: number;
  /** Minimum days with impressions up to `asOf` (default 14). */
  minActiveDays?: number;
  /** Minimum total impressions up to `asOf` (default 10,000). */
  minImpressions?: number;
  /** Minimum total clicks up to `asOf` (default 100). */
  minClicks?: number;
  /** Exposure E of the wear-out curve: cumulative impressions (default) or ad age in days. */
  exposureAxis?: ExposureAxis;
  /** Predictions further than this many days ahead are reported as no crossing (default 120). */
  horizonDays?: number;
  /** Trailing calendar days for the cost-per-result trend (default 28). */
  costTrendDays?: number;
  /** Build `timeline` and `projection` (default true; false leaves them empty, for batch scans). */
  includeChart?: boolean;
  /**
   * Empirical-Bayes prior of the ad's account (`fatigueAccountPrior` over the account's ads, as of the
   * same day). With it, an ad below `minImpressions`/`minClicks` (but with `minActiveDays` and days
   * after the baseline window) is dated from its posterior daily CTR trend instead of
   * `insufficient_data`. Default null (no prior).
   */
  prior?: FatigueAccountPrior | null;
}

/** The defaults, documented in docs/intelligence/fatigue.md. */
export const DEFAULT_FATIGUE_OPTIONS: Required<Omit<FatigueOptions, 'asOf' | 'prior'>> = {
  thresholdRatio: 0.7,
  warningWindowDays: 14,
  baselineDays: 7,
  recentDays: 7,
  significanceLevel: 0.01,
  intervalLevel: 0.8,
  minActiveDays: 14,
  minImpressions: 10_000,
  minClicks: 100,
  exposureAxis: 'impressions',
  horizonDays: 120,
  costTrendDays: 28,
  includeChart: true,
};

/** Options with defaults applied. */
export type ResolvedFatigueOptions = Required<Omit<FatigueOptions, 'asOf' | 'prior'>> & {
  asOf: string | null;
  prior: FatigueAccountPrior | null;
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Applies defaults and validates the options and the series. Throws `OMNIFY_ERR_VALIDATION` with one
 * field error per problem: options out of range, dates not `YYYY-MM-DD`, points not strictly ascending
 * by date, or metrics negative or not finite. (Clicks above impressions are tolerated and capped in the
 * fit: public exports contain such rows.)
 */
export function resolveFatigueOptions(
  series: DailySeries,
  options: FatigueOptions = {},
): ResolvedFatigueOptions {
  const o: ResolvedFatigueOptions = {
    ...DEFAULT_FATIGUE_OPTIONS,
    asOf: null,
    ...options,
    prior: options.prior ?? null,
  };
  const fields: { path: string; message: string }[] = [];
  const check = (ok: boolean, path: string, message: string) => {
    if (!ok) fields.push({ path, message });
  };
  const isInt = (v: number, min: number) => Number.isInteger(v) && v >= min;
  check(o.thresholdRatio > 0 && o.thresholdRatio < 1, '/thresholdRatio', 'must be in (0, 1)');
  check(isInt(o.warningWindowDays, 1), '/warningWindowDays', 'must be an integer ≥ 1');
  check(isInt(o.baselineDays, 1), '/baselineDays', 'must be an integer ≥ 1');
  check(isInt(o.recentDays, 1), '/recentDays', 'must be an integer ≥ 1');
  check(o.significanceLevel > 0 && o.significanceLevel < 1, '/significanceLevel', 'must be in (0, 1)');
  check(o.intervalLevel > 0 && o.intervalLevel < 1, '/intervalLevel', 'must be in (0, 1)');
  check(isInt(o.minActiveDays, 4), '/minActiveDays', 'must be an integer ≥ 4');
  check(o.minImpressions >= 0 && Number.isFinite(o.minImpressions), '/minImpressions', 'must be ≥ 0');
  check(o.minClicks >= 0 && Number.isFinite(o.minClicks), '/minClicks', 'must be ≥ 0');
  check(
    o.exposureAxis === 'impressions' || o.exposureAxis === 'days',
    '/exposureAxis',
    "must be 'impressions' or 'days'",
  );
  check(isInt(o.horizonDays, 1), '/horizonDays', 'must be an integer ≥ 1');
  check(isInt(o.costTrendDays, 7), '/costTrendDays', 'must be an integer ≥ 7');
  check(typeof o.includeChart === 'boolean', '/includeChart', 'must be a boolean');
  if (o.asOf !== null) check(isDate(o.asOf), '/asOf', 'must be a YYYY-MM-DD date');
  if (o.prior !== null) {
    const p = o.prior;
    const finite = [p.meanDailyTrend, p.meanVariance, p.betweenAdVariance].every(Number.isFinite);
    check(
      finite && p.meanVariance > 0 && p.betweenAdVariance >= 0,
      '/prior',
      'must come from fatigueAccountPrior',
    );
  }
  series.points.forEach((p, i) => {
    if (!isDate(p.date)) fields.push({ path: `/points/${i}/date`, message: 'must be a YYYY-MM-DD date' });
    else if (i > 0 && !(p.date > series.points[i - 1].date))
      fields.push({ path: `/points/${i}/date`, message: 'points must be strictly ascending by date' });
    for (const m of ['impressions', 'clicks', 'spendMinor', 'conversions'] as const) {
      if (!(Number.isFinite(p[m]) && p[m] >= 0))
        fields.push({ path: `/points/${i}/${m}`, message: 'must be a finite number ≥ 0' });
    }
  });
  if (fields.length > 0) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Invalid fatigue input for series ${series.key}.`, {
      fields: fields.slice(0, 20),
    });
  }
  return o;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` with a month 1–12 and a day that exists in that month (29 February in any year). */
function isDate(s: string): boolean {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return false;
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1];
}
