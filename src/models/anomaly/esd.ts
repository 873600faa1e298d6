import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { MAD_TO_SIGMA, sortedCopy, sortedMedian, sortedMedianAbsDeviation } from './robust.ts';

/**
 * Generalized extreme Studentized deviate (ESD) many-outlier test of B. Rosner, "Percentage Points
 * for a Generalized ESD Many-Outlier Procedure", Technometrics 25(2) (1983) 165–172, in two flavours:
 *
 * - `center: 'mean'` — Rosner's original: R_i = max |x − x̄| / s over the n − i + 1 values left after
 *   removing the i − 1 most extreme ones.
 * - `center: 'median'` — the robust variant of Hochenbaum, Vallis & Kejariwal, "Automatic Anomaly
 *   Detection in the Cloud Via Statistical Learning" (arXiv:1704.07706, 2017): median and
 *   1.4826·MAD replace mean and standard deviation.
 *
 * Critical values (Rosner 1983): with m = n − i + 1 values left,
 * λ_i = (m − 1)·t_{p, m−2} / √((m − 2 + t²_{p, m−2})·m), p = 1 − α/(2m) two-sided, 1 − α/m one-sided.
 * The number of outliers is the largest i ≤ k with R_i > λ_i.
 *
 * Sort-once implementation: the value farthest from any central value of a set is its minimum or its
 * maximum, so after one sort each step only moves one of two pointers; the median is read in O(1) and
 * the MAD by an O(m) outward merge, so the whole test is O(n log n + k·n) instead of O(k·n log n).
 */

/** Which deviations count: both tails, only values above the centre, only values below. */
export type Direction = 'both' | 'positive' | 'negative';

/** Options for {@link generalizedEsd}. */
export interface EsdOptions {
  /** Upper bound k on the number of outliers (integer ≥ 1; clamped to n − 3). */
  maxOutliers: number;
  /** Significance level of the whole procedure, in (0, 1). Default 0.05. */
  alpha?: number;
  /** Default `'both'`. */
  direction?: Direction;
  /** `'median'` (robust, default) or `'mean'` (Rosner 1983). */
  center?: 'median' | 'mean';
  /**
   * Lower bound on the scale (same unit as the data), used when the MAD collapses (e.g. a series that
   * is constant on most days). Default 0: a zero scale makes any non-zero deviation infinitely extreme.
   */
  scaleFloor?: number;
  /** Multiplies the scale estimate before the floor is applied (a consistency correction). Default 1. */
  scaleFactor?: number;
}

/** One ESD step: the value removed at step i, its statistic R_i and the critical value λ_i. */
export interface EsdStep {
  index: number;
  statistic: number;
  critical: number;
}

/** Result of {@link generalizedEsd}. */
export interface EsdResult {
  /** Steps 1…k (fewer when fewer than 3 values would remain). */
  steps: EsdStep[];
  /** Indices (into the input) of the declared outliers, most extreme first. */
  outliers: number[];
  /** Centre (median or mean) of the values that are not outliers. */
  center: number;
  /** Scale (1.4826·MAD or s, at least `scaleFloor`) of the values that are not outliers. */
  scale: number;
  /**
   * λ for the next step after the declared outliers: every value that is not an outlier lies within
   * center ± critical·scale (the detection band).
   */
  critical: number;
}

const criticalCache = new Map<string, Float64Array>();

/**
 * λ_i (Rosner 1983) for i = 1…n − 2, memoised per (n, α, sidedness): a batch scan of
 * thousands of equally long series computes the t quantiles once.
 *
 * @throws RangeError when n < 3 or α ∉ (0, 1).
 */
export function esdCriticalValues(n: number, alpha: number, oneSided: boolean): Float64Array {
  if (!(n >= 3) || !(alpha > 0 && alpha < 1))
    throw new RangeError(`esdCriticalValues: n=${n}, alpha=${alpha}`);
  const key = `${n}|${alpha}|${oneSided ? 1 : 2}`;
  let out = criticalCache.get(key);
  if (out) return out;
  out = new Float64Array(n - 1); // out[i] for i = 1…n−2; out[0] unused
  for (let i = 1; i <= n - 2; i++) {
    const m = n - i + 1;
    const p = 1 - alpha / ((oneSided ? 1 : 2) * m);
    const t = tQuantile(p, m - 2);
    out[i] = ((m - 1) * t) / Math.sqrt((m - 2 + t * t) * m);
  }
  criticalCache.set(key, out);
  return out;
}

