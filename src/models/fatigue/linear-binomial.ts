/**
 * Binomial regression with an identity link and one covariate, p_t = β₀ + β₁·g_t with β₀, β₁ ≥ 0,
 * fitted by maximum likelihood with Newton's method. For a fixed wear-out rate k the wear-out curve is
 * exactly this model (β₀ = c∞, β₁ = c₀ − c∞, g_t the day's mean of exp(−k·E)), and its log-likelihood
 * is concave in β (a sum of logs of affine functions), so Newton with step halving finds the
 * constrained maximum; {@link fitWearOut} then profiles over k (profile likelihood: D. A. Sprott,
 * Statistical Inference in Science, 2000, ch. 4; identity-link binomial models: McCullagh & Nelder,
 * Generalized Linear Models, 2nd ed. 1989, §4.3).
 */

/** Result of {@link fitLinearBinomial}: coefficients and the binomial log-likelihood (no constant). */
export interface LinearBinomialFit {
  intercept: number;
  slope: number;
  logLikelihood: number;
}

/** Binomial log-likelihood of p_t = b0 + b1·g_t; −∞ if some p_t leaves (0, 1) where data forbid it. */
export function linearBinomialLogLikelihood(
  b0: number,
  b1: number,
  g: ArrayLike<number>,
  n: ArrayLike<number>,
  y: ArrayLike<number>,
): number {
  let ll = 0;
  for (let t = 0; t < g.length; t++) {
    const p = b0 + b1 * g[t];
    if (y[t] > 0) {
      if (!(p > 0)) return Number.NEGATIVE_INFINITY;
      ll += y[t] * Math.log(p);
    }
    const m = n[t] - y[t];
    if (m > 0) {
      if (!(p < 1)) return Number.NEGATIVE_INFINITY;
      ll += m * Math.log1p(-p);
    }
  }
  return ll;
}

/**
 * Maximises the log-likelihood over β₀ ≥ 0, β₁ ≥ 0 for days with trials `n` > 0, successes `y` and
 * covariate `g` (same lengths). `start` is a feasible starting point (all p_t in (0, 1)); a start
 * with β₀ = 0 tries the face β₀ = 0 first and keeps it when the KKT condition ∂ℓ/∂β₀ ≤ 0 holds there
 * (enough for a concave ℓ). `flatLogLikelihood`, the value at the pooled rate, may be passed to save a
 * pass. Never throws.
 */
export function fitLinearBinomial(
  g: ArrayLike<number>,
  n: ArrayLike<number>,
  y: ArrayLike<number>,
  start: [number, number],
  flatLogLikelihood?: number,
): LinearBinomialFit {
  let sn = 0;
  let sy = 0;
  let sg = 0;
  for (let t = 0; t < g.length; t++) {
    sn += n[t];
    sy += y[t];
    sg += n[t] * g[t];
  }
  const pooled = sy / sn;
  // Candidates: the flat fit (face β₁ = 0), the face β₀ = 0 and the interior optimum.
  let best: LinearBinomialFit = {
    intercept: pooled,
    slope: 0,
    logLikelihood: flatLogLikelihood ?? linearBinomialLogLikelihood(pooled, 0, g, n, y),
  };
  const tryFace = () => {
    const face = newton(g, n, y, [0, start[0] === 0 ? start[1] : sy / Math.max(sg, 1e-300)], false);
    if (face.slope >= 0 && face.logLikelihood > best.logLikelihood) best = face;
    return face;
  };
  if (start[0] === 0) {
    const face = tryFace();
    if (face.slope >= 0 && face.scoreIntercept <= 0) return best;
  }
  const free = newton(g, n, y, start[0] === 0 ? [pooled, 0] : start, true);
  if (free.intercept >= 0 && free.slope >= 0 && free.logLikelihood > best.logLikelihood) best = free;
  if ((free.intercept < 0 || free.slope < 0) && start[0] !== 0) tryFace();
  const { intercept, slope, logLikelihood } = best;
  return { intercept, slope, logLikelihood };
}

