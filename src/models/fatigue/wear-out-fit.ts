import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { brentMinimize } from './brent.ts';
import { fitLinearBinomial, fitThroughOrigin } from './linear-binomial.ts';
import { invertSpd, numericalHessian } from './observed-information.ts';
import {
  binomialLogLikelihood,
  type ExposureDay,
  pearsonChiSquare,
  type WearOutParams,
} from './wear-out-model.ts';

/**
 * Maximum-likelihood fit of the wear-out curve (see `wear-out-model.ts`) with clicks ~ Binomial(n, p̄)
 * per day. Overdispersion is handled by quasi-likelihood: the dispersion φ is Pearson χ²/(days − 3),
 * floored at 1, and scales the likelihood-ratio statistic and the covariance (R. W. M. Wedderburn,
 * "Quasi-likelihood functions, generalized linear models, and the Gauss–Newton method", Biometrika
 * 61(3) (1974) 439–447; McCullagh & Nelder, Generalized Linear Models, 2nd ed. 1989, §9.2–9.3).
 *
 * The MLE is found by profile likelihood: for a fixed rate k the curve is linear in (c∞, c₀ − c∞)
 * and is fitted exactly by `fitLinearBinomial`; u = ln(k·S) (S the exposure span) is scanned on a
 * grid and refined by Brent's method (`brent.ts`). θ = [logit c₀, logit(c∞/c₀), u] is the scale of the
 * covariance.
 *
 * Model selection: while the decay has not flattened, c∞ is weakly identified and a spurious high floor
 * with a fast k extrapolates too flat. So the nested floor-zero model c₀·exp(−k·E) is profiled too
 * (`fitThroughOrigin`), and the floor is kept only if Λ_floor = 2·(ℓ_floor − ℓ_zero)/φ_floor is
 * significant at `floorLevel` (default 0.05) against the 50:50 mixture of χ²₀ and χ²₁, p = ½·P(χ²₁ > Λ),
 * because c∞ = 0 lies on the boundary (S. G. Self & K.-Y. Liang, "Asymptotic properties of maximum
 * likelihood estimators and likelihood ratio tests under nonstandard conditions", JASA 82(398) (1987)
 * 605–610). The floor-zero fit then carries its own φ = Pearson χ²/(days − 2) and a two-parameter
 * covariance (the floor row is zero). The wear-out test against a flat CTR always uses the floored fit.
 */

/** The fit of {@link fitWearOut}. */
export interface WearOutFit {
  params: WearOutParams;
  /** Binomial log-likelihood of the chosen model at its MLE (without the constant term). */
  logLikelihood: number;
  /** Pooled CTR Σy/Σn: the MLE of the flat (no wear-out) model. */
  flatCtr: number;
  /** Binomial log-likelihood of the flat model. */
  flatLogLikelihood: number;
  /** Quasi-binomial dispersion φ ≥ 1 of the chosen model (1 = pure binomial noise). */
  dispersion: number;
  /** Quasi-likelihood-ratio statistic Λ = 2·(ℓ − ℓ_flat)/φ of wear-out against a flat CTR (floored fit). */
  lrStatistic: number;
  /** P-value of Λ against χ² with 2 degrees of freedom, exp(−Λ/2) (see docs: approximate). */
  pValue: number;
  /**
   * Quasi-LR statistic 2·(ℓ_floor − ℓ_zero)/φ_floor of the floor c∞ against the nested floor-zero model,
   * and its p-value against the 50:50 mixture of χ²₀ and χ²₁; null when the floor fit is already 0.
   */
  floorLrStatistic: number | null;
  floorPValue: number | null;
  /** Days with impressions that entered the fit. */
  activeDays: number;
  /** Unconstrained parameters θ = [logit c₀, logit(c∞/c₀), ln(k·S)] at the optimum. */
  theta: number[];
  /** Exposure span S (impressions or days) used to scale k in θ. */
  exposureScale: number;
  /**
   * φ·H⁻¹ (3×3, θ scale), H the observed information by central differences. Rows and columns of a
   * parameter on its boundary (floor 0, decay at the edge of the scanned range) are zero, i.e. it is
   * treated as known. `null` when H is not positive definite.
   */
  covariance: number[][] | null;
}

