/**
 * Prediction intervals calibrated on the series' own rolling-origin backtest.
 *
 * 1. Intervals with an atom at zero. Daily spend, conversions and revenue are ≥ 0 and often exactly 0,
 *    so each method's predictive distribution F (predictive.ts) may put mass p₀ = P(Y = 0) at 0. Once
 *    p₀ ≥ (1 − t)/2 the central interval [F⁻¹((1 − t)/2), F⁻¹((1 + t)/2)] starts at 0, holds the whole
 *    atom and covers (1 + t)/2, not t (a 90 % "80 % interval"); the level-t interval is then
 *    [0, F⁻¹(t)], the shortest interval that holds the atom and mass t, and the highest-density region
 *    when the density falls away from 0 (an atom has the highest density of all: R. J. Hyndman,
 *    "Computing and graphing highest density regions", The American Statistician 50 (1996) 120–126).
 *    {@link nominalBand} is this interval at nominal level t.
 * 2. Recalibration of the level by split conformal prediction with nested sets (V. Vovk, A. Gammerman
 *    & G. Shafer, "Algorithmic Learning in a Random World", 2005; C. Gupta, A. K. Kuchibhotla &
 *    A. Ramdas, "Nested conformal prediction and quantile out-of-bag ensemble methods", Pattern
 *    Recognition 127 (2022) 108496), the sets being the nominal-t intervals of the method's own
 *    predictive distribution as in distributional conformal prediction (V. Chernozhukov, K. Wüthrich &
 *    Y. Zhu, "Distributional conformal prediction", PNAS 118(48) (2021) e2107794118, whose score
 *    |F(y) − ½| is ours without an atom). Each held-out day of the method-selection backtest (forecast
 *    from an origin before it, with only the data before that origin: method-selection.ts) scores the
 *    smallest nominal level whose interval holds it; the level used for a (1 − α) band is the
 *    (n + 1)(1 − α)-th smallest of the n scores, interpolated (R. J. Hyndman & Y. Fan, "Sample quantiles
 *    in statistical packages", The American Statistician 50 (1996) 361–365, type 6), whose expected
 *    coverage of a new exchangeable day is exactly 1 − α. Calibrating time-series intervals on past
 *    forecast errors is the construction of K. Stankevičiūtė, A. Alaa & M. van der Schaar, "Conformal
 *    time-series forecasting", NeurIPS 2021, and of FPP3 §5.5's empirical intervals.
 *
 * 3. Ties. A count, or any value on an atom (every zero day under a forecast with P(Y = 0) ≥ ½), has a
 *    PIT range [F(y − 1), F(y)] rather than a point, and all such days would share one score: when
 *    most held-out days are 0 they all score 0 and the calibrated level collapses to 0, a band [0, 0]
 *    that in the randomized-PIT sense (pit.ts, Czado, Gneiting & Held 2009) covers nothing. As in the
 *    smoothed conformal predictors of Vovk et al. (2005, §2.4), such a day is scored at its randomized
 *    PIT u = F(y − 1) + v·(F(y) − F(y − 1)) ({@link smoothedScore}), v from an evenly spread
 *    deterministic sequence ({@link tieBreak}), which makes the expected randomized coverage of the
 *    calibrated levels 1 − α; continuous values keep their ordinary scores. The bands' values still hold
 *    a whole atom, so their ordinary coverage of a mostly-zero series stays above 1 − α.
 *
 * One level serves every step: the backtest scores steps 1–7, and the method's own growth of
 * uncertainty with the horizon carries it further (levels calibrated per step bucket 1–7, 8–14, 15–28
 * on forecasts run on from the same origins were tried and did not improve the long-horizon coverage:
 * docs/intelligence/forecast.md). Days in time are not exchangeable, so the 1 − α is a target, not a
 * guarantee; the measured coverage is in docs/intelligence.md.
 */
import { pitRange } from './pit.ts';
import type { Predictive } from './predictive.ts';

/** A held-out day of the backtest: its predictive distribution and the value that came. */
export interface HeldOut {
  pred: Predictive;
  y: number;
}

/**
 * The nominal levels whose {@link nominalBand}s are shown as the 80 % and 95 % intervals, and the
 * number of backtest days they were calibrated on (0: the nominal 0.8 and 0.95, no backtest).
 */
