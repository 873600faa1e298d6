import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

/**
 * Deviance of one count under a binomial or Poisson model, its signed square root, and the inversion
 * used to draw detection bands. McCullagh & Nelder, "Generalized Linear Models", 2nd ed. (1989)
 * (deviance residual r_D = sign(y − μ)·√d; chapter 9, quasi-likelihood: with dispersion φ the scaled
 * deviance is d/φ). The signed root deviance is much closer to N(0, 1) for small counts than the
 * Pearson (Wald) residual, which is what keeps a 3-click day of 40 impressions from looking extreme.
 */

/** Count model: binomial (count out of `trials`) or Poisson (count per unit of exposure). */
export type CountFamily = 'binomial' | 'poisson';

const LN10 = Math.LN10;
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/** x·ln(x/m) with the limit 0 at x = 0. */
function xlogxm(x: number, m: number): number {
  return x > 0 ? x * Math.log(x / m) : 0;
}

/**
 * Unit deviance d(c; μ) of count `c` with mean `mu` (> 0). Binomial with `trials` n (needs c ≤ n and
 * μ < n): 2[c ln(c/μ) + (n − c) ln((n − c)/(n − μ))]; Poisson (or binomial with c > n, which only
 * inconsistent data produce): 2[c ln(c/μ) − (c − μ)].
 */
export function unitDeviance(c: number, mu: number, family: CountFamily, trials: number): number {
  if (family === 'binomial' && c <= trials && mu < trials) {
    return 2 * (xlogxm(c, mu) + xlogxm(trials - c, trials - mu));
  }
  return 2 * (xlogxm(c, mu) - (c - mu));
}

/**
 * The count c on one side of μ where the unit deviance equals `target` (= φ·z*²): the edge of the
 * band of counts a day may show without being flagged. Safeguarded Newton (the deviance is convex in
 * c, so Newton converges monotonically once past the root) with bisection inside a bracket. Written
 * without closures: it runs for every charted day of every ratio metric.
 *
 * @returns 0 / `trials` (binomial) when even the extreme count stays within `target`.
 */
export function devianceBound(
  mu: number,
  target: number,
  family: CountFamily,
  trials: number,
  side: 'lower' | 'upper',
): number {
  const binomial = family === 'binomial' && mu < trials;
  const upper = side === 'upper';
  let lo: number;
  let hi: number;
  if (!upper) {
    if (unitDeviance(0, mu, family, trials) <= target) return 0;
    lo = 0;
    hi = mu;
  } else {
    if (binomial && unitDeviance(trials, mu, family, trials) <= target) return trials;
    // The deviance rises without bound above μ (Poisson): the bracket can stay open on the right.
    lo = mu;
    hi = binomial ? trials : Number.POSITIVE_INFINITY;
  }
  // Start from the normal approximation of the signed root deviance with its skewness term,
  // c ≈ μ + s·σ + (1 − 2p)·s²/6 (s = ±√target), which leaves Newton two or three steps.
  const p = binomial ? mu / trials : 0;
  const s = upper ? Math.sqrt(target) : -Math.sqrt(target);
  let c = mu + s * Math.sqrt(mu * (1 - p)) + ((1 - 2 * p) * target) / 6;
  if (!(c > lo && c < hi)) c = Number.isFinite(hi) ? 0.5 * (lo + hi) : 2 * lo + 1;
  for (let it = 0; it < 60; it++) {
    const a = Math.log(c / mu);
    let v: number;
    let slope: number;
    if (binomial) {
      const b = Math.log((trials - c) / (trials - mu));
      v = 2 * (c * a + (trials - c) * b) - target;
      slope = 2 * (a - b);
    } else {
      v = 2 * (c * a - (c - mu)) - target;
      slope = 2 * a;
    }
    // Keep the bracket: on the lower side the deviance falls with c, on the upper side it rises.
    if (upper === v > 0) hi = c;
    else lo = c;
    let next = slope !== 0 && Number.isFinite(slope) ? c - v / slope : Number.NaN;
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? 0.5 * (lo + hi) : 2 * c + 1;
    // Newton converges quadratically: a step of 1e-5 leaves an error of order 1e-10.
    if (Math.abs(next - c) <= 1e-5 * (1 + c)) return next;
    c = next;
  }
  return c;
}

/**
 * −log₁₀ of the normal tail probability P(Z > x) for x ≥ 0 (one tail), exact through the normal CDF
 * up to x = 30 and by the Mills-ratio asymptote beyond (Abramowitz & Stegun 26.2.12), so scores stay
 * finite for any z.
 */
export function negLog10NormalTail(x: number): number {
  if (x < 30) return -Math.log10(normalCdf(-x, 0, 1));
  return (0.5 * x * x + Math.log(x) + HALF_LN_2PI) / LN10;
}
