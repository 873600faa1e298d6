/**
 * Least-squares core of the response-curve fit. The model E[y_t] = baseline + β·hill(adstock_t; α, γ)
 * is linear in (baseline, β) once (θ, α, γ) are fixed, so those two are solved in closed form with
 * non-negativity (variable projection: Golub & Pereyra, "The Differentiation of Pseudo-Inverses and
 * Nonlinear Least Squares Problems Whose Variables Separate", SIAM J. Numer. Anal. 10 (1973) 413–432)
 * and only (θ, α, γ) are searched, by Nelder–Mead over the bounded transform of MINUIT
 * (James & Roos, "Minuit — a system for function minimization", Comput. Phys. Commun. 10 (1975) 343):
 * fraction = (1 + sin z)/2, which reaches a bound at a finite z so the simplex cannot drift away.
 * The Gaussian least-squares criterion is the likelihood of Jin et al. (2017, eq. 4) and of Meridian's
 * normal model, and the criterion of Robyn's ridge regression without the penalty.
 */
import { nelderMead } from '../ltv/nelder-mead.ts';
import type { ResponseCurveParams } from './response-curve.ts';

/** Box bounds of the non-linear parameters; γ in minor units of daily spend. */
export interface CurveBounds {
  theta: [number, number];
  alpha: [number, number];
  gamma: [number, number];
}

/** Which bound a parameter ended on (within 1% of its transformed range), if any. */
export type BoundHit = 'lower' | 'upper' | null;

/** Result of {@link leastSquaresFit}: best parameters, fitted values and diagnostics. */
export interface LeastSquaresResult {
  params: ResponseCurveParams;
  /** Fitted E[y_t], outcome units per day. */
  fitted: number[];
  /** Residual sum of squares (outcome units²). */
  sse: number;
  /** Nelder–Mead iterations summed over starts. */
  iterations: number;
  atBound: { theta: BoundHit; alpha: BoundHit; gamma: BoundHit };
  /** Transformed coordinates of the optimum (a warm start for bootstrap refits). */
  z: number[];
}

/** Fraction of the bound interval for a transformed coordinate. */
const frac = (z: number): number => (1 + Math.sin(z)) / 2;

/** Maps unconstrained z = (u, v, w) to (θ, α, γ) via fraction (1 + sin z)/2: θ, α linear; γ log-linear. */
export function fromZ(z: readonly number[], b: CurveBounds): { theta: number; alpha: number; gamma: number } {
  const lg = Math.log(b.gamma[0]);
  return {
    theta: b.theta[0] + (b.theta[1] - b.theta[0]) * frac(z[0]),
    alpha: b.alpha[0] + (b.alpha[1] - b.alpha[0]) * frac(z[1]),
    gamma: Math.exp(lg + (Math.log(b.gamma[1]) - lg) * frac(z[2])),
  };
}

/** Sums of h that the closed-form linear solve needs; y is centred (Σy = 0 after subtracting ȳ). */
interface HillSums {
  n: number;
  sh: number;
  shh: number;
  /** Σ h·(y − ȳ). */
  shy: number;
  /** Σ (y − ȳ)². */
  tss: number;
  /** ȳ. */
  ybar: number;
}

/**
 * Non-negative least squares of y on (1, h) (or on h alone without intercept) from sums, closed form:
 * the unconstrained OLS solution when feasible, else the better of the boundaries baseline = 0 and
 * β = 0. SSE(β, b) = TSS − 2β·Σh·yc + β²·Σh² + 2β·c·Σh + n·c², with c = b − ȳ and yc = y − ȳ.
 */
export function solveLinear(
  s: HillSums,
  intercept: boolean,
): { beta: number; baseline: number; sse: number } {
  const sse = (beta: number, baseline: number): number => {
    const c = baseline - s.ybar;
    return Math.max(0, s.tss - 2 * beta * s.shy + beta * beta * s.shh + 2 * beta * c * s.sh + s.n * c * c);
  };
  const pick = (beta: number, baseline: number) => ({ beta, baseline, sse: sse(beta, baseline) });
  // Through the origin: β = Σh·y / Σh², with Σh·y = Σh·yc + ȳ·Σh.
  const through0 = () => pick(s.shh > 0 ? Math.max(0, (s.shy + s.ybar * s.sh) / s.shh) : 0, 0);
  if (!intercept) return through0();
  const cHH = s.shh - (s.sh * s.sh) / s.n;
  const beta = cHH > 1e-12 * Math.max(1e-300, s.shh) ? s.shy / cHH : 0;
  const baseline = s.ybar - (beta * s.sh) / s.n;
  if (beta >= 0 && baseline >= 0) return pick(beta, baseline);
  const a = through0();
  const b = pick(0, Math.max(0, s.ybar));
  return a.sse <= b.sse ? a : b;
}