export interface Recalibration {
  level80: number;
  level95: number;
  days: number;
}

/** No recalibration (a history too short for a backtest, or `selectMethod: false`). */
export const IDENTITY: Recalibration = { level80: 0.8, level95: 0.95, days: 0 };

/**
 * Highest nominal level used, 1 − 10⁻⁶: a Gaussian forecast's band stops at ±4.9 standard deviations
 * (2.5 times its nominal 95 % half-width) however wide the backtest errors were, so it is never infinite.
 */
export const MAX_LEVEL = 1 - 1e-6;

/** An interval [lower, upper] on the scale of y. */
export interface Band {
  lower: number;
  upper: number;
}

/**
 * The level-`t` interval (t in [0, 1]) of `pred` with the atom rule of the file comment: [0, F⁻¹(t)]
 * when P(Y = 0) ≥ (1 − t)/2, else [F⁻¹((1 − t)/2), F⁻¹((1 + t)/2)]; widened to hold `pred.median`.
 */
export function nominalBand(pred: Predictive, t: number): Band {
  const band =
    pred.cdf(0) >= (1 - t) / 2
      ? { lower: 0, upper: pred.quantile(t) }
      : { lower: pred.quantile((1 - t) / 2), upper: pred.quantile((1 + t) / 2) };
  return { lower: Math.min(band.lower, pred.median), upper: Math.max(band.upper, pred.median) };
}

/**
 * The quantile levels [lo, hi] ⊂ [0, 1] of {@link nominalBand}(pred, t): [0, t] when P(Y = 0) ≥ (1 − t)/2,
 * else [(1 − t)/2, (1 + t)/2], stretched to touch the median's PIT range [P(Y < m), P(Y ≤ m)] as the
 * band is widened to hold m. The band is [F⁻¹(lo), F⁻¹(hi)] up to that widening; where F has an atom
 * the band's values hold the whole atom while its levels hold only part of it, which is what the
 * randomized PIT coverage scores (pit.ts).
 */
export function nominalLevels(pred: Predictive, t: number): { lo: number; hi: number } {
  const oneSided = pred.cdf(0) >= (1 - t) / 2;
  const lo = oneSided ? 0 : (1 - t) / 2;
  const hi = oneSided ? t : (1 + t) / 2;
  return { lo: Math.min(lo, pred.cdf(pred.median)), hi: Math.max(hi, pred.cdfBelow(pred.median)) };
}

/**
 * The conformity score of value `y` (≥ 0) under `pred`: the smallest t in [0, 1] such that y lies in
 * {@link nominalBand}(pred, t′) for every t′ ≥ t. With u⁻ = P(Y < y), u = P(Y ≤ y), p₀ = P(Y = 0) and
 * the switch to the one-sided band at t = 1 − 2p₀: y = 0 scores max(0, 1 − 2p₀); otherwise u⁻ when
 * u⁻ > 1 − 2p₀ and y is above the median (only a one-sided band reaches it), else
 * min(max(1 − 2u, 2u⁻ − 1), 1 − 2p₀), clipped at 0 (|2u − 1| for a continuous value without an atom).
 */
export function coverageScore(pred: Predictive, y: number): number {
  const zeroSwitch = 1 - 2 * pred.cdf(0);
  if (y <= 0) return Math.max(0, zeroSwitch);
  const below = pred.cdfBelow(y);
  // A one-sided band [0, F⁻¹(t)] is widened to the median, so it holds any y up to the median.
  if (below > zeroSwitch && y > pred.median) return Math.max(0, below);
  return Math.max(0, Math.min(Math.max(1 - 2 * pred.cdf(y), 2 * below - 1), zeroSwitch));
}

/**
 * The conformity score of a randomized PIT value `u` in [0, 1] (pit.ts) under `pred`: the smallest t
 * such that u lies in the quantile levels {@link nominalLevels}(pred, t′) for every t′ ≥ t. With
 * z = 1 − 2P(Y = 0) (the switch to the one-sided levels [0, t]) and the median's PIT range [m⁻, m]:
 * a = u above m⁻, else 0 (the one-sided threshold); b = the central threshold max(1 − 2u below m,
 * 2u − 1 above m⁻, 0); the score is a when a > z, else min(b, max(z, 0)). For a value without an atom
 * it is {@link coverageScore} of that value.
 */
