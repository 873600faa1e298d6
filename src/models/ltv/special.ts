/**
 * Special functions for the customer-lifetime models (BG/NBD, Gamma-Gamma), from stdlib
 * (@stdlib/math-base-special-*, a maintained numerics library; their docs cite the algorithms —
 * gammaln follows Cephes/FreeBSD `lgamma`, hyp2f1 the Cephes implementation):
 *
 * - `lgamma(x)`: ln |Γ(x)|; +∞ at the poles 0, −1, −2, …
 * - `logBeta(a, b)`: ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b), for a, b > 0.
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

/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for |z| < 1. Throws `RangeError` outside that
 * domain, when c is a non-positive integer, or when the library returns a non-finite value.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(Math.abs(z) < 1)) throw new RangeError(`hyp2f1: needs |z| < 1, got z=${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError('hyp2f1: c must not be a non-positive integer');
  const v = stdlibHyp2f1(a, b, c, z);
  if (!Number.isFinite(v)) throw new RangeError(`hyp2f1: no finite value at (${a}, ${b}, ${c}, ${z})`);
  return v;
}
