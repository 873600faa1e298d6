/**
 * Interval coverage judged with the randomized probability integral transform (PIT), for data with
 * atoms: counts, minor units, and the atom at 0 that every predictive distribution here may put
 * (predictive.ts).
 *
 * An integer-valued day cannot be covered by exactly 80 % of a band: the band either holds a value or
 * not, so a band that must hold 0 when P(Y = 0) is high covers more than its level however well the
 * forecast is calibrated. The randomized PIT of C. Czado, T. Gneiting & L. Held, "Predictive model
 * assessment for count data", Biometrics 65 (2009) 1254–1261 (A. Brockwell, "Universal residuals",
 * Statistics & Probability Letters 77 (2007) 1473–1478, for any distribution with atoms) gives value y
 * the point u = F(y − 1) + v·(F(y) − F(y − 1)), v ~ U(0, 1): u is exactly uniform when F is the
 * distribution of y, atoms or not. A band of quantile levels [lo, hi] (calibration.ts's
 * `nominalLevels`: [(1 − t)/2, (1 + t)/2] for a central band of level t, [0, t] for one starting at 0)
 * then covers y in the randomized sense when u ∈ [lo, hi], which happens with probability hi − lo
 * exactly under a calibrated forecast, 0.8 for the calibrated 80 % band, even where the band's values
 * must hold a whole atom. Its expectation over v is the share of [F(y − 1), F(y)] inside [lo, hi]: the
 * "expected randomized coverage" computed here, deterministic, with no random draws. For continuous
 * data it is the ordinary coverage up to ties (y's PIT range is then a point, F(y)).
 *
 * A continuous predictive F for integer data is read as the distribution of ⌈Y⌉ (P(⌈Y⌉ ≤ k) = F(k),
 * keeping the atom P(Y = 0) as the probability of 0), so y's PIT range is [F(y − 1), F(y)] for y ≥ 1
 * and [0, F(0)] for y = 0.
 */
import type { Predictive } from './predictive.ts';

/**
 * The PIT range [F(y − unit), F(y)] of value `y` ≥ 0 under `pred` (Czado et al. 2009): `unit` is the
 * data's resolution (1 for counts and minor units, the default; 0 for continuous data, which gives
 * [P(Y < y), P(Y ≤ y)], the atom's range or a single point). Below y = unit the range starts at 0.
 */
export function pitRange(pred: Predictive, y: number, unit = 1): { lo: number; hi: number } {
  const hi = pred.cdf(y);
  const lo = unit > 0 ? (y - unit < 0 ? 0 : pred.cdf(y - unit)) : pred.cdfBelow(y);
  return { lo: Math.min(lo, hi), hi };
}

/**
 * The expected randomized coverage of value `y` by the band of quantile levels `levels` (0 ≤ lo ≤ hi ≤ 1),
 * a number in [0, 1]: the share of y's {@link pitRange} inside [lo, hi], i.e. P_v(lo ≤ u ≤ hi) for the
 * randomized PIT u; when y's range is a single point, 1 if it lies in [lo, hi], else 0.
 */
export function expectedRandomizedCoverage(
  pred: Predictive,
  levels: { lo: number; hi: number },
  y: number,
  unit = 1,
): number {
  const { lo, hi } = pitRange(pred, y, unit);
  if (hi - lo <= 1e-12) return lo >= levels.lo - 1e-12 && lo <= levels.hi + 1e-12 ? 1 : 0;
  return Math.max(0, Math.min(hi, levels.hi) - Math.max(lo, levels.lo)) / (hi - lo);
}
