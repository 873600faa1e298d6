import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import type { DailyMetrics } from '../daily-metrics.ts';
import { fitLogLinearTrend } from './daily-trend.ts';

/**
 * Trend of cost per result (CPC = spend/clicks, CPA = spend/conversions) over a trailing window, as a
 * log-linear quasi-Poisson regression of the day's results on day index with log spend as offset:
 *
 *   results_t ~ quasi-Poisson(μ_t),   ln μ_t = ln spend_t + α + β·t,
 *
 * so results per unit of spend change by e^β a day and cost per result by e^−β. Fitted by
 * `fitLogLinearTrend` (Newton = IRLS for the canonical log link; dispersion φ = Pearson χ²/(m − 2)); the interval for β
 * uses √φ-scaled standard errors and Student t with m − 2 degrees of freedom (McCullagh & Nelder,
 * Generalized Linear Models, 2nd ed. 1989, §6.2 (log-linear Poisson models with offsets) and §9.2
 * (quasi-likelihood, dispersion estimate eq. 9.5)). Days with zero spend carry no information and are
 * skipped; days with spend but zero results are kept (the model handles zero counts).
 */

/** Trend of one cost-per-result metric. */
export interface CostPerResultTrend {
  metric: 'cpc' | 'cpa';
  /** `rising`/`falling` when the interval for the weekly change excludes 0, else `flat`. */
  status: 'rising' | 'falling' | 'flat' | 'insufficient_data';
  /** Cost per result over the last 7 days of the window, minor units per result; null with no results. */
  currentMinor: number | null;
  /** Fitted relative change of cost per result per 7 days (0.05 = +5 % a week); null if insufficient. */
  changePerWeek: number | null;
  /** Interval for `changePerWeek` at `level`; null if insufficient. */
  interval: { from: number; to: number } | null;
  level: number;
  /** Days with spend in the window, and results in them. */
  days: number;
  results: number;
}

/** Minimum days with spend in the window before a trend is fitted. */
export const MIN_TREND_DAYS = 7;
/** Minimum results (clicks or conversions) in the window before a trend is fitted. */
export const MIN_TREND_RESULTS = 20;

/**
 * Fits the trend on `points` (calendar days in order, already cut to the window) for `metric`.
 * `level` is the two-sided interval level in (0, 1). Never throws; returns `insufficient_data` with
 * fewer than {@link MIN_TREND_DAYS} days with spend or {@link MIN_TREND_RESULTS} results.
 */
export function costPerResultTrend(
  points: readonly DailyMetrics[],
  metric: 'cpc' | 'cpa',
  level = 0.95,
): CostPerResultTrend {
  const result = (p: DailyMetrics) => (metric === 'cpc' ? p.clicks : p.conversions);
  const last7 = points.slice(-7);
  const spend7 = last7.reduce((s, p) => s + p.spendMinor, 0);
  const res7 = last7.reduce((s, p) => s + result(p), 0);
  const currentMinor = res7 > 0 ? spend7 / res7 : null;
  const days = points.map((_, i) => i);
  const fit = fitLogLinearTrend(
    days,
    points.map(result),
    points.map((p) => p.spendMinor),
  );
  const m = fit?.points ?? points.filter((p) => p.spendMinor > 0).length;
  const results = points.reduce((s, p) => s + (p.spendMinor > 0 ? result(p) : 0), 0);
  const base = { metric, currentMinor, level, days: m, results };
  if (fit === null || m < MIN_TREND_DAYS || results < MIN_TREND_RESULTS) {
    return { ...base, status: 'insufficient_data', changePerWeek: null, interval: null };
  }
  const beta = fit.beta;
  const seBeta = Math.sqrt(fit.betaVariance);
  const q = tQuantile(0.5 + level / 2, m - 2);
  // Cost per result scales as e^(−β·days): a week is 7 days.
  const change = (b: number) => Math.exp(-7 * b) - 1;
  const interval = { from: change(beta + q * seBeta), to: change(beta - q * seBeta) };
  const status = interval.from > 0 ? 'rising' : interval.to < 0 ? 'falling' : 'flat';
  return { ...base, status, changePerWeek: change(beta), interval };
}
