/**
 * One-dimensional minimisation on a bracket by Brent's method: golden-section steps safeguarding
 * successive parabolic interpolation (R. P. Brent, Algorithms for Minimization without Derivatives,
 * Prentice-Hall 1973, ch. 5). Used to refine the wear-out profile likelihood over ln(k·S).
 */

const CGOLD = (3 - Math.sqrt(5)) / 2;

/**
 * Minimises `f` on [lo, hi] from an interior point `x` with known value `fx`, to absolute tolerance
 * `tol` in x (or `maxIter` evaluations). Returns the best point seen and its value. `f` should be
 * unimodal on the bracket; otherwise a local minimum is returned. Never throws.
 */
export function brentMinimize(
  f: (x: number) => number,
  lo: number,
  hi: number,
  x: number,
  fx: number,
  tol = 1e-3,
  maxIter = 30,
): { x: number; fx: number } {
  let a = lo;
  let b = hi;
  let w = x;
  let v = x;
  let fw = fx;
  let fv = fx;
  let d = 0;
  let e = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    const m = (a + b) / 2;
    if (Math.abs(x - m) <= 2 * tol - (b - a) / 2) break;
    let golden = true;
    if (Math.abs(e) > tol) {
      // Parabola through (x, fx), (w, fw), (v, fv); accept its vertex if it falls well inside.
      const r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      else q = -q;
      const previous = e;
      e = d;
      if (Math.abs(p) < Math.abs(0.5 * q * previous) && p > q * (a - x) && p < q * (b - x)) {
        d = p / q;
        const u = x + d;
        if (u - a < 2 * tol || b - u < 2 * tol) d = m >= x ? tol : -tol;
        golden = false;
      }
    }
    if (golden) {
      e = x >= m ? a - x : b - x;
      d = CGOLD * e;
    }
    const u = Math.abs(d) >= tol ? x + d : x + (d >= 0 ? tol : -tol);
    const fu = f(u);
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      [v, fv, w, fw, x, fx] = [w, fw, x, fx, u, fu];
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) [v, fv, w, fw] = [w, fw, u, fu];
      else if (fu <= fv || v === x || v === w) [v, fv] = [u, fu];
    }
  }
  return { x, fx };
}
