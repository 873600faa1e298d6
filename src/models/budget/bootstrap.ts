/**
 * Parameter uncertainty of the response curve by a residual bootstrap with circular blocks over days:
 * residuals of the least-squares fit are resampled in blocks of consecutive days (keeping weekly
 * autocorrelation), added back to the fitted values, and the curve is refitted on each resample.
 * Methods: residual bootstrap (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, §9.5);
 * moving blocks (Künsch, "The Jackknife and the Bootstrap for General Stationary Observations",
 * Ann. Statist. 17 (1989) 1217–1241) in the circular form of Politis & Romano, "A Circular
 * Block-Resampling Procedure for Stationary Data" (1992).
 */
import randu from '@stdlib/random-base-randu';
import { type CurveBounds, leastSquaresFit } from './least-squares.ts';
import type { ResponseCurveParams } from './response-curve.ts';

/** A seeded uniform [0, 1) generator (Mersenne Twister, so the stream is fixed across stdlib versions). */
export function seededUniform(seed: number): () => number {
  return randu.factory({ name: 'mt19937', seed: Math.max(1, Math.floor(seed)) >>> 0 }) as () => number;
}

/**
 * One circular-block resample of `residuals` (same length): blocks of `blockLength` consecutive days
 * starting at uniform random days, wrapping at the end.
 */
export function circularBlockResample(
  residuals: readonly number[],
  blockLength: number,
  uniform: () => number,
): number[] {
  const n = residuals.length;
  const b = Math.max(1, Math.min(n, Math.floor(blockLength)));
  const out: number[] = [];
  while (out.length < n) {
    const start = Math.floor(uniform() * n);
    for (let k = 0; k < b && out.length < n; k++) out.push(residuals[(start + k) % n]);
  }
  return out;
}

/**
 * Bootstrap draws of the curve parameters.
 *
 * @param spend daily spend (minor units); `fitted`, `y` the fitted and observed outcome per day
 * @param z0 transformed optimum of the point fit, the warm start of every refit
 * @param opts draws (count), blockLength (days), seed, intercept
 * @returns `draws` parameter sets, in draw order (deterministic for a given seed)
 */
export function bootstrapCurve(
  spend: readonly number[],
  y: readonly number[],
  fitted: readonly number[],
  bounds: CurveBounds,
  z0: number[],
  opts: { draws: number; blockLength: number; seed: number; intercept: boolean },
): ResponseCurveParams[] {
  const resid = y.map((v, t) => v - fitted[t]);
  const mean = resid.reduce((s, v) => s + v, 0) / Math.max(1, resid.length);
  const centered = resid.map((v) => v - mean);
  const uniform = seededUniform(opts.seed);
  const out: ResponseCurveParams[] = [];
  for (let d = 0; d < opts.draws; d++) {
    const e = circularBlockResample(centered, opts.blockLength, uniform);
    const yStar = fitted.map((f, t) => f + e[t]);
    // One warm-started simplex with looser tolerances: draws need ~3 significant digits, not 8.
    const r = leastSquaresFit(spend, yStar, bounds, {
      intercept: opts.intercept,
      starts: [z0],
      restarts: 0,
      fTolerance: 1e-8,
      xTolerance: 1e-3,
    });
    out.push(r.params);
  }
  return out;
}
