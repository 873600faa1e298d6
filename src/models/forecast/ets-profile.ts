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
import { lagProducts, WEEK, weekProducts } from './seasonal-products.ts';

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
  const p = nd - 1 + (sm > 0 ? sm - 1 : 0);
  // Four columns however many the model has (see recurseErrors); unused ones stay 0.
  const err = new Float64Array(LANES * n);
  const lev = new Float64Array(LANES);
  const tr = new Float64Array(LANES);
  const sea = new Float64Array(LANES * Math.max(sm, 1));
  const cross = new Float64Array(nd * Math.max(sm, 1));
  const lag = new Float64Array(Math.max(sm, 1) * Math.max(sm, 1));
  const a = new Float64Array(p * p);
  const r = new Float64Array(p);
  const chol = new Float64Array(p * p);
  const z = new Float64Array(p);
  const theta = new Float64Array(p);
  const gram = new Float64Array(nd * nd);
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
    recurseErrors(y, err, lev, tr, sea, Math.max(sm, 1), alpha, beta, sm > 0 ? gamma : 0, tf);
    directProducts(err, n, nd, gram);
    for (let i = 1; i < nd; i++) {
      r[i - 1] = -gram[i * nd];
      for (let j = 1; j <= i; j++) a[(i - 1) * p + j - 1] = a[(j - 1) * p + i - 1] = gram[i * nd + j];
    }
    if (sm > 0) fillSeasonal(err, n, nd, sc, sm, cross, lag, a, r, p);
    solveSpd(a, r, p, chol, z, theta);
    let sse = gram[0];
    for (let i = 0; i < p; i++) sse -= theta[i] * r[i];
    return { sse, theta };
  };
}

/**
 * gram[i·nd + j] = Σ_t err_i(t) err_j(t) for j ≤ i < nd (nd = 2 or 3: the data and the level and
 * trend responses), all in one pass over the days: each sum is added in day order as a sum per pair
 * would be (the same bits), but the pairs' additions no longer wait for each other.
 */
function directProducts(err: Float64Array, n: number, nd: number, gram: Float64Array): void {
  let s00 = 0;
  let s10 = 0;
  let s11 = 0;
  let s20 = 0;
  let s21 = 0;
  let s22 = 0;
  if (nd === 2) {
    for (let t = 0; t < n; t++) {
      const e0 = err[t];
      const e1 = err[n + t];
      s00 += e0 * e0;
      s10 += e1 * e0;
      s11 += e1 * e1;
    }
  } else {
    for (let t = 0; t < n; t++) {
      const e0 = err[t];
      const e1 = err[n + t];
      const e2 = err[2 * n + t];
      s00 += e0 * e0;
      s10 += e1 * e0;
      s11 += e1 * e1;
      s20 += e2 * e0;
      s21 += e2 * e1;
      s22 += e2 * e2;
    }
  }
  gram[0] = s00;
  gram[nd] = s10;
  gram[nd + 1] = s11;
  if (nd === 3) {
    gram[6] = s20;
    gram[7] = s21;
    gram[8] = s22;
  }
}

/** Columns {@link recurseErrors} runs side by side: the data and up to three zero-data responses. */
const LANES = 4;

/**
 * The one-step errors of the data (column 0) and of the zero-data responses (columns 1 … 3) through
 * the recursion with season length m, into `err` (column-major, n per column); `lev`, `tr` and `sea`
 * hold each column's seed (m slots each in `sea`; 0 for a column the model does not use, which then
 * stays 0) and are left at its final state. The four columns' recursions are independent and run side
 * by side in one pass over the days, so that one column's chain of dependent operations does not
 * wait for the previous column's (each column's arithmetic is unchanged: the same bits as one pass
 * per column, 1.6–2× faster). No branch in the loop: the optimiser runs this hundreds of times per fit.
 */
function recurseErrors(
  y: Float64Array,
  err: Float64Array,
  lev: Float64Array,
  tr: Float64Array,
  sea: Float64Array,
  m: number,
  alpha: number,
  beta: number,
  gamma: number,
  tf: number,
): void {
  const n = y.length;
  let l0 = lev[0];
  let l1 = lev[1];
  let l2 = lev[2];
  let l3 = lev[3];
  let b0 = tr[0];
  let b1 = tr[1];
  let b2 = tr[2];
  let b3 = tr[3];
  let pos = 0;
  for (let t = 0; t < n; t++) {
    const s0 = sea[pos];
    const s1 = sea[m + pos];
    const s2 = sea[2 * m + pos];
    const s3 = sea[3 * m + pos];
    const base0 = l0 + tf * b0;
    const base1 = l1 + tf * b1;
    const base2 = l2 + tf * b2;
    const base3 = l3 + tf * b3;
    const e0 = y[t] - base0 - s0;
    const e1 = 0 - base1 - s1;
    const e2 = 0 - base2 - s2;
    const e3 = 0 - base3 - s3;
    err[t] = e0;
    err[n + t] = e1;
    err[2 * n + t] = e2;
    err[3 * n + t] = e3;
    l0 = base0 + alpha * e0;
    l1 = base1 + alpha * e1;
    l2 = base2 + alpha * e2;
    l3 = base3 + alpha * e3;
    b0 = tf * b0 + beta * e0;
    b1 = tf * b1 + beta * e1;
    b2 = tf * b2 + beta * e2;
    b3 = tf * b3 + beta * e3;
    sea[pos] = s0 + gamma * e0;
    sea[m + pos] = s1 + gamma * e1;
    sea[2 * m + pos] = s2 + gamma * e2;
    sea[3 * m + pos] = s3 + gamma * e3;
    pos = pos + 1 === m ? 0 : pos + 1;
  }
  lev[0] = l0;
  lev[1] = l1;
  lev[2] = l2;
  lev[3] = l3;
  tr[0] = b0;
  tr[1] = b1;
  tr[2] = b2;
  tr[3] = b3;
}

/**
 * Fills the seasonal rows of the normal equations from cross and lagged products (see file comment).
 * A week (m = 7, every daily series) takes {@link weekProducts}: the same sums, added in the same
 * order, so the same bits.
 */
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
  if (m === WEEK && n > WEEK) weekProducts(err, n, nd, sc, cross, lag);
  else lagProducts(err, n, nd, sc, m, cross, lag);
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