/**
 * Maximises the log-likelihood of p_t = β₁·g_t (the face β₀ = 0) over β₁ ≥ 0 from a feasible `slope`
 * (the floor-zero wear-out model for a fixed k). Never throws.
 */
export function fitThroughOrigin(
  g: ArrayLike<number>,
  n: ArrayLike<number>,
  y: ArrayLike<number>,
  slope: number,
): LinearBinomialFit {
  const { intercept, slope: b1, logLikelihood } = newton(g, n, y, [0, slope], false);
  return { intercept, slope: b1, logLikelihood };
}

/** Scratch for {@link evaluate}: log-likelihood, score (2) and information (3 distinct entries). */
const LL = 0;
const G0 = 1;
const G1 = 2;
const H00 = 3;
const H01 = 4;
const H11 = 5;

/** Log-likelihood, score and observed information of p_t = b0 + b1·g_t in one pass, into `out`. */
function evaluate(
  b0: number,
  b1: number,
  g: ArrayLike<number>,
  n: ArrayLike<number>,
  y: ArrayLike<number>,
  out: Float64Array,
): void {
  out.fill(0);
  for (let t = 0; t < g.length; t++) {
    const p = b0 + b1 * g[t];
    const yt = y[t];
    const m = n[t] - yt;
    let d1 = 0;
    let d2 = 0;
    if (yt > 0) {
      if (!(p > 0)) {
        out[LL] = Number.NEGATIVE_INFINITY;
        return;
      }
      out[LL] += yt * Math.log(p);
      d1 += yt / p;
      d2 += yt / (p * p);
    }
    if (m > 0) {
      if (!(p < 1)) {
        out[LL] = Number.NEGATIVE_INFINITY;
        return;
      }
      const q = 1 - p;
      out[LL] += m * Math.log1p(-p);
      d1 -= m / q;
      d2 += m / (q * q);
    }
    const gt = g[t];
    out[G0] += d1;
    out[G1] += d1 * gt;
    out[H00] += d2;
    out[H01] += d2 * gt;
    out[H11] += d2 * gt * gt;
  }
}

/**
 * Damped Newton ascent over (β₀, β₁), or over β₁ alone with β₀ = 0 when `both` is false, halving the
 * step until the log-likelihood does not decrease; stops when the Newton decrement gᵀH⁻¹g/2 falls
 * below 1e-9 (S. Boyd & L. Vandenberghe, Convex Optimization, 2004, §9.5).
 */
function newton(
  g: ArrayLike<number>,
  n: ArrayLike<number>,
  y: ArrayLike<number>,
  start: [number, number],
  both: boolean,
): LinearBinomialFit & { scoreIntercept: number } {
  let b0 = both ? start[0] : 0;
  let b1 = start[1];
  const cur = new Float64Array(6);
  const next = new Float64Array(6);
  evaluate(b0, b1, g, n, y, cur);
  for (let iter = 0; iter < 50 && Number.isFinite(cur[LL]); iter++) {
    let s0 = 0;
    let s1: number;
    if (both) {
      const det = cur[H00] * cur[H11] - cur[H01] * cur[H01];
      if (!(det > 1e-12 * cur[H00] * cur[H11]) || !Number.isFinite(det)) break;
      s0 = (cur[H11] * cur[G0] - cur[H01] * cur[G1]) / det;
      s1 = (cur[H00] * cur[G1] - cur[H01] * cur[G0]) / det;
    } else s1 = cur[G1] / cur[H11];
    if (!((s0 * cur[G0] + s1 * cur[G1]) / 2 > 1e-9)) break;
    let s = 1;
    evaluate(b0 + s0, b1 + s1, g, n, y, next);
    while (!(next[LL] >= cur[LL]) && s > 1e-8) {
      s /= 2;
      evaluate(b0 + s * s0, b1 + s * s1, g, n, y, next);
    }
    if (!(next[LL] >= cur[LL])) break;
    b0 += s * s0;
    b1 += s * s1;
    cur.set(next);
  }
  return { intercept: b0, slope: b1, logLikelihood: cur[LL], scoreIntercept: cur[G0] };
}
