/**
 * The predictive distribution of one forecast day, for each forecasting method, as a quantile function
 * and a CDF. The bands are read from the quantile function, and the CDF scores each held-out day of
 * the series' backtest by the smallest level whose band holds it, which calibrates the bands
 * (calibration.ts). The CDF value is the probability integral transform (PIT) of A. P. Dawid,
 * "Statistical theory: the prequential approach", JRSS A 147 (1984) 278–292.
 *
 * All three distributions live on y ≥ 0 and may put an atom at 0 (a clipped Gaussian, an empty TSB
 * day, a clipped seasonal-naive residual), so the CDF is given both as P(Y ≤ y) and P(Y < y).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { seasonalGrowth, seasonalNaiveQuantile } from './seasonal-naive-bands.ts';
import { sampleQuantile, type TsbFit } from './tsb.ts';

/** One day's predictive distribution on the scale of y (≥ 0). */
export interface Predictive {
  /** The point forecast shown and scored (the method's median). */
  median: number;
  /** The `p`-quantile, p in [0, 1], ≥ 0 (may be +∞ at p = 1 for the Gaussian). */
  quantile(p: number): number;
  /** P(Y ≤ y), y ≥ 0. */
  cdf(y: number): number;
  /** P(Y < y), y ≥ 0 (0 at y = 0). */
  cdfBelow(y: number): number;
}

/**
 * Share of a sorted sample at or below `x` (`inclusive`) or strictly below it, as the inverse of the
 * linearly interpolated sample quantile {@link sampleQuantile} (Hyndman & Fan 1996, type 7): 0 below
 * the minimum, 1 at or above the maximum, linear between order statistics; a tie is a jump.
 */
export function sampleCdf(sorted: readonly number[], x: number, inclusive = true): number {
  const n = sorted.length;
  if (n === 0) return inclusive ? 1 : 0;
  if (x < sorted[0]! || (!inclusive && x === sorted[0])) return 0;
  if (x > sorted[n - 1]! || (inclusive && x === sorted[n - 1])) return 1;
  if (n === 1) return inclusive ? 1 : 0;
  // Last index i with sorted[i] < x (or ≤ x when inclusive): x lies on the segment [i, i + 1].
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v < x || (inclusive && v === x)) lo = mid;
    else hi = mid;
  }
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const frac = b > a ? (x - a) / (b - a) : inclusive ? 1 : 0;
  return (lo + frac) / (n - 1);
}

/**
 * ETS day: Z ~ N(mu, sd²) on the fitting scale (`log1p` or the values themselves), Y = max(0, g⁻¹(Z)),
 * so P(Y = 0) = Φ(−mu/sd) is the Gaussian mass below g(0) = 0 (FPP3 §5.6: quantiles map through a
 * monotone back-transform). `sd` ≥ 0; sd = 0 is a point mass.
 */
export function etsPredictive(mu: number, sd: number, transform: 'none' | 'log1p'): Predictive {
  const back = (z: number) => Math.max(0, transform === 'log1p' ? Math.expm1(z) : z);
  const fwd = (y: number) => (transform === 'log1p' ? Math.log1p(y) : y);
  const cdf = (y: number) => {
    const z = fwd(y);
    return sd > 0 ? normalCdf(z, mu, sd) : z >= mu ? 1 : 0;
  };
  return {
    median: back(mu),
    quantile: (p) => back(sd > 0 ? normalQuantile(Math.min(1, Math.max(0, p)), mu, sd) : mu),
    cdf,
    cdfBelow: (y) => (y <= 0 ? 0 : cdf(y)),
  };
}

/**
 * TSB day (tsb.ts, Teunter, Syntetos & Babai 2011): 0 with probability 1 − p, else a size from the
 * history's non-zero values rescaled to mean z (the empirical size distribution). The median is
 * `tsbMedian` (the forecast TSB scores with).
 */
export function tsbPredictive(fit: TsbFit): Predictive {
  const p = fit.sizes.length > 0 ? fit.probability : 0;
  const mean = fit.sizes.reduce((s, v) => s + v, 0) / Math.max(1, fit.sizes.length);
  const scale = mean > 0 ? fit.size / mean : 1;
  const quantile = (q: number) =>
    p <= 0 || q <= 1 - p ? 0 : sampleQuantile(fit.sizes, (q - (1 - p)) / p) * scale;
  const size = (y: number, inclusive: boolean) =>
    scale > 0 ? sampleCdf(fit.sizes, y / scale, inclusive) : 1;
  return {
    median: quantile(0.5),
    quantile,
    cdf: (y) => 1 - p + p * size(y, true),
    cdfBelow: (y) => (y <= 0 ? 0 : 1 - p + p * size(y, false)),
  };
}

/**
 * Seasonal naive day `step` (1-based; FPP3 §5.2 and §5.5): Y = max(0, point + grow·R), R drawn from the
 * sorted one-season residuals by their interpolated quantiles, grow = √(k + 1) over the k whole
 * seasons past the last one ({@link seasonalNaiveQuantile}).
 */
export function seasonalNaivePredictive(
  point: number,
  residuals: readonly number[],
  step: number,
): Predictive {
  const grow = seasonalGrowth(step);
  const cdf = (y: number, inclusive: boolean) => sampleCdf(residuals, (y - point) / grow, inclusive);
  return {
    median: point,
    quantile: (q) => seasonalNaiveQuantile(point, residuals, step, q),
    cdf: (y) => cdf(y, true),
    cdfBelow: (y) => (y <= 0 ? 0 : cdf(y, false)),
  };
}
