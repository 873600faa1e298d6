/**
 * Derivative-free minimiser: the downhill simplex method of J. A. Nelder & R. Mead, "A Simplex Method
 * for Function Minimization", The Computer Journal 7(4) (1965) 308–313, with the standard coefficients
 * reflection 1, expansion 2, contraction 0.5, shrink 0.5 (the form in Lagarias et al., SIAM J. Optim.
 * 9 (1998) 112–147, which uses inside and outside contractions).
 *
 * Used with parameters in log space so that positive model parameters stay positive.
 */

/** Options for {@link nelderMead}. */
export interface NelderMeadOptions {
  /** Initial simplex edge, per coordinate or for all (default 0.5 in each coordinate's unit). */
  step?: number | number[];
  /** Stop when max |f_i − f_best| over the simplex ≤ this (default 1e-10). */
  fTolerance?: number;
  /** … and when max coordinate distance to the best vertex ≤ this (default 1e-8). */
  xTolerance?: number;
  /** Iteration cap (default 5000 × dimension). */
  maxIterations?: number;
  /** Restarts from the best point with a fresh simplex, to guard against collapse (default 2). */
  restarts?: number;
  /**
   * Stall rule (off by default): a run also stops once its best value has gained less than
   * `stallTolerance` over the last `stallIterations` iterations. For objectives that have no finite
   * minimiser or whose last digits are rounding noise (a likelihood rising towards a limit as
   * parameters go to infinity), where the simplex would otherwise wander until `maxIterations`.
   */
  stallIterations?: number;
  /** Gain in the best value that counts as progress for the stall rule (default `fTolerance`). */
  stallTolerance?: number;
}

/**
 * Result of {@link nelderMead}: best point, its value, iterations used, whether the tolerances were met
 * (`converged`) or the last run stopped by the stall rule (`stalled`; `converged` is then false).
 */
export interface NelderMeadResult {
  x: number[];
  fx: number;
  iterations: number;
  converged: boolean;
  stalled: boolean;
}

/**
 * The stall rule for maximum-likelihood fits (the objective is −ln L in nats): stop a run after 200
 * iterations that gained less than 0.001 nats together. Twice that gain, the likelihood-ratio
 * statistic of moving on, is 0.002 against 3.84 for χ²₁ at 95 %: the points the simplex could still
 * reach are indistinguishable from its best. Without it, a likelihood that keeps rising towards a
 * limit (the Gamma-Gamma model when each customer always spends the same) kept the simplex wandering
 * in its rounding noise to `maxIterations`: 2.5–7.4 s for 2,000 customers, against 0.05–0.2 s with
 * the rule. The BG/NBD fit uses it too, as a guard; on CDNOW both fits are unchanged.
 */
export const LIKELIHOOD_STALL = { stallIterations: 200, stallTolerance: 1e-3 } as const;

const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/**
 * Minimises `f` from `x0`. Non-finite values of `f` are treated as +∞ (the simplex moves away from
 * them), so the objective may return `NaN`/`Infinity` outside its domain. A run ends when the
 * simplex's values are within `fTolerance` and its vertices within `xTolerance` of the best (both, as
 * in Lagarias et al.), at `maxIterations`, or by the stall rule when it is set; then a restart from
 * the best point follows, and the restarts end early once one neither improves on the best nor runs
 * out of iterations.
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  opts: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const fTol = opts.fTolerance ?? 1e-10;
  const xTol = opts.xTolerance ?? 1e-8;
  const maxIter = opts.maxIterations ?? 5000 * n;
  const restarts = opts.restarts ?? 2;
  const steps = Array.isArray(opts.step) ? opts.step : new Array<number>(n).fill(opts.step ?? 0.5);
  const g = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  const stop: Stop = {
    fTol,
    xTol,
    maxIter,
    stallIter: opts.stallIterations ?? Number.POSITIVE_INFINITY,
    stallTol: opts.stallTolerance ?? fTol,
  };
  let best: NelderMeadResult = {
    x: x0.slice(),
    fx: g(x0),
    iterations: 0,
    converged: false,
    stalled: false,
  };
  for (let round = 0; round <= restarts; round++) {
    const run = simplexRun(g, best.x, steps, stop);
    const improved = run.fx < best.fx - fTol;
    best = { ...run, iterations: best.iterations + run.iterations };
    if (round > 0 && !improved && (run.converged || run.stalled)) break;
  }
  return best;
}

interface Stop {
  fTol: number;
  xTol: number;
  maxIter: number;
  stallIter: number;
  stallTol: number;
}

function simplexRun(g: (x: number[]) => number, x0: number[], steps: number[], stop: Stop): NelderMeadResult {
  const { fTol, xTol, maxIter } = stop;
  const n = x0.length;
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += steps[i] ?? 0.5;
    pts.push(p);
  }
  const vals = pts.map(g);
  const order = pts.map((_, i) => i);
  const along = (c: number[], w: number[], t: number): number[] => c.map((ci, j) => ci + t * (w[j] - ci));

  let iter = 0;
  let progressValue = Number.POSITIVE_INFINITY;
  let progressIter = 0;
  for (; iter < maxIter; iter++) {
    order.sort((i, j) => vals[i] - vals[j]);
    const bi = order[0];
    const wi = order[n];
    const si = order[n - 1];
    if (vals[bi] < progressValue - stop.stallTol) {
      progressValue = vals[bi];
      progressIter = iter;
    } else if (iter - progressIter >= stop.stallIter)
      return { x: pts[bi], fx: vals[bi], iterations: iter, converged: false, stalled: true };
    let fSpread = 0;
    let xSpread = 0;
    for (const i of order) {
      fSpread = Math.max(fSpread, Math.abs(vals[i] - vals[bi]));
      for (let j = 0; j < n; j++) xSpread = Math.max(xSpread, Math.abs(pts[i][j] - pts[bi][j]));
    }
    if (fSpread <= fTol && xSpread <= xTol)
      return { x: pts[bi], fx: vals[bi], iterations: iter, converged: true, stalled: false };

    const centroid = new Array<number>(n).fill(0);
    for (const i of order.slice(0, n)) for (let j = 0; j < n; j++) centroid[j] += pts[i][j] / n;
    const worst = pts[wi];
    const xr = along(centroid, worst, -REFLECT);
    const fr = g(xr);
    if (fr < vals[bi]) {
      const xe = along(centroid, worst, -EXPAND);
      const fe = g(xe);
      if (fe < fr) [pts[wi], vals[wi]] = [xe, fe];
      else [pts[wi], vals[wi]] = [xr, fr];
      continue;
    }
    if (fr < vals[si]) {
      [pts[wi], vals[wi]] = [xr, fr];
      continue;
    }
    // Outside contraction if the reflection beat the worst point, otherwise inside contraction.
    const outside = fr < vals[wi];
    const xc = outside ? along(centroid, worst, -CONTRACT) : along(centroid, worst, CONTRACT);
    const fc = g(xc);
    if (fc < (outside ? fr : vals[wi])) {
      [pts[wi], vals[wi]] = [xc, fc];
      continue;
    }
    for (const i of order.slice(1)) {
      pts[i] = along(pts[bi], pts[i], SHRINK);
      vals[i] = g(pts[i]);
    }
  }
  order.sort((i, j) => vals[i] - vals[j]);
  return { x: pts[order[0]], fx: vals[order[0]], iterations: iter, converged: false, stalled: false };
}