/** One pass: adstock, Hill and the sums of {@link HillSums}; optionally writes h_t into `hOut`. */
function hillSums(
  spend: readonly number[],
  yc: readonly number[],
  ybar: number,
  tss: number,
  p: { theta: number; alpha: number; gamma: number },
  hOut?: number[],
): HillSums {
  const n = spend.length;
  const { theta, alpha, gamma } = p;
  let a = n > 0 ? spend[0] : 0;
  let sh = 0;
  let shh = 0;
  let shy = 0;
  const logGamma = Math.log(gamma);
  for (let t = 0; t < n; t++) {
    a = theta * a + (1 - theta) * spend[t];
    // (γ/a)^α as exp(α·(ln γ − ln a)): about twice as fast as ** in V8 for a fractional α.
    const h = a > 0 ? 1 / (1 + Math.exp(alpha * (logGamma - Math.log(a)))) : 0;
    if (hOut) hOut[t] = h;
    sh += h;
    shh += h * h;
    shy += h * yc[t];
  }
  return { n, sh, shh, shy, tss, ybar };
}

/**
 * Fits (θ, α, γ, β, baseline) by least squares within `bounds`.
 *
 * @param spend daily spend (minor units), oldest first
 * @param y outcome per day, same length
 * @param opts.starts transformed starting points (see {@link fromZ}); the best `maxStarts` of a 4×4×4 grid
 *   are used when omitted
 * @param opts.restarts Nelder–Mead restarts per start (default 1); `opts.intercept` default true
 */
export function leastSquaresFit(
  spend: readonly number[],
  y: readonly number[],
  bounds: CurveBounds,
  opts: {
    intercept?: boolean;
    starts?: number[][];
    maxStarts?: number;
    restarts?: number;
    /** Nelder–Mead tolerance on the objective SSE/TSS (default 1e-9). */
    fTolerance?: number;
    /** Nelder–Mead tolerance on the transformed coordinates, radians (default 1e-4). */
    xTolerance?: number;
  } = {},
): LeastSquaresResult {
  const intercept = opts.intercept ?? true;
  const n = y.length;
  const ybar = y.reduce((acc, v) => acc + v, 0) / n;
  const yc = y.map((v) => v - ybar);
  const tss = yc.reduce((acc, v) => acc + v * v, 0);
  const scale = tss > 0 ? tss : Math.max(1, n * ybar * ybar);
  const objective = (z: number[]): number =>
    solveLinear(hillSums(spend, yc, ybar, tss, fromZ(z, bounds)), intercept).sse / scale;

  let starts = opts.starts;
  if (!starts) {
    const grid: { z: number[]; f: number }[] = [];
    const g = [-1.1, -0.35, 0.35, 1.1]; // fractions ≈ 0.05, 0.33, 0.67, 0.95
    for (const u of g)
      for (const v of g) for (const w of g) grid.push({ z: [u, v, w], f: objective([u, v, w]) });
    grid.sort((a, b) => a.f - b.f);
    starts = grid.slice(0, opts.maxStarts ?? 2).map((s) => s.z);
  }
  let best = { x: starts[0], fx: Number.POSITIVE_INFINITY };
  let iterations = 0;
  for (const z0 of starts) {
    const r = nelderMead(objective, z0, {
      step: 0.5,
      fTolerance: opts.fTolerance ?? 1e-9,
      xTolerance: opts.xTolerance ?? 1e-4,
      maxIterations: 600,
      restarts: opts.restarts ?? 1,
    });
    iterations += r.iterations;
    if (r.fx < best.fx) best = r;
  }
  const nl = fromZ(best.x, bounds);
  const h = new Array<number>(n);
  const lin = solveLinear(hillSums(spend, yc, ybar, tss, nl, h), intercept);
  const params: ResponseCurveParams = { ...nl, beta: lin.beta, baseline: lin.baseline };
  const hit = (zi: number): BoundHit => {
    const s = frac(zi);
    return s < 0.01 ? 'lower' : s > 0.99 ? 'upper' : null;
  };
  return {
    params,
    fitted: h.map((v) => lin.baseline + lin.beta * v),
    sse: lin.sse,
    iterations,
    atBound: { theta: hit(best.x[0]), alpha: hit(best.x[1]), gamma: hit(best.x[2]) },
    z: best.x,
  };
}