/**
 * Runs the generalized ESD test on `values` (any finite numbers, any order).
 *
 * @returns steps, declared outliers and the centre/scale/critical value of the clean remainder. With
 * fewer than 3 values nothing can be tested: no steps, no outliers.
 */
export function generalizedEsd(values: ArrayLike<number>, opts: EsdOptions): EsdResult {
  const n = values.length;
  const alpha = opts.alpha ?? 0.05;
  const direction = opts.direction ?? 'both';
  const useMedian = (opts.center ?? 'median') === 'median';
  const floor = opts.scaleFloor ?? 0;
  const factor = opts.scaleFactor ?? 1;
  // Native numeric sort (no comparator closure) of a reused buffer; the few removed values are
  // mapped back to their input index afterwards.
  const sorted = sortedCopy(values);

  const k = Math.max(0, Math.min(Math.floor(opts.maxOutliers), n - 3));
  const lambdas = n >= 3 ? esdCriticalValues(n, alpha, direction !== 'both') : new Float64Array(0);
  // Running sums for the mean flavour, shifted by the median to limit cancellation.
  const shift = sortedMedian(sorted);
  let sum = 0;
  let sumSq = 0;
  if (!useMedian) {
    for (let i = 0; i < n; i++) {
      const d = sorted[i] - shift;
      sum += d;
      sumSq += d * d;
    }
  }
  let lo = 0;
  let hi = n - 1;
  const steps: EsdStep[] = [];
  const removedValues: number[] = [];
  const centers: number[] = [];
  const scales: number[] = [];
  for (let i = 1; i <= k + 1 && n - i + 1 >= 3; i++) {
    const m = hi - lo + 1;
    let c: number;
    let s: number;
    if (useMedian) {
      c = sortedMedian(sorted, lo, hi + 1);
      s = MAD_TO_SIGMA * sortedMedianAbsDeviation(sorted, c, lo, hi + 1);
    } else {
      const mean = sum / m;
      c = shift + mean;
      s = Math.sqrt(Math.max(0, (sumSq - m * mean * mean) / (m - 1)));
    }
    s *= factor;
    if (s < floor) s = floor;
    centers.push(c);
    scales.push(s);
    if (i > k) break;
    const dHi = sorted[hi] - c;
    const dLo = c - sorted[lo];
    const takeHi = direction === 'positive' || (direction === 'both' && dHi >= dLo);
    const d = takeHi ? dHi : dLo;
    const statistic = d <= 0 ? 0 : s > 0 ? d / s : Number.POSITIVE_INFINITY;
    const removed = takeHi ? sorted[hi] : sorted[lo];
    steps.push({ index: -1, statistic, critical: lambdas[i] });
    removedValues.push(removed);
    if (takeHi) hi--;
    else lo++;
    if (!useMedian) {
      const r = removed - shift;
      sum -= r;
      sumSq -= r * r;
    }
  }
  resolveIndices(values, removedValues, steps);
  let declared = 0;
  for (let i = 0; i < steps.length; i++) if (steps[i].statistic > steps[i].critical) declared = i + 1;
  const at = Math.min(declared, centers.length - 1);
  return {
    steps,
    outliers: steps.slice(0, declared).map((st) => st.index),
    center: at >= 0 ? centers[at] : shift,
    scale: at >= 0 ? scales[at] : 0,
    critical: declared + 1 < lambdas.length ? lambdas[declared + 1] : Number.POSITIVE_INFINITY,
  };
}

/** Finds the input index of each removed value (equal values: distinct indices in input order). */
function resolveIndices(values: ArrayLike<number>, removed: number[], steps: EsdStep[]): void {
  for (let s = 0; s < removed.length; s++) {
    for (let i = 0; i < values.length; i++) {
      if (values[i] !== removed[s]) continue;
      let taken = false;
      for (let q = 0; q < s && !taken; q++) taken = steps[q].index === i;
      if (!taken) {
        steps[s].index = i;
        break;
      }
    }
  }
}
