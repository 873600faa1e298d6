import type { ScanMetric } from './scan-options.ts';

/**
 * Result shapes of the anomaly scan (`scan.ts`), shared by its additive and ratio parts.
 */

/**
 * Which test flagged the day: `'s-h-esd'` (Seasonal Hybrid ESD, additive metrics with enough volume),
 * `'count-test'` (quasi-Poisson test of an additive metric whose driving count is too low for a
 * normal-theory test), `'ratio-test'` (quasi-binomial/Poisson test of a ratio against its exposure),
 * `'level-shift'` (MOSUM change-point scan of the weekday-adjusted log series, `level-shift.ts`).
 */
export type AnomalyMethod = 's-h-esd' | 'count-test' | 'ratio-test' | 'level-shift';

/** One flagged day of one metric. */
export interface Anomaly {
  metric: ScanMetric;
  /** UTC day `YYYY-MM-DD`. */
  date: string;
  /**
   * Observed value in the metric's unit: counts, minor currency units, CTR and conversion rate as
   * fractions, CPC/CPA in minor units per click/conversion (`null` for CPA/CPC on a day with spend
   * but no conversion/click).
   */
  value: number | null;
  expected: number;
  /** Edge of the detection band (values inside it would not be flagged). `upper` null = unbounded. */
  lower: number;
  upper: number | null;
  /**
   * S-H-ESD: robust z = |residual − median| / scale (the calibrated 1.4826·MAD). Count and ratio tests:
   * −log₁₀ p of the day's test.
   */
  score: number;
  direction: 'spike' | 'drop';
  method: AnomalyMethod;
  /**
   * `'level_shift'`: the metric moved to another level from `date` on and stayed there for `days`
   * active days (to `until`); `value` and `expected` are then daily means over those days, the band
   * that of such a mean, and `score` the MOSUM statistic |Z|. Absent for one-day anomalies.
   */
  kind?: 'level_shift';
  /** Level shifts: last active day of the shift (`YYYY-MM-DD`, UTC day). */
  until?: string;
  /** Level shifts: active days from `date` to `until`. */
  days?: number;
  /** Level shifts: true when the shift lasts to the series' last day (not over yet). */
  ongoing?: boolean;
}

/** One charted day of one metric: observed value, expectation and band (same units as {@link Anomaly}). */
export interface BandPoint {
  date: string;
  value: number | null;
  expected: number;
  lower: number;
  upper: number | null;
}

/** How a metric was scanned, or why it was not. */
export interface MetricScan {
  metric: ScanMetric;
  method: AnomalyMethod;
  status: 'ok' | 'insufficient_data';
  reason?: string;
  /** Days the method tested. */
  testedDays: number;
  /** Count and ratio tests: the estimated dispersion φ (1 = pure binomial/Poisson noise). */
  dispersion?: number;
}

/** Result of `scanSeries` for one series. */
export interface SeriesScan {
  key: string;
  currency: string;
  /** Sorted by date, then metric. */
  anomalies: Anomaly[];
  /** Per metric, one point per tested day (empty object when `bands: false`). */
  bands: Partial<Record<ScanMetric, BandPoint[]>>;
  metrics: MetricScan[];
}
