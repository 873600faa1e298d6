/**
 * The lagged products of the ETS seed regression's seasonal columns (ets-profile.ts, after Hyndman et
 * al. 2008 ch. 3 and 5): the cross products of the data's and level/trend responses' one-step errors
 * with the seasonal unit response r delayed by 0 … m − 1 days, and r's own lagged products. These
 * sums are the innermost work of every seasonal ETS fit.
 */

/**
 * The products ets-profile.ts's `fillSeasonal` needs, for any season length m:
 * cross[x·m + j] = Σ_t direct_x(t) r(t − j) (x < nd, the data and level/trend responses in `err`'s
 * columns 0 … nd − 1) and lag[i·m + j] = Σ_t r(t − i) r(t − j) (i, j < m), r being `err`'s column
 * `sc`, each sum over the days where both terms exist; one dependent sum per entry.
 */
export function lagProducts(
  err: Float64Array,
  n: number,
  nd: number,
  sc: number,
  m: number,
  cross: Float64Array,
  lag: Float64Array,
): void {
  const rs = sc * n;
  for (let x = 0; x < nd; x++) {
    const xs = x * n;
    for (let j = 0; j < m; j++) {
      let s = 0;
      const lagged = rs - j;
      for (let t = j; t < n; t++) s += err[xs + t] * err[lagged + t];
      cross[x * m + j] = s;
    }
  }
  // lag[i·m + j] = Σ_{k=0}^{n−1−j} r(k + j − i) r(k) for i ≤ j.
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
}

/** The season length {@link weekProducts} is written for (days). */
export const WEEK = 7;

/**
 * {@link lagProducts} for m = 7 (n > 7): one pass over the days per sum family with the seven lags'
 * sums and the last seven responses in registers, instead of a pass per lag whose every addition
 * waits for the one before: about 3× faster on 90 days, and this is the forecast fit's inner loop
 * (over a million calls for a thousand campaigns). Each sum adds the same products in the same
 * order as lagProducts (the terms before a lag's first day are +0), so the results are identical.
 */
export function weekProducts(
  err: Float64Array,
  n: number,
  nd: number,
  sc: number,
  cross: Float64Array,
  lag: Float64Array,
): void {
  const rs = sc * n;
  for (let x = 0; x < nd; x++) {
    const xs = x * n;
    let c0 = 0,
      c1 = 0,
      c2 = 0,
      c3 = 0,
      c4 = 0,
      c5 = 0,
      c6 = 0;
    let r1 = 0,
      r2 = 0,
      r3 = 0,
      r4 = 0,
      r5 = 0,
      r6 = 0;
    for (let t = 0; t < n; t++) {
      const v = err[xs + t];
      const r0 = err[rs + t];
      c0 += v * r0;
      c1 += v * r1;
      c2 += v * r2;
      c3 += v * r3;
      c4 += v * r4;
      c5 += v * r5;
      c6 += v * r6;
      r6 = r5;
      r5 = r4;
      r4 = r3;
      r3 = r2;
      r2 = r1;
      r1 = r0;
    }
    const o = x * WEEK;
    cross[o] = c0;
    cross[o + 1] = c1;
    cross[o + 2] = c2;
    cross[o + 3] = c3;
    cross[o + 4] = c4;
    cross[o + 5] = c5;
    cross[o + 6] = c6;
  }
  // A_d = Σ_{k ≤ K} r(k + d) r(k): the days k ≤ n − 8 count for every d; from k = n − 7 on, day k
  // counts for d ≤ n − 1 − k only, and A_d is then lag[i·7 + j] for j = n − 1 − k, i = j − d.
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    a4 = 0,
    a5 = 0,
    a6 = 0;
  let w0 = err[rs],
    w1 = err[rs + 1],
    w2 = err[rs + 2],
    w3 = err[rs + 3];
  let w4 = err[rs + 4],
    w5 = err[rs + 5],
    w6 = err[rs + 6];
  for (let k = 0; k <= n - 8; k++) {
    a0 += w0 * w0;
    a1 += w1 * w0;
    a2 += w2 * w0;
    a3 += w3 * w0;
    a4 += w4 * w0;
    a5 += w5 * w0;
    a6 += w6 * w0;
    w0 = w1;
    w1 = w2;
    w2 = w3;
    w3 = w4;
    w4 = w5;
    w5 = w6;
    w6 = err[rs + k + 7];
  }
  const acc = [a0, a1, a2, a3, a4, a5, a6];
  for (let k = n - WEEK; k < n; k++) {
    const j = n - 1 - k;
    for (let d = 0; d <= j; d++) acc[d] += err[rs + k + d] * err[rs + k];
    for (let d = 0; d <= j; d++) {
      const i = j - d;
      lag[i * WEEK + j] = acc[d];
      lag[j * WEEK + i] = acc[d];
    }
  }
}
