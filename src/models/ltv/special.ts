/**
 * Special functions for the customer-lifetime models (BG/NBD, Gamma-Gamma), from stdlib
 * (@stdlib/math-base-special-*, a maintained numerics library; their docs cite the algorithms —
 * gammaln follows Cephes/FreeBSD `lgamma`, hyp2f1 the Cephes implementation):
 *
 * - `lgamma(x)`: ln |Γ(x)|; +∞ at the poles 0, −1, −2, …
 * - `logBeta(a, b)`: ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b), for a, b > 0.
 * - `logGammaRatio(z, d)`: ln Γ(z + d) − ln Γ(z), without cancellation for large z.
 * - `hyp2f1(a, b, c, z)`: the Gauss hypergeometric function 2F1(a, b; c; z) (Abramowitz & Stegun
 *   15.1.1). BG/NBD (FHL 2005 eq. 10) needs it only for 0 ≤ z < 1; outside |z| < 1 we throw
 *   `RangeError` rather than rely on analytic continuation.
 */
import gammaln from '@stdlib/math-base-special-gammaln';
import stdlibHyp2f1 from '@stdlib/math-base-special-hyp2f1';

/** Natural log of |Γ(x)|. */
export function lgamma(x: number): number {
  return gammaln(x);
}

/** ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b), for a, b > 0. */
export function logBeta(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/** Where {@link logGammaRatio} switches from lgamma's difference to Stirling's series. */
const STIRLING_FROM = 100;

/**
 * ln Γ(z + d) − ln Γ(z) for z > 0, d ≥ 0. For z < 100 the difference of `lgamma`s; from 100 on,
 * Stirling's series for both (Abramowitz & Stegun 6.1.41, terms to 1/(1260 x⁵), truncation error
 * < 1/(1680 x⁷) < 1e-17) written as (z − ½)·ln(1 + d/z) + d·ln(z + d) − d + the correction terms'
 * difference, so that no number of the size of ln Γ(z) is formed: at z = 10⁶ the difference of
 * `lgamma`s loses 7 of its 16 digits to cancellation.
 */
export function logGammaRatio(z: number, d: number): number {
  if (z < STIRLING_FROM) return gammaln(z + d) - gammaln(z);
  const w = z + d;
  const correction = (x: number): number => {
    const x2 = x * x;
    return (1 / 12 - (1 / 360 - 1 / (1260 * x2)) / x2) / x;
  };
  return (z - 0.5) * Math.log1p(d / z) + d * Math.log(w) - d + correction(w) - correction(z);
}

/** Most terms {@link gaussSeries} sums before giving up. */
const SERIES_TERMS = 100_000;

/**
 * The Gauss series Σₖ (a)ₖ(b)ₖ/((c)ₖ k!) zᵏ (Abramowitz & Stegun 15.1.1), summed term by term with
 * the ratio (a+k)(b+k)z/((c+k)(k+1)) until a term no longer changes the sum; NaN if it has not
 * settled after {@link SERIES_TERMS} terms or overflows.
 */
function gaussSeries(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < SERIES_TERMS; k++) {
    term *= ((a + k) * (b + k) * z) / ((c + k) * (k + 1));
    sum += term;
    if (!Number.isFinite(sum)) return Number.NaN;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && k > Math.abs(a * z)) return sum;
  }
  return Number.NaN;
}

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for |z| < 1. Where the library has no finite value
 * (it overflows once a exceeds about 2·10⁴, as BG/NBD's r + x does when a workspace's purchases
 * look like a Poisson process without heterogeneity: r and α grow together), the Gauss series is
 * summed directly; it converges for |z| < 1, quickly when |a·z| is moderate, which r·t/(α+T+t) is
 * there. Throws `RangeError` outside |z| < 1, when c is a non-positive integer, or when neither gives
 * a finite value.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1: needs |z| < 1, got z=${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError('hyp2f1: c must not be a non-positive integer');
  const v = stdlibHyp2f1(a, b, c, z);
  if (Number.isFinite(v)) return v;
  const series = gaussSeries(a, b, c, z);
  if (!Number.isFinite(series)) throw new RangeError(`hyp2f1: no finite value at (${a}, ${b}, ${c}, ${z})`);
  return series;
}
