/**
 * The sum of squared one-step errors of an additive-error ETS model with the seed state x_0
 * concentrated out, for fixed smoothing parameters.
 *
 * Hyndman, Koehler, Ord & Snyder, "Forecasting with Exponential Smoothing: The State Space Approach"
 * (2008), ch. 3 and 5: in the linear innovations model x_t = F x_{t−1} + g ε_t, y_t = w′x_{t−1} + ε_t
 * the errors satisfy ε_t = y_t − w′D^{t−1}… with D = F − g w′, so they are affine in x_0 and the
 * x_0 that minimises the SSE is an ordinary least-squares solution. We write e(θ) = e₀ + Σ θ_j u_j,
 * where e₀ are the errors from a rough seed and u_j the zero-data responses to the free seed
 * directions (level, trend, and m − 1 sum-to-zero seasonal directions), and solve the normal
 * equations G₁₁ θ = −G₁₀ of their Gram matrix G; the minimum is SSE = G₀₀ + θ·G₁₀.
 *
 * The zero-data response to a unit seasonal seed at position j equals the response r at position 0
 * delayed by j steps (the recursion only reads that seed at step j), so one recursion plus lagged
 * products give all seasonal columns: u_j(t) = r(t − j) − r(t − m + 1).
 */
import { type EtsParams, type EtsSpec, type EtsState, trendFactor } from './ets-model.ts';

/** Result of a profiler call: minimum SSE and the seed correction θ (level, trend, seasonal 0..m−2). */
export interface ProfiledSse {
  sse: number;
  theta: Float64Array;
}

/**
 * Builds `(params) → {sse, theta}` for one series (`y`, length n) and model, with all work buffers
 * allocated once (the optimiser calls it hundreds of times). `seed0` is the rough seed the correction
 * θ is relative to. The returned `theta` buffer is reused between calls: copy it to keep it.
 */
export function makeProfiler(
  y: Float64Array,
  spec: EtsSpec,
  m: number,
  seed0: EtsState,
): (params: EtsParams) => ProfiledSse {
  const n = y.length;
  const hasTrend = spec.trend !== 'N';
  const sm = spec.season === 'A' ? m : 0;
  const nd = hasTrend ? 3 : 2; // direct columns: data, level, (trend)
  const cols = nd + (sm > 0 ? 1 : 0); // + the seasonal unit response
  const p = nd - 1 + (sm > 0 ? sm - 1 : 0);
  const err = new Float64Array(cols * n);
  const lev = new Float64Array(cols);
  const tr = new Float64Array(cols);
  const sea = new Float64Array(cols * Math.max(sm, 1));
  const cross = new Float64Array(nd * Math.max(sm, 1));
  const lag = new Float64Array(Math.max(sm, 1) * Math.max(sm, 1));
  const a = new Float64Array(p * p);
  const r = new Float64Array(p);
  const chol = new Float64Array(p * p);
  const z = new Float64Array(p);
  const theta = new Float64Array(p);
  const sc = nd; // column index of the seasonal unit response

  return (params: EtsParams): ProfiledSse => {
    const { alpha, beta, gamma } = params;
    const tf = trendFactor(spec, params.phi);
    lev.fill(0);
    tr.fill(0);
    sea.fill(0);
    lev[0] = seed0.level;
    tr[0] = seed0.trend;
    for (let k = 0; k < sm; k++) sea[k] = seed0.season[k];
    lev[1] = 1;
    if (hasTrend) tr[2] = 1;
    if (sm > 0) sea[sc * sm] = 1;
    // Without a season: one seasonal slot that stays 0 (a zero seed and γ = 0).
    recurseErrors(y, err, lev, tr, sea, cols, Math.max(sm, 1), alpha, beta, sm > 0 ? gamma : 0, tf);
    for (let i = 1; i < nd; i++) {
      r[i - 1] = -dot(err, n, i, 0);
      for (let j = 1; j <= i; j++) a[(i - 1) * p + j - 1] = a[(j - 1) * p + i - 1] = dot(err, n, i, j);
    }
    if (sm > 0) fillSeasonal(err, n, nd, sc, sm, cross, lag, a, r, p);
    solveSpd(a, r, p, chol, z, theta);
    let sse = dot(err, n, 0, 0);
    for (let i = 0; i < p; i++) sse -= theta[i] * r[i];
    return { sse, theta };
  };
}

