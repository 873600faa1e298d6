/**
 * Small robust-statistics kernels on plain arrays, written for speed in batch scans (no allocation
 * beyond one scratch buffer, no O(n²) loops).
 *
 * The median absolute deviation (MAD) is scaled by 1.4826 = 1/Φ⁻¹(3/4) so that it estimates the
 * standard deviation under normality (Hampel, "The Influence Curve and Its Role in Robust
 * Estimation", JASA 69 (1974) 383–393; Rousseeuw & Croux, JASA 88 (1993) 1273–1283).
 */

/** Reused sorted window of {@link clampedMovingMedian} (single-threaded, never escapes a call). */
let windowBuffer = new Float64Array(64);

/** Scale factor that makes the MAD a consistent estimator of σ for normal data: 1/Φ⁻¹(0.75). */
export const MAD_TO_SIGMA = 1.482602218505602;

/** Median of the ascending slice `sorted[from, to)`. `NaN` for an empty slice. */
export function sortedMedian(sorted: ArrayLike<number>, from = 0, to = sorted.length): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  const mid = from + (n >> 1);
  return n % 2 === 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
}

/**
 * `count` zeroed views of length `n` over one new buffer. A typed array over 64 bytes gets its own
 * off-heap backing store, which costs about as much as scanning it a few times; the per-metric tests
 * run thousands of times per batch, so they carve their arrays out of one allocation.
 */
export function float64Views(count: number, n: number): Float64Array[] {
  const buf = new Float64Array(count * n);
  const out: Float64Array[] = [];
  for (let i = 0; i < count; i++) out.push(buf.subarray(i * n, (i + 1) * n));
  return out;
}

/** Reused buffer of {@link sortedCopy} (single-threaded; a copy never outlives its caller's step). */
let copyBuffer = new Float64Array(256);

/**
 * An ascending copy of `values` in a reused module buffer: valid only until the next call, for
 * callers that sort, read and drop it (median, ESD) without allocating per call.
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  if (copyBuffer.length < n) copyBuffer = new Float64Array(2 * n);
  const out = copyBuffer.subarray(0, n);
  for (let i = 0; i < n; i++) out[i] = values[i];
  return out.sort();
}

/** Median of `values` (any order; not modified). `NaN` for an empty input. */
export function median(values: ArrayLike<number>): number {
  return sortedMedian(sortedCopy(values));
}

/**
 * Median of |x − center| over the ascending slice `sorted[from, to)`, in O(to − from) without
 * allocating: deviations left of the center grow leftwards, right of it grow rightwards, so the two
 * runs are merged outwards from the center until the middle rank is reached. Unscaled (multiply by
 * {@link MAD_TO_SIGMA} for σ).
 */
export function sortedMedianAbsDeviation(
  sorted: ArrayLike<number>,
  center: number,
  from = 0,
  to = sorted.length,
): number {
  const n = to - from;
  if (n <= 0) return Number.NaN;
  // Split point: first index with value ≥ center.
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] < center) lo = m + 1;
    else hi = m;
  }
  let left = lo - 1;
  let right = lo;
  const kLow = (n - 1) >> 1; // 0-based ranks of the middle one or two deviations
  const kHigh = n >> 1;
  let prev = 0;
  for (let rank = 0; rank <= kHigh; rank++) {
    const dl = left >= from ? center - sorted[left] : Number.POSITIVE_INFINITY;
    const dr = right < to ? sorted[right] - center : Number.POSITIVE_INFINITY;
    let d: number;
    if (dl <= dr) {
      d = dl;
      left--;
    } else {
      d = dr;
      right++;
    }
    if (rank === kLow) prev = d;
    if (rank === kHigh) return 0.5 * (prev + d);
  }
  return prev;
}

/**
 * Moving median with a fixed window of `width` points that is clamped at the ends instead of
 * shrinking: point t uses the `width` consecutive points whose centre is nearest to t (so the first
 * and last `⌊width/2⌋` points share the edge window). A short episode (fewer than `width/2` points)
 * therefore never moves the median, even at the most recent day. `width ≥ values.length` gives the
 * global median everywhere. Sliding insert/delete on a sorted buffer: O(n·width) moves, no sort per
 * point. With `leaveOneOut`, point t's own value is left out of its window (a deleted, or predictive,
 * estimate: R. D. Cook & S. Weisberg, "Residuals and Influence in Regression", 1982), so a
 * residual x_t − m_t is never shrunk to 0 by the point being its own median. Writes into `out` when
 * given (length n).
 */
export function clampedMovingMedian(
  values: ArrayLike<number>,
  width: number,
  leaveOneOut = false,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  const n = values.length;
  if (n === 0) return out;
  const w = Math.max(1, Math.min(width, n));
  const half = w >> 1;
  if (windowBuffer.length < w) windowBuffer = new Float64Array(2 * w);
  const win = windowBuffer.subarray(0, w);
  for (let i = 0; i < w; i++) win[i] = values[i];
  win.sort();
  let start = 0; // window = values[start, start + w)
  for (let t = 0; t < n; t++) {
    const wanted = Math.min(Math.max(t - half, 0), n - w);
    while (start < wanted) {
      replaceSorted(win, values[start], values[start + w]);
      start++;
    }
    out[t] = leaveOneOut && w > 1 ? sortedMedianWithout(win, 0, w, values[t]) : sortedMedian(win);
  }
  return out;
}

/**
 * Median of the ascending slice `sorted[from, to)` with one occurrence of `value` removed, in O(log n)
 * (binary search for the value, then index arithmetic). `value` must occur in the slice and the
 * slice must hold at least 2 values.
 */
export function sortedMedianWithout(
  sorted: ArrayLike<number>,
  from: number,
  to: number,
  value: number,
): number {
  let lo = from;
  let hi = to - 1;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (sorted[m] < value) lo = m + 1;
    else hi = m;
  }
  const removed = lo - from;
  const m = to - from - 1;
  // The i-th value (0-based) of the slice without the removed one sits at from + i (+1 past it).
  const i = (m - 1) >> 1;
  const a = sorted[from + (i < removed ? i : i + 1)];
  if (m % 2 === 1) return a;
  const b = sorted[from + (i + 1 < removed ? i + 1 : i + 2)];
  return 0.5 * (a + b);
}

/** Removes one occurrence of `out` from the ascending buffer and inserts `inn`, keeping order. */
function replaceSorted(buf: Float64Array, out: number, inn: number): void {
  let i = binarySearch(buf, out);
  if (inn > out) {
    while (i + 1 < buf.length && buf[i + 1] < inn) {
      buf[i] = buf[i + 1];
      i++;
    }
  } else {
    while (i > 0 && buf[i - 1] > inn) {
      buf[i] = buf[i - 1];
      i--;
    }
  }
  buf[i] = inn;
}

function binarySearch(buf: Float64Array, x: number): number {
  let lo = 0;
  let hi = buf.length - 1;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (buf[m] < x) lo = m + 1;
    else hi = m;
  }
  return lo;
}
