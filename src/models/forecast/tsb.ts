/**
 * Intermittent-demand forecasts by the method of R. H. Teunter, A. A. Syntetos & M. Z. Babai,
 * "Intermittent demand: Linking forecasting to inventory obsolescence", European Journal of
 * Operational Research 214(3) (2011) 606–615 (TSB): the probability that a day has any demand is
 * smoothed every day, p ← p + β(1{y>0} − p), the size of non-zero days only when one occurs,
 * z ← z + α(y − z); the forecast for every future day is p·z. Unlike Croston's method, p decays
 * through a run of empty days, so a creative that stopped converting is forecast towards zero.
 *
 * α and β are chosen on a grid by the in-sample one-step mean squared error, as the paper does.
 * Prediction intervals are our construction: a future day is 0 with probability 1 − p, else a size
 * drawn from the history's non-zero values rescaled to mean z (the empirical size distribution), and
 * the bands are that mixture's quantiles; parameter uncertainty is not included.
 */

/** Smoothing constants tried for the size (α) and the demand probability (β). */
const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.5] as const;
const BETAS = [0.02, 0.05, 0.1, 0.2, 0.3] as const;

/** A fitted TSB model. */
export interface TsbFit {
  alpha: number;
  beta: number;
  /** Final demand probability per day, 0..1. */
  probability: number;
  /** Final smoothed size of a non-zero day (scale of y). */
  size: number;
  /** One-step-ahead forecasts p·z before each day, length n (the first from the initial state). */
  fitted: number[];
  /** The history's non-zero values, sorted ascending (the empirical size distribution). */
  sizes: number[];
}

interface Pass {
  sse: number;
  p: number;
  z: number;
  fitted: number[];
}

function run(y: readonly number[], alpha: number, beta: number, p0: number, z0: number, keep: boolean): Pass {
  let p = p0;
  let z = z0;
  let sse = 0;
  const fitted: number[] = [];
  for (const v of y) {
    const f = p * z;
    if (keep) fitted.push(f);
    sse += (v - f) ** 2;
    p += beta * ((v > 0 ? 1 : 0) - p);
    if (v > 0) z += alpha * (v - z);
  }
  return { sse, p, z, fitted };
}

/**
 * Fits TSB to `y` (daily values ≥ 0, oldest first, any length ≥ 1). Initial state: p₀ the share of
 * non-zero days, z₀ the mean non-zero value (0 and 0 for an all-zero history, which forecasts 0).
 */
export function fitTsb(y: readonly number[]): TsbFit {
  const sizes = y.filter((v) => v > 0).sort((a, b) => a - b);
  const p0 = y.length > 0 ? sizes.length / y.length : 0;
  const z0 = sizes.length > 0 ? sizes.reduce((s, v) => s + v, 0) / sizes.length : 0;
  let best: { alpha: number; beta: number; sse: number } | undefined;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      const { sse } = run(y, alpha, beta, p0, z0, false);
      if (!best || sse < best.sse) best = { alpha, beta, sse };
    }
  }
  const { alpha, beta } = best ?? { alpha: ALPHAS[0], beta: BETAS[0] };
  const final = run(y, alpha, beta, p0, z0, true);
  return { alpha, beta, probability: final.p, size: final.z, fitted: final.fitted, sizes };
}

/** The `q`-quantile (0..1) of a sorted sample, linear between order statistics (Hyndman & Fan type 7). */
export function sampleQuantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * The `q`-quantile of one future day under `fit`: 0 when q ≤ 1 − p, else the empirical size
 * distribution (rescaled to mean z) at (q − (1 − p)) / p.
 */
export function tsbQuantile(fit: TsbFit, q: number): number {
  const p = fit.probability;
  if (p <= 0 || fit.sizes.length === 0 || q <= 1 - p) return 0;
  const mean = fit.sizes.reduce((s, v) => s + v, 0) / fit.sizes.length;
  const scale = mean > 0 ? fit.size / mean : 1;
  return sampleQuantile(fit.sizes, (q - (1 - p)) / p) * scale;
}
