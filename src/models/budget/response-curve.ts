/**
 * Media response curve: geometric adstock (carryover) followed by Hill saturation (shape), the form of
 * Jin, Wang, Sun, Chan & Koehler, "Bayesian Methods for Media Mix Modeling with Carryover and Shape
 * Effects" (Google, 2017), eq. (1) (adstock with geometric decay weights w(l) = θ^l, normalised) and
 * eq. (3) (Hill), also used by Robyn (Meta, github.com/facebookexperimental/Robyn: geometric adstock θ,
 * Hill x^α/(x^α+γ^α)) and Meridian (Google: Hill with `ec` = half-saturation and `slope` = shape):
 *
 *   adstock_t = (1 − θ)·Σ_{l≥0} θ^l · spend_{t−l}          (normalised geometric adstock)
 *   E[y_t]    = baseline + β · hill(adstock_t; α, γ),  hill(x) = x^α / (x^α + γ^α)
 *
 * Spend is in currency minor units per UTC day; y is an outcome per day (conversions, or revenue in
 * minor units). Because the adstock weights sum to 1, a spend held at s per day has adstock s, so
 * γ is a daily spend (minor units) and the steady-state response to a sustained daily spend s is
 * `baseline + β·hill(s)`, the curve the allocator works on. Robyn's un-normalised geometric adstock
 * (a_t = x_t + θ·a_{t−1}) is ours times 1/(1 − θ); its γ is ours times 1/(1 − θ).
 */

/** Parameters of one campaign's response curve (see module docstring for the formula). */
export interface ResponseCurveParams {
  /** Geometric adstock decay per day, in [0, 1): share of today's effect carried to tomorrow. */
  theta: number;
  /** Hill shape (Meridian `slope`), > 0: ≤ 1 concave everywhere, > 1 S-shaped. */
  alpha: number;
  /** Hill half-saturation (Meridian `ec`), daily spend in minor units at which hill = 0.5; > 0. */
  gamma: number;
  /** Maximum incremental outcome per day (outcome units/day) as spend → ∞; ≥ 0. */
  beta: number;
  /** Outcome per day not explained by spend (outcome units/day); 0 when fitted without intercept. */
  baseline: number;
}

/**
 * Normalised geometric adstock of a daily spend series (Jin et al. 2017, eq. 1 with w(l) = θ^l and an
 * unbounded lag): a_t = θ·a_{t−1} + (1 − θ)·x_t. Before day 0 spend is assumed to have been x_0 per day
 * (steady state), so a_0 = x_0. With `normalized: false` returns Robyn's form a_t = x_t + θ·a_{t−1}
 * (a_{−1} = 0).
 *
 * @param spend daily spend (minor units), oldest first; any length (empty → empty)
 * @param theta decay in [0, 1)
 * @returns adstocked spend, same length and unit as `spend`
 * @throws RangeError when θ is outside [0, 1)
 */
export function geometricAdstock(
  spend: readonly number[],
  theta: number,
  opts: { normalized?: boolean } = {},
): number[] {
  if (!(theta >= 0 && theta < 1)) throw new RangeError(`theta must be in [0, 1), got ${theta}`);
  const out = new Array<number>(spend.length);
  if (opts.normalized === false) {
    let a = 0;
    for (let t = 0; t < spend.length; t++) out[t] = a = spend[t] + theta * a;
    return out;
  }
  let a = spend.length > 0 ? spend[0] : 0;
  for (let t = 0; t < spend.length; t++) out[t] = a = theta * a + (1 - theta) * spend[t];
  return out;
}

/**
 * Hill saturation x^α / (x^α + γ^α) ∈ [0, 1) (Jin et al. 2017, eq. 3; Robyn `saturation_hill`;
 * Meridian `ec`/`slope`). Computed as 1 / (1 + (γ/x)^α) for stability; hill(0) = 0.
 *
 * @param x non-negative input (adstocked daily spend, minor units)
 * @param p alpha = shape (> 0), gamma = half-saturation in the unit of x (> 0)
 */
export function hill(x: number, p: { alpha: number; gamma: number }): number {
  if (x <= 0) return 0;
  return 1 / (1 + (p.gamma / x) ** p.alpha);
}

/** d hill / dx = α·γ^α·x^(α−1) / (x^α + γ^α)² = (α/x)·h·(1 − h); per unit of x. ∞ at x = 0 when α < 1. */
export function hillDerivative(x: number, p: { alpha: number; gamma: number }): number {
  if (x <= 0) return p.alpha < 1 ? Number.POSITIVE_INFINITY : p.alpha === 1 ? 1 / p.gamma : 0;
  const h = hill(x, p);
  return (p.alpha / x) * h * (1 - h);
}

/**
 * Spend at which the Hill curve turns from convex to concave: γ·((α − 1)/(α + 1))^(1/α) for α > 1,
 * 0 for α ≤ 1 (concave everywhere). Above it the marginal return decreases, the condition under
 * which greedy allocation is optimal.
 */
export function hillInflection(p: { alpha: number; gamma: number }): number {
  return p.alpha <= 1 ? 0 : p.gamma * ((p.alpha - 1) / (p.alpha + 1)) ** (1 / p.alpha);
}

/**
 * Expected outcome per day for a daily spend series: baseline + β·hill(adstock_t) (outcome units/day).
 * Same length as `spend`.
 */
export function expectedOutcomeSeries(spend: readonly number[], params: ResponseCurveParams): number[] {
  return geometricAdstock(spend, params.theta).map((a) => params.baseline + params.beta * hill(a, params));
}

/**
 * Steady-state expected outcome per day when `dailySpendMinor` is spent every day:
 * baseline + β·hill(s). This is the response curve of charts and of the allocator.
 */
export function steadyStateResponse(params: ResponseCurveParams, dailySpendMinor: number): number {
  return params.baseline + params.beta * hill(dailySpendMinor, params);
}

/**
 * Marginal return of the steady-state curve at daily spend s: β·hill'(s), in outcome units per minor
 * unit of daily spend (for revenue in minor units: marginal ROAS).
 */
export function marginalResponse(params: ResponseCurveParams, dailySpendMinor: number): number {
  return params.beta * hillDerivative(dailySpendMinor, params);
}