/** Range of u = ln(k·S) scanned: k·S from e⁻³ (almost linear) to e⁶ (worn out within 0.25 % of S). */
export const DECAY_SCALE_RANGE = [-3, 6] as const;
const GRID_STEP = 0.75;
/** Level at which the floor must beat the floor-zero model to be kept. */
export const FLOOR_LEVEL = 0.05;
/** Floor share below which the floor counts as 0 (on its boundary). */
const FLOOR_BOUNDARY = -7;

const logit = (p: number): number => Math.log(p / (1 - p));
const expit = (x: number): number => 1 / (1 + Math.exp(-x));

/** Maps θ to parameters (see {@link WearOutFit.theta}). */
export function paramsFromTheta(theta: readonly number[], exposureScale: number): WearOutParams {
  const initialCtr = expit(theta[0]);
  return {
    initialCtr,
    floorCtr: initialCtr * expit(theta[1]),
    decayRate: Math.exp(theta[2]) / exposureScale,
  };
}

/**
 * Fits the wear-out curve to the days (one per calendar day, in order). Never throws: with no clicks
 * or fewer than 4 active days the flat model comes back with `pValue` 1 (callers gate on minimum data).
 * `covariance: false` skips the observed information (compute it later with {@link wearOutCovariance});
 * `floorLevel` is the level of the floor test (see the module docstring).
 */
export function fitWearOut(
  days: readonly ExposureDay[],
  options: { covariance?: boolean; floorLevel?: number } = {},
): WearOutFit {
  const active = days.filter((d) => d.impressions > 0);
  const n = active.map((d) => d.impressions);
  const y = active.map((d) => Math.min(d.clicks, d.impressions));
  const sn = n.reduce((s, v) => s + v, 0);
  const sy = y.reduce((s, v) => s + v, 0);
  const flatCtr = sn > 0 ? sy / sn : 0;
  const flat: WearOutParams = { initialCtr: flatCtr, floorCtr: flatCtr, decayRate: 0 };
  const flatLogLikelihood = sn > 0 ? binomialLogLikelihood(flat, active) : 0;
  const last = active[active.length - 1];
  const S = last ? Math.max(last.exposureEnd, 1) : 1;
  const base = {
    flatCtr,
    flatLogLikelihood,
    activeDays: active.length,
    exposureScale: S,
  };
  if (sy === 0 || sy === sn || active.length < 4) {
    const theta = [logit(Math.min(Math.max(flatCtr, 1e-9), 1 - 1e-9)), 30, DECAY_SCALE_RANGE[0]];
    return {
      ...base,
      params: flat,
      logLikelihood: flatLogLikelihood,
      dispersion: 1,
      lrStatistic: 0,
      pValue: 1,
      floorLrStatistic: null,
      floorPValue: null,
      theta,
      covariance: null,
    };
  }

  const a = active.map((d) => d.exposureStart / S);
  const w = active.map((d) => (d.exposureEnd - d.exposureStart) / S);
  const g = new Float64Array(active.length);
  /** Fills g with each day's mean of exp(−k·E) for u = ln(k·S). */
  const setDecay = (u: number) => {
    const K = Math.exp(u);
    for (let t = 0; t < g.length; t++) {
      const kw = K * w[t];
      const decay = Math.exp(-K * a[t]);
      g[t] = kw < 1e-9 ? decay * (1 - kw / 2) : (decay * -Math.expm1(-kw)) / kw;
    }
  };
  let warm: [number, number] = [flatCtr, 0];
  const profile = (u: number) => {
    setDecay(u);
    const fit = fitLinearBinomial(g, n, y, warm, flatLogLikelihood);
    // Warm start from this solution, on the face β₀ = 0 when the floor came out at zero.
    warm = fit.slope > 0 ? [fit.intercept, fit.slope] : [flatCtr, 0];
    return { u, ...fit };
  };

  const best = maximizeProfile(profile);

  if (best.slope <= 0 || best.logLikelihood <= flatLogLikelihood) {
    const theta = [logit(flatCtr), 30, DECAY_SCALE_RANGE[0]];
    const dispersion = Math.max(1, pearsonChiSquare(flat, active) / Math.max(1, active.length - 1));
    return {
      ...base,
      params: flat,
      logLikelihood: flatLogLikelihood,
      dispersion,
      lrStatistic: 0,
      pValue: 1,
      floorLrStatistic: null,
      floorPValue: null,
      theta,
      covariance: null,
    };
  }
  const c0 = best.intercept + best.slope;
  const full: WearOutParams = { initialCtr: c0, floorCtr: best.intercept, decayRate: Math.exp(best.u) / S };
  const fullDispersion = Math.max(1, pearsonChiSquare(full, active) / Math.max(1, active.length - 3));
  const lrStatistic = Math.max(0, (2 * (best.logLikelihood - flatLogLikelihood)) / fullDispersion);
  const fit: WearOutFit = {
    ...base,
    params: full,
    logLikelihood: best.logLikelihood,
    dispersion: fullDispersion,
    lrStatistic,
    pValue: Math.exp(-lrStatistic / 2),
    floorLrStatistic: null,
    floorPValue: null,
    theta: [logit(c0), best.intercept > 0 ? logit(best.intercept / c0) : -30, best.u],
    covariance: null,
  };
  if (best.intercept > 0) {
    // Nested floor-zero model p_t = c₀·g_t, profiled over k the same way.
    let warmSlope = 0;
    const zero = maximizeProfile((u: number) => {
      setDecay(u);
      let sg = 0;
      for (let t = 0; t < g.length; t++) sg += n[t] * g[t];
      const start = warmSlope > 0 && warmSlope < 1 ? warmSlope : Math.min(sy / sg, 0.5);
      const z = fitThroughOrigin(g, n, y, start);
      if (Number.isFinite(z.logLikelihood)) warmSlope = z.slope;
      return { u, ...z };
    });
    const floorLr = Math.max(0, (2 * (best.logLikelihood - zero.logLikelihood)) / fullDispersion);
    fit.floorLrStatistic = floorLr;
    fit.floorPValue = normalCdf(-Math.sqrt(floorLr), 0, 1); // ½·P(χ²₁ > Λ)
    if (fit.floorPValue >= (options.floorLevel ?? FLOOR_LEVEL) && zero.slope > 0) {
      const params: WearOutParams = { initialCtr: zero.slope, floorCtr: 0, decayRate: Math.exp(zero.u) / S };
      fit.params = params;
      fit.logLikelihood = zero.logLikelihood;
      fit.dispersion = Math.max(1, pearsonChiSquare(params, active) / Math.max(1, active.length - 2));
      fit.theta = [logit(zero.slope), -30, zero.u];
    }
  }
  if (options.covariance !== false) fit.covariance = wearOutCovariance(fit, days);
  return fit;
}

