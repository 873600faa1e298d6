import type { AdditiveMetric } from '../daily-metrics.ts';
import type { DailyFrame } from './daily-frame.ts';
import { negLog10NormalTail } from './deviance.ts';
import type { Direction } from './esd.ts';
import { type QuasiCountFit, quasiCountTest } from './ratio-test.ts';
import type { RatioMetric, ResolvedScanOptions, ScanMetric } from './scan-options.ts';
import type { AnomalyMethod, BandPoint, SeriesScan } from './scan-result.ts';

/**
 * The ratio metrics of the scan: each is a count over an exposure tested with the quasi-likelihood
 * count test of `ratio-test.ts`, and reported in the ratio's own unit.
 */

/** Count and exposure behind each ratio; `inverse` metrics are exposure per count (money per event). */
export const RATIOS: Record<
  RatioMetric,
  { count: AdditiveMetric; exposure: AdditiveMetric; family: 'binomial' | 'poisson'; inverse: boolean }
> = {
  ctr: { count: 'clicks', exposure: 'impressions', family: 'binomial', inverse: false },
  // Poisson: post-click conversions can exceed clicks (328 days of the Q2 2020 public data do).
  conversionRate: { count: 'conversions', exposure: 'clicks', family: 'poisson', inverse: false },
  cpc: { count: 'clicks', exposure: 'spendMinor', family: 'poisson', inverse: true },
  cpa: { count: 'conversions', exposure: 'spendMinor', family: 'poisson', inverse: true },
};

/** The direction in count terms for a metric read upside down (a CPA spike is a conversion drop). */
export function flipDirection(d: Direction): Direction {
  return d === 'positive' ? 'negative' : d === 'negative' ? 'positive' : 'both';
}

/** Runs the ratio test for `metric` and appends its status, anomalies and band to `out`. */
export function scanRatio(
  frame: DailyFrame,
  metric: RatioMetric,
  opts: ResolvedScanOptions,
  out: SeriesScan,
) {
  const spec = RATIOS[metric];
  const c = frame.columns[spec.count];
  const e = frame.columns[spec.exposure];
  const fit = quasiCountTest(c, e, spec.family, {
    alpha: opts.alpha,
    direction: spec.inverse ? flipDirection(opts.direction) : opts.direction,
    baselineWindow: opts.baselineWindow,
    bands: opts.bands,
  });
  emitCountFit(
    fit,
    { frame, metric, method: 'ratio-test', counts: c, exposure: e, inverse: spec.inverse, unit: 1 },
    opts,
    out,
  );
}

/** How to read a count fit back in the metric's unit. */
export interface CountFitView {
  frame: DailyFrame;
  metric: ScanMetric;
  method: AnomalyMethod;
  counts: ArrayLike<number>;
  exposure: ArrayLike<number>;
  /** Metric = exposure / count (CPC, CPA) instead of unit × count / exposure. */
  inverse: boolean;
  /** Metric units per count (money per event for a money metric tested as events; else 1). */
  unit: number;
}

/**
 * Appends a count-test fit to `out`: the metric's status, one anomaly per flagged day and, with
 * `opts.bands`, the band of values that would not be flagged (bounds of an inverse metric swap).
 */
export function emitCountFit(
  fit: QuasiCountFit | { status: 'insufficient_data'; reason: string },
  view: CountFitView,
  opts: ResolvedScanOptions,
  out: SeriesScan,
): void {
  const { frame, metric, method, counts: c, exposure: e, inverse, unit } = view;
  if (fit.status !== 'ok') {
    out.metrics.push({ metric, method, status: fit.status, reason: fit.reason, testedDays: 0 });
    return;
  }
  out.metrics.push({ metric, method, status: 'ok', testedDays: fit.testedDays, dispersion: fit.dispersion });
  const twoSided = opts.direction === 'both';
  const band: BandPoint[] = [];
  for (let t = 0; t < c.length; t++) {
    const flagged = fit.flags[t] === 1;
    if (fit.tested[t] === 0 || (!opts.bands && !flagged)) continue;
    const lo = fit.lowerCount[t];
    const hi = fit.upperCount[t];
    const value = inverse ? (c[t] > 0 ? e[t] / c[t] : null) : (unit * c[t]) / e[t];
    const expected = inverse ? 1 / fit.rate[t] : unit * fit.rate[t];
    const lower = inverse ? e[t] / hi : (unit * lo) / e[t];
    const upper = inverse ? (lo > 0 ? e[t] / lo : null) : (unit * hi) / e[t];
    if (opts.bands) band.push({ date: frame.dates[t], value, expected, lower, upper });
    if (flagged) {
      out.anomalies.push({
        metric,
        date: frame.dates[t],
        value,
        expected,
        lower,
        upper,
        score: negLog10NormalTail(Math.abs(fit.z[t])) - (twoSided ? Math.log10(2) : 0),
        direction: fit.z[t] > 0 !== inverse ? 'spike' : 'drop',
        method,
      });
    }
  }
  if (opts.bands) out.bands[metric] = band;
}
