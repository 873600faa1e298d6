import { type Direction, generalizedEsd } from './esd.ts';
import { float64Views } from './robust.ts';
import { residualScaleFactor } from './scale-calibration.ts';
import { decomposeWeekly } from './seasonal.ts';
import { yearlyEffects } from './seasonal-yearly.ts';

/**
 * Seasonal Hybrid ESD (S-H-ESD) of J. Hochenbaum, O. S. Vallis & A. Kejariwal, "Automatic Anomaly
 * Detection in the Cloud Via Statistical Learning", arXiv:1704.07706 (2017) (Twitter's
 * AnomalyDetection package): remove a weekly seasonal component and a robust trend
 * ({@link decomposeWeekly}), then run the generalized ESD test of Rosner (1983) with median and MAD on
 * the residual, testing up to k = ⌊maxAnomalies·n⌋ points.
 *
 * Two changes to the paper, both switchable off, because its version is far from its nominal level on
 * short daily series (34 % of 90-day Gaussian white-noise series get a flag at α = 0.05):
 * leave-one-out components (a day never helps estimate its own expectation) and a Monte Carlo scale
 * calibration c(n) (scale-calibration.ts) that brings that rate back to ≈ 5 %. Defaults also differ:
 * a 21-day moving-median trend instead of the global median (on the Q2 2020 injection benchmark it
 * doubled recall: −80 % drops 38 % vs 25 % of events, at equal precision) — see
 * docs/intelligence/anomaly.md.
 */

/** Period of the seasonal component, in days. */
export const WEEK = 7;

/** Options of {@link shEsd}. */
export interface ShEsdOptions {
  /** Significance level of the ESD procedure, (0, 1). Default 0.05. */
  alpha?: number;
  /** Largest share of points that may be declared anomalies, (0, 0.5]. Default 0.1 (the paper's). */
  maxAnomalies?: number;
  /** Default `'both'`. */
  direction?: Direction;
  /** Trend window in points (edge-clamped moving median); 0 = global median (the paper's default). Default 21. */
  trendWindow?: number;
  /** Lower bound on the residual scale, in the unit of the values (`scan-additive.ts` sets a Poisson floor). */
  scaleFloor?: number;
  /**
   * `'log1p'`: decompose and test ln(1 + x) (multiplicative weekly pattern and noise, as in ad
   * traffic), bands mapped back with exp(·) − 1; `scaleFloor` is then a relative (log) scale.
   * `'none'` (default): the paper's additive model on x.
   */
  transform?: 'none' | 'log1p';
  /**
   * Leave each day out of its own trend and weekday estimates (deleted residuals), so the residual
   * scale is not shrunk by the fit. Default true; false = the paper's decomposition.
   */
  leaveOneOut?: boolean;
  /**
   * Multiplier of the 1.4826·MAD scale. Default: the Monte Carlo calibration c(n) of
   * scale-calibration.ts, which brings the false-alarm rate on Gaussian noise to α; 1 = the paper.
   */
  scaleFactor?: number;
  /**
   * UTC day numbers of the points: with at least two years between the first and the last, a yearly
   * effect ({@link yearlyEffects}) is removed from the residual and added to the expectation.
   */
  dayNumbers?: ArrayLike<number>;
}

/** Per-point output of {@link shEsd} (typed arrays aligned with the input). */
export interface ShEsdFit {
  status: 'ok';
  /** Trend + weekday effect + residual centre: the value expected on that day. */
  expected: Float64Array;
  /** expected ± λ·scale: the detection band (λ of the first step not declared an anomaly). */
  lower: Float64Array;
  upper: Float64Array;
  /** 1 where the point is a declared anomaly. */
  flags: Uint8Array;
  /** Robust z = (residual − centre) / scale (±Infinity only when scale and floor are 0). */
  z: Float64Array;
  /** Residual centre, scale and λ used for the band. */
  center: number;
  scale: number;
  critical: number;
}

/** Returned instead of a fit when the series cannot be tested. */
export interface InsufficientData {
  status: 'insufficient_data';
  reason: string;
}

/**
 * Runs S-H-ESD on `values` observed on UTC `weekdays` (0 = Sunday).
 *
 * @returns the fit, or `insufficient_data` with fewer than two weekly periods (14 points), the
 *   minimum for a weekday effect estimated from more than one week.
 */
export function shEsd(
  values: ArrayLike<number>,
  weekdays: ArrayLike<number>,
  opts: ShEsdOptions = {},
): ShEsdFit | InsufficientData {
  const n = values.length;
  if (n < 2 * WEEK) {
    return {
      status: 'insufficient_data',
      reason: `${n} active days; S-H-ESD needs at least ${2 * WEEK} (two weekly periods)`,
    };
  }
  const log = opts.transform === 'log1p';
  const [expected, lower, upper, z] = float64Views(4, n);
  let y: ArrayLike<number> = values;
  if (log) {
    // `z` is free until the end: hold ln(1 + x) there meanwhile.
    for (let t = 0; t < n; t++) z[t] = Math.log1p(values[t]);
    y = z;
  }
  const dec = decomposeWeekly(y, weekdays, opts.trendWindow ?? 21, opts.leaveOneOut ?? true);
  const yearly = opts.dayNumbers ? yearlyEffects(dec.residual, opts.dayNumbers) : null;
  if (yearly) for (let t = 0; t < n; t++) dec.residual[t] -= yearly[t];
  const k = Math.max(1, Math.floor((opts.maxAnomalies ?? 0.1) * n));
  const esd = generalizedEsd(dec.residual, {
    maxOutliers: k,
    alpha: opts.alpha,
    direction: opts.direction,
    scaleFloor: opts.scaleFloor,
    scaleFactor: opts.scaleFactor ?? residualScaleFactor(n),
  });
  const flags = new Uint8Array(n);
  const { center, scale, critical } = esd;
  const half = Number.isFinite(critical) ? critical * scale : Number.POSITIVE_INFINITY;
  for (let t = 0; t < n; t++) {
    const e = dec.trend[t] + dec.seasonal[t] + (yearly ? yearly[t] : 0) + center;
    expected[t] = log ? Math.expm1(e) : e;
    lower[t] = log ? Math.expm1(e - half) : e - half;
    upper[t] = log ? Math.expm1(e + half) : e + half;
    const d = dec.residual[t] - center;
    z[t] = scale > 0 ? d / scale : d === 0 ? 0 : d > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  }
  for (const i of esd.outliers) flags[i] = 1;
  return { status: 'ok', expected, lower, upper, flags, z, center, scale, critical };
}
