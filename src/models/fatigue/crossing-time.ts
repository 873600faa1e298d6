import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/**
 * When the crossing comes, with the uncertainty of both the crossing exposure and the future pace.
 *
 * The crossing is at exposure E*, with ln E* ~ N(ln Ê*, se²) from the delta method (`crossing.ts`).
 * Exposure grows from E_now at the pace p of the coming days. The pace is uncertain: the recent pace
 * p̂ is the mean of m recent days, and the next t days average out differently. On the log scale of
 * daily impressions, with s the sample standard deviation of the m recent days, the prediction
 * interval for the mean of t future observations of a normal sample is ȳ ± t_{m−1}·s·√(1/m + 1/t)
 * (G. J. Hahn & W. Q. Meeker, Statistical Intervals: A Guide for Practitioners, Wiley 1991, §4.5,
 * prediction interval for the mean of future observations). So the pace over the next t days is
 * p̂·e^(s·√(1/m + 1/t)·Z), Z ~ t with m − 1 degrees of freedom, independent of E*. Then
 *
 *   P(T ≤ t) = P(E* ≤ E_now + t·p) = E_Z[ Φ((ln(E_now + t·p̂·e^(s·√(1/m + 1/t)·Z)) − ln Ê*)/se) ],
 *
 * the expectation taken over {@link NODES} equal-probability quantiles of Z (deterministic). With
 * se = 0 (no covariance) Φ becomes a step. Day quantiles search the whole days d ≥ 1 (the crossing
 * falls during day d when T ∈ (d − 1, d]). Assumes the pace's day-to-day variation is independent;
 * a budget change (a level shift of the pace) is not foreseen.
 */

/** Inputs of the crossing-time distribution; exposures in the fit's axis units (impressions or days). */
export interface CrossingTimeInput {
  /** Ê*: point estimate of the crossing exposure (> 0). */
  crossingExposure: number;
  /** Standard error of ln E* (0 when unknown: E* treated as known). */
  logSe: number;
  /** Exposure so far. */
  exposureNow: number;
  /** p̂: exposure per day over the recent window (> 0). */
  pace: number;
  /** s: standard deviation of ln daily impressions over the recent days (0 = pace known). */
  paceLogSd: number;
  /** m: days the pace was estimated from (≥ 2 for pace uncertainty to count). */
  paceDays: number;
}

/** Number of equal-probability quantiles of Z averaged over. */
export const NODES = 32;

const nodeCache = new Map<number, number[]>();
/** Equal-probability quantiles (j − ½)/NODES of Student t with `df` degrees of freedom. */
function nodes(df: number): number[] {
  let z = nodeCache.get(df);
  if (!z) {
    z = Array.from({ length: NODES }, (_, j) => tQuantile((j + 0.5) / NODES, df));
    nodeCache.set(df, z);
  }
  return z;
}

/**
 * Sample standard deviation of ln impressions over the days with impressions in `impressions`
 * (the recent window); 0 with fewer than 2 such days. Unit: natural-log units.
 */
export function paceLogSd(impressions: readonly number[]): number {
  const logs = impressions.filter((v) => v > 0).map((v) => Math.log(v));
  if (logs.length < 2) return 0;
  const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
  return Math.sqrt(logs.reduce((s, v) => s + (v - mean) ** 2, 0) / (logs.length - 1));
}

/** P(T ≤ t): probability that the crossing comes within `t` days (t ≥ 0; see module docstring). */
export function crossingProbabilityBy(c: CrossingTimeInput, t: number): number {
  const logE = Math.log(c.crossingExposure);
  const at = (exposure: number) =>
    c.logSe > 0
      ? normalCdf((Math.log(exposure) - logE) / c.logSe, 0, 1)
      : exposure >= c.crossingExposure
        ? 1
        : 0;
  if (!(t > 0)) return at(c.exposureNow);
  if (!(c.paceLogSd > 0) || c.paceDays < 2) return at(c.exposureNow + t * c.pace);
  const sd = c.paceLogSd * Math.sqrt(1 / c.paceDays + 1 / t);
  let sum = 0;
  for (const z of nodes(c.paceDays - 1)) sum += at(c.exposureNow + t * c.pace * Math.exp(sd * z));
  return sum / NODES;
}

/**
 * Smallest whole day d in [1, `horizonDays`] with P(T ≤ d) ≥ q (q in (0, 1)); null when even the
 * horizon falls short. Callers handle q ≤ P(T ≤ 0) (a quantile already passed) themselves.
 */
export function crossingDayQuantile(c: CrossingTimeInput, q: number, horizonDays: number): number | null {
  if (crossingProbabilityBy(c, horizonDays) < q) return null;
  let lo = 0; // P(T ≤ lo) < q, or lo = 0
  let hi = horizonDays; // P(T ≤ hi) ≥ q
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (crossingProbabilityBy(c, mid) >= q) hi = mid;
    else lo = mid;
  }
  return hi;
}
