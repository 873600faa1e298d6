import type { DailyMetrics } from '../daily-metrics.ts';

/**
 * Log-linear quasi-Poisson trend of a count with an exposure offset,
 *
 *   y_t ~ quasi-Poisson(μ_t),   ln μ_t = ln offset_t + α + β·(x_t − x̄),
 *
 * fitted by Newton's method (= IRLS for the canonical log link), dispersion φ = Pearson χ²/(m − 2)
 * floored at 1, Var(β̂) = φ·(I⁻¹)_ββ (McCullagh & Nelder, Generalized Linear Models, 2nd ed. 1989,
 * §6.2 log-linear Poisson models with offsets; §9.2 quasi-likelihood, dispersion eq. 9.5). Used for the
 * cost-per-result trend (`cost-trend.ts`) and the daily CTR trend below.
 */

/** Result of {@link fitLogLinearTrend}; α is the level at x̄ (the mean of the x used). */
export interface LogLinearTrend {
  alpha: number;
  beta: number;
  /** Mean of the x values that entered the fit (α is ln rate there). */
  xMean: number;
  /** φ·(I⁻¹)_ββ: quasi-likelihood variance of β̂. */
  betaVariance: number;
  dispersion: number;
  /** Points used (m). */
  points: number;
}

/**
 * Fits the trend to the points with `offset` > 0 (the rest carry no information). Returns null with
 * fewer than 3 such points, no counts, or a singular information matrix (all x equal). Never throws.
 * `x`, `y` (counts ≥ 0) and `offset` (exposure: impressions, spend) have the same length.
 */
export function fitLogLinearTrend(
  x: readonly number[],
  y: readonly number[],
  offset: readonly number[],
): LogLinearTrend | null {
  const xs: number[] = [];
  const ys: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (!(offset[i] > 0)) continue;
    xs.push(x[i]);
    ys.push(y[i]);
    off.push(Math.log(offset[i]));
  }
  const m = xs.length;
  const total = ys.reduce((s, v) => s + v, 0);
  if (m < 3 || !(total > 0)) return null;
  const xMean = xs.reduce((s, v) => s + v, 0) / m;
  const xc = xs.map((v) => v - xMean);
  const exposure = off.reduce((s, v) => s + Math.exp(v), 0);
  let alpha = Math.log(total / exposure);
  let beta = 0;
  let info = [0, 0, 0];
  for (let iter = 0; iter < 50; iter++) {
    let s0 = 0;
    let s1 = 0;
    info = [0, 0, 0];
    for (let t = 0; t < m; t++) {
      const mu = Math.exp(off[t] + alpha + beta * xc[t]);
      s0 += ys[t] - mu;
      s1 += (ys[t] - mu) * xc[t];
      info[0] += mu;
      info[1] += mu * xc[t];
      info[2] += mu * xc[t] * xc[t];
    }
    const det = info[0] * info[2] - info[1] * info[1];
    if (!(det > 0)) return null;
    const da = (info[2] * s0 - info[1] * s1) / det;
    const db = (info[0] * s1 - info[1] * s0) / det;
    alpha += da;
    beta += db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  let pearson = 0;
  for (let t = 0; t < m; t++) {
    const mu = Math.exp(off[t] + alpha + beta * xc[t]);
    pearson += (ys[t] - mu) ** 2 / mu;
  }
  const dispersion = Math.max(1, pearson / Math.max(1, m - 2));
  const det = info[0] * info[2] - info[1] * info[1];
  if (!(det > 0) || !Number.isFinite(alpha + beta)) return null;
  return { alpha, beta, xMean, betaVariance: (dispersion * info[0]) / det, dispersion, points: m };
}

/** Minimum clicks over an ad's life before its daily CTR trend is fitted. */
export const MIN_TREND_CLICKS = 20;

/** The daily CTR trend of one ad (see {@link dailyCtrTrend}). */
export interface DailyCtrTrend {
  /** β: change of ln CTR per day of age (−0.01 ≈ −1 % a day). */
  slope: number;
  /** Quasi-likelihood variance of β̂ (per day²). */
  slopeVariance: number;
  /** CTR (fraction) of the fitted trend at age `meanAge`. */
  levelCtr: number;
  meanAge: number;
  /** Impression-weighted mean age (days) of the baseline window: where the fitted baseline sits. */
  baselineAge: number;
  /** Age (days since the first day with impressions) of the last day. */
  age: number;
  dispersion: number;
  activeDays: number;
  clicks: number;
}

/**
 * Daily CTR trend of an ad: clicks_t ~ quasi-Poisson(impressions_t · e^(α + β·t)), t the age in days
 * (the Poisson limit of the binomial, CTR ≪ 1). It is the floor-zero wear-out curve on the age axis:
 * c₀·e^(−k·E) with exposure growing at a steady pace p is e^(ln c₀ − k·p·t), so β = −k·p.
 * `life` holds consecutive calendar days from the first day with impressions; clicks are capped at
 * impressions. Returns null with fewer than `minActiveDays` days with impressions, fewer than
 * {@link MIN_TREND_CLICKS} clicks, or a degenerate fit. Never throws.
 */
export function dailyCtrTrend(
  life: readonly DailyMetrics[],
  baselineDays: number,
  minActiveDays: number,
): DailyCtrTrend | null {
  const x = life.map((_, i) => i);
  const n = life.map((p) => p.impressions);
  const y = life.map((p) => Math.min(p.clicks, p.impressions));
  const activeDays = n.filter((v) => v > 0).length;
  const clicks = y.reduce((s, v) => s + v, 0);
  if (activeDays < minActiveDays || clicks < MIN_TREND_CLICKS) return null;
  const fit = fitLogLinearTrend(x, y, n);
  if (fit === null) return null;
  let bn = 0;
  let bt = 0;
  for (let i = 0; i < Math.min(baselineDays, life.length); i++) {
    bn += n[i];
    bt += n[i] * i;
  }
  return {
    slope: fit.beta,
    slopeVariance: fit.betaVariance,
    levelCtr: Math.exp(fit.alpha),
    meanAge: fit.xMean,
    baselineAge: bn > 0 ? bt / bn : 0,
    age: life.length - 1,
    dispersion: fit.dispersion,
    activeDays,
    clicks,
  };
}
