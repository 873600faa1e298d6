/**
 * The true response functions behind the demo ad data.
 *
 * Carry-over and saturation follow Y. Jin, Y. Wang, Y. Sun, D. Chan & J. Koehler, "Bayesian Methods
 * for Media Mix Modeling with Carryover and Shape Effects" (Google, 2017): geometric decay (eq. 1 with
 * weights θ^l, normalised to sum to 1) and the Hill function (eq. 3), x^α / (x^α + γ^α) as in Meta's
 * Robyn and Google's Meridian (`ec` = γ, `slope` = α). With normalised adstock
 * A_t = θ·A_{t−1} + (1 − θ)·x_t a spend held at s per day has adstock s, so γ is a daily spend in minor
 * units — the convention of `src/models/budget/response-curve.ts`. Creative wear-out follows
 * the exponential decay-in-exposure form of the advertising wear-out literature (e.g. P. A. Naik,
 * M. K. Mantrala & A. G. Sawyer, "Planning Media Schedules in the Presence of Dynamic Advertising
 * Quality", Marketing Science 17(3) (1998) 214–235):
 * CTR(I) = c₀ · exp(−k · I / 1000), I = cumulative impressions before the day.
 */

/**
 * Normalised geometric adstock A_t = θ·A_{t−1} + (1 − θ)·x_t of a daily series `spend` (minor units per
 * day; result in the same unit). Before day 0 spend is taken to have been x₀ per day (steady state,
 * A_{−1} = x₀), so the first days are not biased low. Throws `RangeError` unless 0 ≤ θ < 1.
 */
export function geometricAdstock(spend: readonly number[], theta: number): number[] {
  if (!(theta >= 0 && theta < 1)) throw new RangeError(`adstock: theta must be in [0, 1), got ${theta}`);
  const out = new Array<number>(spend.length);
  let prev = spend.length > 0 ? spend[0] : 0;
  for (let t = 0; t < spend.length; t++) {
    prev = theta * prev + (1 - theta) * spend[t];
    out[t] = prev;
  }
  return out;
}

/**
 * Hill saturation x^α / (x^α + γ^α) ∈ [0, 1) of adstocked spend x ≥ 0 (minor units); α > 0 is the
 * shape, γ > 0 the half-saturation point (Hill(γ) = 0.5). Returns 0 for x ≤ 0.
 */
export function hillSaturation(x: number, alpha: number, gamma: number): number {
  if (!(x > 0)) return 0;
  return 1 / (1 + (gamma / x) ** alpha);
}

/** Parameters of a campaign's true conversion curve (see the file docstring). */
export interface HillCurve {
  theta: number;
  alpha: number;
  gamma: number;
  /** Maximum expected conversions per day. */
  beta: number;
}

/** Expected conversions per day β·Hill(adstock(spend)_t) for a daily spend series (minor units). */
export function expectedConversions(spend: readonly number[], curve: HillCurve): number[] {
  return geometricAdstock(spend, curve.theta).map(
    (a) => curve.beta * hillSaturation(a, curve.alpha, curve.gamma),
  );
}

/**
 * Marginal expected conversions per extra minor unit of a steady daily spend s (minor units): the
 * derivative of β·Hill(s), β·α·γ^α·s^{α−1} / (s^α + γ^α)² — the slope of the response curve that
 * budget allocation equalises across campaigns (Jin et al. 2017 §5, response curves).
 */
export function marginalConversionsPerMinor(steadyDailySpendMinor: number, curve: HillCurve): number {
  const s = steadyDailySpendMinor;
  const { alpha, gamma, beta } = curve;
  if (!(s > 0)) return alpha < 1 ? Number.POSITIVE_INFINITY : alpha === 1 ? beta / gamma : 0;
  return (beta * alpha * gamma ** alpha * s ** (alpha - 1)) / (s ** alpha + gamma ** alpha) ** 2;
}

/** Expected CTR after `cumulativeImpressions` impressions: c₀·exp(−k·I/1000) (k per 1,000). */
export function fatigueCtr(baselineCtr: number, kPer1000: number, cumulativeImpressions: number): number {
  return baselineCtr * Math.exp((-kPer1000 * cumulativeImpressions) / 1000);
}

/**
 * The decay rate k (per 1,000 impressions) that makes the expected CTR cross `ratio`·c₀ on day index
 * `crossingDay`: with `cumulativeBefore[d]` the impressions before day d (non-decreasing), k is set so
 * that the threshold lies halfway between the cumulative impressions before days crossingDay−1 and
 * crossingDay, so the first day whose CTR is below the threshold is exactly `crossingDay`. Throws
 * `RangeError` when crossingDay is outside [1, cumulativeBefore.length) or no impressions precede it.
 */
export function decayRateForCrossing(
  cumulativeBefore: readonly number[],
  crossingDay: number,
  ratio: number,
): number {
  if (!(Number.isInteger(crossingDay) && crossingDay >= 1 && crossingDay < cumulativeBefore.length)) {
    throw new RangeError(`fatigue: crossing day ${crossingDay} outside the simulated range`);
  }
  const mid = (cumulativeBefore[crossingDay - 1] + cumulativeBefore[crossingDay]) / 2;
  if (!(mid > 0)) throw new RangeError('fatigue: no impressions before the crossing day');
  return (1000 * Math.log(1 / ratio)) / mid;
}
