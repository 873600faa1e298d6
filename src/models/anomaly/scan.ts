import type { AdditiveMetric, DailySeries } from '../daily-metrics.ts';
import { buildFrame } from './daily-frame.ts';
import { scanAdditive } from './scan-additive.ts';
import {
  type RatioMetric,
  type ResolvedScanOptions,
  resolveScanOptions,
  type ScanOptions,
  validateSeries,
} from './scan-options.ts';
import { RATIOS, scanRatio } from './scan-ratio.ts';
import type { SeriesScan } from './scan-result.ts';

export type { Anomaly, AnomalyMethod, BandPoint, MetricScan, SeriesScan } from './scan-result.ts';

/**
 * Anomaly scan of daily ad series: S-H-ESD (Hochenbaum, Vallis & Kejariwal 2017) or, on low counts,
 * a quasi-Poisson count test for the additive metrics (`scan-additive.ts`); the count-aware
 * quasi-likelihood test for the ratios (`scan-ratio.ts`). docs/intelligence/anomaly.md has the
 * defaults, the measured precision/recall and the limitations.
 */

/**
 * Scans one series.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` for invalid options or points (bad date, unsorted or
 *   duplicate dates, negative or non-finite metric). Too little data is not an error: the metric is
 *   reported with `status: 'insufficient_data'` and a reason.
 */
export function scanSeries(series: DailySeries, options?: ScanOptions): SeriesScan {
  return scanResolved(series, resolveScanOptions(options), '');
}

/**
 * Scans many series with one set of options (validated once), in order, on the calling thread.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` for invalid options, or for the first invalid series
 *   (paths prefixed `/series/<index>`).
 */
export function scanMany(list: readonly DailySeries[], options?: ScanOptions): SeriesScan[] {
  return scanManyWith(list, (scan) => scan, options);
}

/**
 * {@link scanMany} handing each scan to `each` as soon as it is made and answering what `each` returns,
 * so a caller that keeps only part of each scan (the stored form, the findings) lets the rest be
 * collected at once instead of holding every series' bands until the last is scanned. Throws as
 * {@link scanMany} does.
 */
export function scanManyWith<T>(
  list: readonly DailySeries[],
  each: (scan: SeriesScan, index: number) => T,
  options?: ScanOptions,
): T[] {
  const opts = resolveScanOptions(options);
  return list.map((s, i) => each(scanResolved(s, opts, `/series/${i}`), i));
}

function scanResolved(series: DailySeries, opts: ResolvedScanOptions, prefix: string): SeriesScan {
  const days = validateSeries(series, prefix);
  const frame = buildFrame(series, days, opts.inactiveDays);
  const out: SeriesScan = {
    key: series.key,
    currency: series.currency,
    anomalies: [],
    bands: {},
    metrics: [],
  };
  for (const metric of opts.metrics) {
    if (metric in RATIOS) scanRatio(frame, metric as RatioMetric, opts, out);
    else scanAdditive(frame, metric as AdditiveMetric, opts, out);
  }
  out.anomalies.sort(byDateThenMetric);
  return out;
}

function byDateThenMetric(a: { date: string; metric: string }, b: { date: string; metric: string }): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.metric < b.metric ? -1 : a.metric > b.metric ? 1 : 0;
}
