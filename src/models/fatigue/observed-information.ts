/**
 * Numerical observed information and its inverse, for Wald/delta-method intervals
 * (Y. Pawitan, In All Likelihood, 2001, §2.7 and §4.7 — observed Fisher information; the inverse of
 * the Hessian of the negative log-likelihood estimates the covariance of the MLE).
 */

/**
 * Hessian of `f` at `x` over the coordinates `coords` (central second differences with step `h` in
 * each coordinate's unit). Returns an m×m matrix, m = `coords.length`.
 */
export function numericalHessian(
  f: (x: number[]) => number,
  x: readonly number[],
  coords: readonly number[],
  h = 1e-3,
): number[][] {
  const m = coords.length;
  const at = (i: number, j: number, si: number, sj: number): number => {
    const t = x.slice();
    t[coords[i]] += si * h;
    t[coords[j]] += sj * h;
    return f(t);
  };
  const f0 = f(x.slice());
  const H: number[][] = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let i = 0; i < m; i++) {
    H[i][i] = (at(i, i, 1, 0) - 2 * f0 + at(i, i, -1, 0)) / (h * h);
    for (let j = 0; j < i; j++) {
      const v = (at(i, j, 1, 1) - at(i, j, 1, -1) - at(i, j, -1, 1) + at(i, j, -1, -1)) / (4 * h * h);
      H[i][j] = v;
      H[j][i] = v;
    }
  }
  return H;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky; `null` when not positive definite. */
export function invertSpd(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return null;
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    const z = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
      z[i] = s / L[i][i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < n; k++) s -= L[k][i] * inv[k][c];
      inv[i][c] = s / L[i][i];
    }
  }
  return inv;
}

/** Variance gradᵀ·Σ·grad of a scalar function of the parameters (first-order delta method). */
export function deltaMethodVariance(grad: readonly number[], cov: readonly (readonly number[])[]): number {
  let v = 0;
  for (let i = 0; i < grad.length; i++)
    for (let j = 0; j < grad.length; j++) v += grad[i] * cov[i][j] * grad[j];
  return v;
}