export function levelScore(pred: Predictive, u: number): number {
  const z = 1 - 2 * pred.cdf(0);
  const mBelow = pred.cdfBelow(pred.median);
  const m = pred.cdf(pred.median);
  const a = u > mBelow ? u : 0;
  if (a > Math.max(z, 0)) return a;
  const b = Math.max(u < m ? 1 - 2 * u : 0, u > mBelow ? 2 * u - 1 : 0, 0);
  return Math.max(0, Math.min(b, Math.max(z, 0)));
}

/**
 * The smoothed conformity score of held-out value `y` (V. Vovk, A. Gammerman & G. Shafer 2005, §2.4,
 * "smoothed conformal predictors"): where y's PIT range [F(y − 1), F(y)] (pit.ts, `unit` 1 for counts
 * and minor units) has positive length, as for a count or a value on an atom, the score of the
 * randomized PIT u = F(y − 1) + v·(F(y) − F(y − 1)) ({@link levelScore}); elsewhere {@link coverageScore}.
 * Ties between days on one atom (every zero day scoring 0) would otherwise let the calibrated level
 * collapse to 0 whenever most held-out days are 0, giving bands whose levels cover far less than
 * their nominal share in the randomized-PIT sense (docs/intelligence/forecast.md).
 */
export function smoothedScore(pred: Predictive, y: number, v: number, unit = 1): number {
  const { lo, hi } = pitRange(pred, y, unit);
  if (hi - lo <= PIT_TIE) return coverageScore(pred, y);
  return levelScore(pred, lo + v * (hi - lo));
}

/** PIT ranges shorter than this are points (a continuous value): scored without randomization. */
const PIT_TIE = 1e-9;

/**
 * The i-th (0-based) tie-breaking draw v in (0, 1): the golden-ratio (Weyl) sequence frac((i + 1)·φ⁻¹),
 * evenly spread like uniform draws but the same on every run, so a forecast is reproducible.
 */
export function tieBreak(i: number): number {
  const x = (i + 1) * 0.6180339887498949;
  return x - Math.floor(x);
}

/**
 * The nominal level for a (1 − α) = `coverage` band from n conformity `scores`: the Hyndman–Fan type-6
 * quantile, position (n + 1)·coverage among the sorted scores, linear between neighbours, at most
 * {@link MAX_LEVEL}. Returns undefined when the position exceeds n (too few days for that coverage:
 * n < coverage/(1 − coverage), e.g. 19 for 95 %).
 */
export function conformalLevel(scores: readonly number[], coverage: number): number | undefined {
  const s = [...scores].sort((a, b) => a - b);
  const pos = (s.length + 1) * coverage;
  if (s.length === 0 || pos > s.length) return undefined;
  if (pos <= 1) return Math.min(MAX_LEVEL, s[0]!);
  const i = Math.floor(pos);
  const lo = s[i - 1]!;
  const hi = s[Math.min(s.length, i + 1) - 1]!;
  return Math.min(MAX_LEVEL, lo + (hi - lo) * (pos - i));
}

/**
 * Calibrates the 80 % and 95 % levels on `held` (the chosen method's backtest days, in order), each day
 * scored by {@link smoothedScore} with tie-break draw {@link tieBreak}(its index). A level that
 * {@link conformalLevel} cannot set keeps its nominal value; the 95 % level is at least the 80 % one,
 * so the bands nest. Returns {@link IDENTITY} for no days. Never throws.
 */
export function fitRecalibration(held: readonly HeldOut[]): Recalibration {
  if (held.length === 0) return IDENTITY;
  const scores = held.map((h, i) => smoothedScore(h.pred, h.y, tieBreak(i)));
  const level80 = conformalLevel(scores, 0.8) ?? IDENTITY.level80;
  const level95 = Math.max(level80, conformalLevel(scores, 0.95) ?? IDENTITY.level95);
  return { level80, level95, days: held.length };
}

/** The 80 % and 95 % bands of a forecast day: {@link nominalBand} at the levels of `r`. */
export function calibratedBands(
  pred: Predictive,
  r: Recalibration,
): { lower80: number; upper80: number; lower95: number; upper95: number } {
  const b80 = nominalBand(pred, r.level80);
  const b95 = nominalBand(pred, r.level95);
  return { lower80: b80.lower, upper80: b80.upper, lower95: b95.lower, upper95: b95.upper };
}
