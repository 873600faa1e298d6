import { brentMinimize } from './brent.ts';
import { fitLinearBinomial } from './linear-binomial.ts';
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
 */

/** The fit of {@link fitWearOut}. */
export interface WearOutFit {
  params: WearOutParams;
  /** Binomial log-likelihood at the MLE (without the constant term). */
  logLikelihood: number;
  /** Pooled CTR Σy/Σn: the MLE of the flat (no wear-out) model. */
  flatCtr: number;
  /** Binomial log-likelihood of the flat model. */
  flatLogLikelihood: number;
  /** Quasi-binomial dispersion φ ≥ 1 (1 = pure binomial noise). */
  dispersion: number;
  /** Quasi-likelihood-ratio statistic Λ = 2·(ℓ − ℓ_flat)/φ of wear-out against a flat CTR. */
  lrStatistic: number;
  /** P-value of Λ against χ² with 2 degrees of freedom, exp(−Λ/2) (see docs: approximate). */
  pValue: number;
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
 * `covariance: false` skips the observed information (compute it later with {@link wearOutCovariance}).
 */
export function fitWearOut(days: readonly ExposureDay[], options: { covariance?: boolean } = {}): WearOutFit {
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
      theta,
      covariance: null,
    };
  }

  const a = active.map((d) => d.exposureStart / S);
  const w = active.map((d) => (d.exposureEnd - d.exposureStart) / S);
  const g = new Float64Array(active.length);
  let warm: [number, number] = [flatCtr, 0];
  const profile = (u: number) => {
    const K = Math.exp(u);
    for (let t = 0; t < g.length; t++) {
      const kw = K * w[t];
      const decay = Math.exp(-K * a[t]);
      g[t] = kw < 1e-9 ? decay * (1 - kw / 2) : (decay * -Math.expm1(-kw)) / kw;
    }
    const fit = fitLinearBinomial(g, n, y, warm, flatLogLikelihood);
    // Warm start from this solution, on the face β₀ = 0 when the floor came out at zero.
    warm = fit.slope > 0 ? [fit.intercept, fit.slope] : [flatCtr, 0];
    return { u, ...fit };
  };

  let best = profile(DECAY_SCALE_RANGE[0]);
  for (let u = DECAY_SCALE_RANGE[0] + GRID_STEP; u <= DECAY_SCALE_RANGE[1] + 1e-9; u += GRID_STEP) {
    const p = profile(u);
    if (p.logLikelihood > best.logLikelihood) best = p;
  }
  // Brent refinement of the profile on the grid cells either side of the best grid point.
  const lo = Math.max(DECAY_SCALE_RANGE[0], best.u - GRID_STEP);
  const hi = Math.min(DECAY_SCALE_RANGE[1], best.u + GRID_STEP);
  let refined = best;
  brentMinimize(
    (u) => {
      const p = profile(u);
      if (p.logLikelihood > refined.logLikelihood) refined = p;
      return -p.logLikelihood;
    },
    lo,
    hi,
    best.u,
    -best.logLikelihood,
    1e-3,
  );
  best = refined;

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
      theta,
      covariance: null,
    };
  }
  const c0 = best.intercept + best.slope;
  const params: WearOutParams = { initialCtr: c0, floorCtr: best.intercept, decayRate: Math.exp(best.u) / S };
  const theta = [logit(c0), best.intercept > 0 ? logit(best.intercept / c0) : -30, best.u];
  const dispersion = Math.max(1, pearsonChiSquare(params, active) / Math.max(1, active.length - 3));
  const lrStatistic = Math.max(0, (2 * (best.logLikelihood - flatLogLikelihood)) / dispersion);
  const fit: WearOutFit = {
    ...base,
    params,
    logLikelihood: best.logLikelihood,
    dispersion,
    lrStatistic,
    pValue: Math.exp(-lrStatistic / 2),
    theta,
    covariance: null,
  };
  if (options.covariance !== false) fit.covariance = wearOutCovariance(fit, days);
  return fit;
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
