/**
 * The wear-out curve of one ad: click-through rate as a function of cumulative exposure,
 *
 *   CTR(E) = c∞ + (c₀ − c∞) · exp(−k · E),      0 ≤ c∞ ≤ c₀ < 1,  k ≥ 0,
 *
 * where E is the cumulative number of impressions served before the moment considered (or the ad's
 * age in days, see {@link ExposureAxis}).
 *
 * Sources. Repetition wear-out — the effect of a message falling as the same audience sees it again —
 * is the finding reviewed by C. Pechmann & D. W. Stewart, "Advertising repetition: a critical review
 * of wearin and wearout", Current Issues and Research in Advertising 11 (1988) 285–329. The
 * exponential form follows the ad-quality dynamics of P. A. Naik, M. K. Mantrala & A. G. Sawyer,
 * "Planning media schedules in the presence of dynamic advertising quality", Marketing Science 17(3)
 * (1998) 214–235, eq. (2): dq/dt = −(c + w·u(t))·q + δ·(1 − q), with repetition wear-out w,
 * copy wear-out c and restoration δ. While an ad airs at a steady rate, quality decays exponentially
 * in cumulative exposure towards the equilibrium δ/(c + w·u + δ) > 0; our c∞ is that floor and
 * k plays the role of w (or of c when E is the ad's age). Restoration during pauses is not modelled.
 *
 * Days are aggregated exactly: the expected clicks of a day that served impressions over the exposure
 * interval [a, b] are ∫ₐᵇ CTR(E) dE, so the day's mean CTR is {@link meanCtr}.
 */

/** What counts as exposure E: cumulative impressions (repetition wear-out) or ad age in days. */
export type ExposureAxis = 'impressions' | 'days';

/** Parameters of the wear-out curve; rates are probabilities per impression. */
export interface WearOutParams {
  /** c₀: CTR of the very first impression (fraction, 0–1). */
  initialCtr: number;
  /** c∞: CTR the ad settles at after full wear-out (fraction, 0 ≤ c∞ ≤ c₀). */
  floorCtr: number;
  /** k: decay rate per unit of exposure (per impression, or per day on the `days` axis). */
  decayRate: number;
}

/** One day as the likelihood sees it: exposure before and after the day, trials and successes. */
export interface ExposureDay {
  /** Cumulative exposure at the start of the day. */
  exposureStart: number;
  /** Cumulative exposure at the end of the day (≥ `exposureStart`). */
  exposureEnd: number;
  /** Impressions served that day (binomial trials). */
  impressions: number;
  /** Clicks that day (binomial successes, ≤ impressions). */
  clicks: number;
}

/** Instantaneous CTR at cumulative exposure `exposure` (fraction). */
export function ctrAt(p: WearOutParams, exposure: number): number {
  return p.floorCtr + (p.initialCtr - p.floorCtr) * Math.exp(-p.decayRate * exposure);
}

/**
 * Mean CTR over the exposure interval [a, b] (fraction): (1/(b−a))·∫ₐᵇ CTR(E) dE, which equals
 * {@link ctrAt} at `a` when b = a. Computed with `expm1` so it is exact for small k·(b − a).
 */
export function meanCtr(p: WearOutParams, a: number, b: number): number {
  const width = b - a;
  const kw = p.decayRate * width;
  const decay = Math.exp(-p.decayRate * a);
  const avg = kw < 1e-9 ? decay * (1 - kw / 2) : (decay * -Math.expm1(-kw)) / kw;
  return p.floorCtr + (p.initialCtr - p.floorCtr) * avg;
}

/**
 * Cumulative exposure at which the instantaneous CTR falls to `targetCtr` (fraction):
 * E* = −ln((T − c∞)/(c₀ − c∞)) / k. Returns `null` when the curve never reaches it (T ≤ c∞ or
 * k = 0) and 0 when T ≥ c₀.
 */
export function crossingExposure(p: WearOutParams, targetCtr: number): number | null {
  if (targetCtr >= p.initialCtr) return 0;
  if (targetCtr <= p.floorCtr || p.decayRate <= 0) return null;
  return -Math.log((targetCtr - p.floorCtr) / (p.initialCtr - p.floorCtr)) / p.decayRate;
}

/**
 * Binomial log-likelihood (without the constant log-binomial-coefficient term) of the days under
 * `p`: Σ y·ln p̄ + (n − y)·ln(1 − p̄), with p̄ the day's {@link meanCtr}. −∞ when some p̄ is outside
 * (0, 1) on a day whose clicks make that impossible.
 */
export function binomialLogLikelihood(p: WearOutParams, days: readonly ExposureDay[]): number {
  let ll = 0;
  for (const d of days) {
    if (d.impressions <= 0) continue;
    const q = meanCtr(p, d.exposureStart, d.exposureEnd);
    if (d.clicks > 0) ll += d.clicks * Math.log(q);
    const misses = d.impressions - d.clicks;
    if (misses > 0) ll += misses * Math.log1p(-q);
  }
  return Number.isNaN(ll) ? Number.NEGATIVE_INFINITY : ll;
}

/**
 * Pearson χ² of the days under `p`: Σ (y − n·p̄)² / (n·p̄·(1 − p̄)) — the numerator of the
 * quasi-likelihood dispersion estimate (McCullagh & Nelder, Generalized Linear Models, 2nd ed. 1989,
 * §4.5.2 eq. 4.23 and §9.2).
 */
export function pearsonChiSquare(p: WearOutParams, days: readonly ExposureDay[]): number {
  let x2 = 0;
  for (const d of days) {
    if (d.impressions <= 0) continue;
    const q = meanCtr(p, d.exposureStart, d.exposureEnd);
    const mu = d.impressions * q;
    const v = mu * (1 - q);
    if (v > 0) x2 += (d.clicks - mu) ** 2 / v;
  }
  return x2;
}

/**
 * Builds the {@link ExposureDay} list from daily impressions and clicks (same length, one entry per
 * calendar day, zeros for days the ad did not run). On the `impressions` axis exposure advances by the
 * day's impressions; on the `days` axis by one per calendar day.
 */
export function exposureDays(
  impressions: readonly number[],
  clicks: readonly number[],
  axis: ExposureAxis,
): ExposureDay[] {
  const out: ExposureDay[] = [];
  let e = 0;
  for (let i = 0; i < impressions.length; i++) {
    const next = e + (axis === 'impressions' ? impressions[i] : 1);
    out.push({ exposureStart: e, exposureEnd: next, impressions: impressions[i], clicks: clicks[i] });
    e = next;
  }
  return out;
}