/** Grid scan of a profile log-likelihood over u = ln(k·S), refined by Brent's method around the best point. */
function maximizeProfile<P extends { u: number; logLikelihood: number }>(profile: (u: number) => P): P {
  let best = profile(DECAY_SCALE_RANGE[0]);
  for (let u = DECAY_SCALE_RANGE[0] + GRID_STEP; u <= DECAY_SCALE_RANGE[1] + 1e-9; u += GRID_STEP) {
    const p = profile(u);
    if (p.logLikelihood > best.logLikelihood) best = p;
  }
  const lo = Math.max(DECAY_SCALE_RANGE[0], best.u - GRID_STEP);
  const hi = Math.min(DECAY_SCALE_RANGE[1], best.u + GRID_STEP);
  let refined = best;
  const negLl = (u: number) => {
    const p = profile(u);
    if (p.logLikelihood > refined.logLikelihood) refined = p;
    return -p.logLikelihood;
  };
  brentMinimize(negLl, lo, hi, best.u, -best.logLikelihood, 1e-3);
  return refined;
}

/**
 * φ·H⁻¹ for a fit (see {@link WearOutFit.covariance}); `days` must be those passed to
 * {@link fitWearOut}. Returns null for a flat fit or when H is not positive definite.
 */
export function wearOutCovariance(fit: WearOutFit, days: readonly ExposureDay[]): number[][] | null {
  if (fit.params.decayRate <= 0) return null;
  const active = days.filter((d) => d.impressions > 0);
  const { theta, exposureScale: S } = fit;
  const free = [0];
  if (theta[1] > FLOOR_BOUNDARY) free.push(1);
  if (theta[2] > DECAY_SCALE_RANGE[0] + 1e-6 && theta[2] < DECAY_SCALE_RANGE[1] - 1e-6) free.push(2);
  const negLl = (t: number[]) => -binomialLogLikelihood(paramsFromTheta(t, S), active);
  const inv = invertSpd(numericalHessian(negLl, theta, free));
  if (!inv) return null;
  const covariance = Array.from({ length: 3 }, () => new Array<number>(3).fill(0));
  for (let i = 0; i < free.length; i++)
    for (let j = 0; j < free.length; j++) covariance[free[i]][free[j]] = fit.dispersion * inv[i][j];
  return covariance;
}