/** Σ_t err_i(t) err_j(t) of columns i and j (each n long) of `err`. */
function dot(err: Float64Array, n: number, i: number, j: number): number {
  let s = 0;
  const a = i * n;
  const b = j * n;
  for (let t = 0; t < n; t++) s += err[a + t] * err[b + t];
  return s;
}

/**
 * The one-step errors of the data (column 0) and of the zero-data responses (columns 1 … cols − 1)
 * through the recursion with season length m, into `err` (column-major, n per column); `lev`, `tr`
 * and `sea` hold each column's seed and are left at its final state. Written per column, with no branch in the
 * loop over days: the optimiser runs this hundreds of times per fit.
 */
function recurseErrors(
  y: Float64Array,
  err: Float64Array,
  lev: Float64Array,
  tr: Float64Array,
  sea: Float64Array,
  cols: number,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  tf: number,
): void {
  const n = y.length;
  for (let c = 0; c < cols; c++) {
    let l = lev[c];
    let b = tr[c];
    const off = c * m;
    const out = c * n;
    let pos = 0;
    for (let t = 0; t < n; t++) {
      const base = l + tf * b;
      const s = sea[off + pos];
      const e = (c === 0 ? y[t] : 0) - base - s;
      err[out + t] = e;
      l = base + alpha * e;
      b = tf * b + beta * e;
      sea[off + pos] = s + gamma * e;
      pos = pos + 1 === m ? 0 : pos + 1;
    }
    lev[c] = l;
    tr[c] = b;
  }
}

/** Fills the seasonal rows of the normal equations from cross and lagged products (see file comment). */
function fillSeasonal(
  err: Float64Array,
  n: number,
  nd: number,
  sc: number,
  m: number,
  cross: Float64Array,
  lag: Float64Array,
  a: Float64Array,
  r: Float64Array,
  p: number,
): void {
  const rs = sc * n;
  // cross[x·m + j] = Σ_t direct_x(t) r(t − j)
  for (let x = 0; x < nd; x++) {
    const xs = x * n;
    for (let j = 0; j < m; j++) {
      let s = 0;
      const lagged = rs - j;
      for (let t = j; t < n; t++) s += err[xs + t] * err[lagged + t];
      cross[x * m + j] = s;
    }
  }
  // lag[i·m + j] = Σ_t r(t − i) r(t − j) = Σ_{k=0}^{n−1−j} r(k + j − i) r(k) for i ≤ j.
  for (let d = 0; d < m; d++) {
    let acc = 0;
    let k = 0;
    for (let j = m - 1; j >= d; j--) {
      const upTo = n - 1 - j;
      for (; k <= upTo; k++) acc += err[rs + k + d] * err[rs + k];
      const i = j - d;
      lag[i * m + j] = acc;
      lag[j * m + i] = acc;
    }
  }
  const last = m - 1;
  const off = nd - 1;
  for (let j = 0; j < m - 1; j++) {
    r[off + j] = -(cross[j] - cross[last]);
    for (let x = 1; x < nd; x++) {
      const v = cross[x * m + j] - cross[x * m + last];
      a[(x - 1) * p + off + j] = v;
      a[(off + j) * p + x - 1] = v;
    }
    for (let i = 0; i <= j; i++) {
      const v = lag[i * m + j] - lag[i * m + last] - lag[last * m + j] + lag[last * m + last];
      a[(off + i) * p + off + j] = v;
      a[(off + j) * p + off + i] = v;
    }
  }
}

/** Solves A θ = r (A: p×p symmetric PSD, row-major) by Cholesky with a tiny ridge, into `theta`. */
function solveSpd(
  a: Float64Array,
  r: Float64Array,
  p: number,
  l: Float64Array,
  z: Float64Array,
  theta: Float64Array,
): void {
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, a[i * p + i]);
  const ridge = 1e-12 * (maxDiag || 1);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j] + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = i === j ? Math.sqrt(Math.max(s, ridge)) : s / l[j * p + j];
    }
  }
  for (let i = 0; i < p; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * z[k];
    z[i] = s / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * theta[k];
    theta[i] = s / l[i * p + i];
  }
}
