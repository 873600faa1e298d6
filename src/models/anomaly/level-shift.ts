import { levelShiftCritical } from './level-shift-calibration.ts';
import { MAD_TO_SIGMA, median, sortedMedian } from './robust.ts';

/**
 * Level-shift (change-point) detection for daily series, the part S-H-ESD cannot do: it tests one
 * day at a time against a moving-median trend, and a median filter keeps a step edge, so a lasting
 * shift is absorbed into the trend and a short one (a week at −40 %) hides in the day-to-day noise.
 *
 * Method: a MOSUM (moving-sum) change-point scan, after Eichinger & Kirch, "A MOSUM procedure for the
 * estimation of multiple random change points", Bernoulli 24(1) (2018) 526–564, in the asymmetric
 * form that suits monitoring: at each day t the mean of the `window` days from t (fewer at the end
 * of the series, down to `minDays`: a shift is seen from its third day) is compared with the median of the `baselineWindow` days before
 * t. Local windows make the scan insensitive to slow trends (a creative wearing out is not a shift)
 * and find both lasting and temporary shifts, each at the day it starts. Differences to the paper,
 * for real ad series:
 *
 * - the values are the weekday-adjusted log series (a shift is a percentage change);
 * - the baseline is a median, the after-window a mean of values winsorized at 3 robust sds of the
 *   baseline, so one spike neither makes nor hides a shift;
 * - the statistic's scale is estimated from the series itself (1.4826·MAD of the full-window
 *   differences over all t), which absorbs the day-to-day autocorrelation of real traffic that a
 *   white-noise variance would ignore; for a shorter after-window at the series' end the scale
 *   grows as √((1/g + π/(2W)) / (1/G + π/(2W))) (variance of a mean of g days against a median of W);
 * - the critical value λ(n, α) of max |Z| comes from a Monte Carlo on Gaussian white noise
 *   (level-shift-calibration.ts; the paper's asymptotic Gumbel limit is far off for 35–365 days).
 *   Among consecutive days over λ with one sign, the largest |difference| gives the start (the
 *   paper's local-maximum estimator, on the difference so that a short window at the series' end
 *   does not pull the start a day early).
 *
 * Each shift runs from its start until the 3-day mean of the adjusted values comes back within half
 * the shift of the baseline (or the series ends: the shift is ongoing). Pure, no allocation per day
 * beyond a few arrays of n.
 */

/** Options of {@link detectLevelShifts}. */
export interface LevelShiftOptions {
  /** Family-wise significance level, (0, 1). Default 0.05. */
  alpha?: number;
  /** Days in the after-window G (the length of shift the scan is tuned to). Default 7. */
  window?: number;
  /** Days in the baseline before each day, W. Default 14. */
  baselineWindow?: number;
  /** Fewest days from the start for a shift to be reported (at the series' end). Default 3. */
  minDays?: number;
  /** Lower bound of the scale of a G-day mean difference (e.g. the Poisson sd of a weekly mean). Default 0. */
  scaleFloor?: number;
}

/** One detected shift, in indices of the input and on its (log) scale. */
export interface LevelShift {
  /** First and last index of the shifted days (`end` = n − 1 while it lasts to the series' end). */
  start: number;
  end: number;
  /** Baseline level before the start: median of the `baselineWindow` values before it. */
  baseline: number;
  /** Mean of the shifted days' values minus the baseline (log scale: ln of the ratio). */
  shift: number;
  /** Standardized statistic at the start, (after − baseline) / scale. */
  z: number;
  /** Scale of the G-day statistic and the critical value used. */
  scale: number;
  critical: number;
}

/** Shortest series scanned: the baseline, one after-window and 14 more days to estimate the scale. */
export const minLevelShiftDays = (window = 7, baselineWindow = 14) => baselineWindow + window + 14;

/**
 * Finds level shifts in `y` (weekday-adjusted values on the scale the shift is measured on, e.g.
 * ln(1 + x) − weekday effect). Returns them by start, at most one per run of significant days.
 * Series shorter than {@link minLevelShiftDays}, or whose statistic has no spread (e.g. constant or
 * mostly zero), give none.
 *
 * @throws RangeError on options out of range (alpha outside (0, 1), windows < 2, minDays < 1).
 */
export function detectLevelShifts(y: ArrayLike<number>, opts: LevelShiftOptions = {}): LevelShift[] {
  const alpha = opts.alpha ?? 0.05;
  const G = opts.window ?? 7;
  const W = opts.baselineWindow ?? 14;
  const minDays = opts.minDays ?? 3;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  if (!(Number.isInteger(G) && G >= 2 && Number.isInteger(W) && W >= 2))
    throw new RangeError('window and baselineWindow must be integers ≥ 2');
  if (!(Number.isInteger(minDays) && minDays >= 1 && minDays <= G))
    throw new RangeError('minDays must be an integer in [1, window]');
  const n = y.length;
  const stat = mosumStatistic(y, G, W, minDays, opts.scaleFloor ?? 0);
  if (!stat) return [];
  const { z, diff, base, scale } = stat;
  const critical = levelShiftCritical(n, alpha);

  const shifts: LevelShift[] = [];
  let t = W;
  while (t < n) {
    if (!(Math.abs(z[t]) >= critical)) {
      t++;
      continue;
    }
    const sign = Math.sign(z[t]);
    let best = t;
    let u = t;
    while (u < n && sign * z[u] >= critical) {
      if (Math.abs(diff[u]) > Math.abs(diff[best])) best = u;
      u++;
    }
    const shift = diff[best];
    const previous = shifts.at(-1);
    if (previous && isReturn(y, best, previous, G, W)) {
      t = u;
      continue;
    }
    const end = shiftEnd(y, best, base[best], shift);
    let mean = 0;
    for (let i = best; i <= end; i++) mean += y[i] - base[best];
    shifts.push({
      start: best,
      end,
      baseline: base[best],
      shift: mean / (end - best + 1),
      z: z[best],
      scale,
      critical,
    });
    // The next shift starts after this one's days (a return to the baseline is its end, not a shift).
    t = Math.max(u, end + 1);
  }
  return shifts;
}

/** The MOSUM statistic of {@link detectLevelShifts} (exported for its Monte Carlo calibration). */
export interface MosumStatistic {
  /** Per day: standardized statistic (0 before the baseline is full or near the end). */
  z: Float64Array;
  /** Per day: winsorized after-window mean minus the baseline median (NaN where not computed). */
  diff: Float64Array;
  /** Per day: median of the `W` values before it. */
  base: Float64Array;
  /** Robust scale of the full-window differences (with the floor). */
  scale: number;
}

/**
 * Computes the statistic of {@link detectLevelShifts} for window G, baseline W, reporting from
 * `minDays` after-days; null when the series is too short or the differences have no spread.
 */
export function mosumStatistic(
  y: ArrayLike<number>,
  G: number,
  W: number,
  minDays: number,
  scaleFloor: number,
): MosumStatistic | null {
  const n = y.length;
  if (n < minLevelShiftDays(G, W)) return null;

  // Baseline median and robust sd of each day's W predecessors.
  const base = new Float64Array(n);
  const spread = new Float64Array(n);
  const buf = new Float64Array(W);
  for (let t = W; t < n; t++) {
    for (let i = 0; i < W; i++) buf[i] = y[t - W + i];
    buf.sort();
    const m = sortedMedian(buf);
    base[t] = m;
    for (let i = 0; i < W; i++) buf[i] = Math.abs(y[t - W + i] - m);
    buf.sort();
    spread[t] = MAD_TO_SIGMA * sortedMedian(buf);
  }
  const diff = new Float64Array(n).fill(Number.NaN);
  const length = new Int32Array(n);
  const window = new Float64Array(G);
  for (let t = W; t + minDays <= n; t++) {
    const g = Math.min(G, n - t);
    // Winsorize the after-window around its own median, so one spike neither makes nor hides a shift.
    for (let i = 0; i < g; i++) window[i] = y[t + i];
    const centre = sortedMedian(window.subarray(0, g).sort());
    const cap = 3 * spread[t];
    let sum = 0;
    for (let i = t; i < t + g; i++) {
      const d = y[i] - centre;
      sum += centre + (cap > 0 ? Math.max(-cap, Math.min(cap, d)) : d) - base[t];
    }
    diff[t] = sum / g;
    length[t] = g;
  }
  const kappa = Math.PI / (2 * W);
  const z = new Float64Array(n);
  const standardize = (scale: number) => {
    for (let t = W; t < n; t++) {
      if (Number.isNaN(diff[t])) continue;
      z[t] = diff[t] / (scale * Math.sqrt((1 / length[t] + kappa) / (1 / G + kappa)));
    }
  };
  // Pass 1: the robust spread of all full-window differences. Pass 2: again without the days whose
  // statistic reached MASK_Z and the window before them, so a shift's own windows do not inflate the
  // scale it is judged by (the Monte Carlo calibration runs both passes).
  const full: number[] = [];
  for (let t = W; t + G <= n; t++) full.push(diff[t]);
  const first = Math.max(robustScale(full), scaleFloor);
  if (!(first > 0)) return null;
  standardize(first);
  const masked = new Uint8Array(n);
  for (let t = W; t < n; t++) {
    if (Math.abs(z[t]) < MASK_Z) continue;
    for (let u = Math.max(W, t - G + 1); u <= Math.min(n - 1, t + G - 1); u++) masked[u] = 1;
  }
  const kept: number[] = [];
  for (let t = W; t + G <= n; t++) if (!masked[t]) kept.push(diff[t]);
  const scale = kept.length >= MIN_SCALE_POINTS ? Math.max(robustScale(kept), scaleFloor) : first;
  if (!(scale > 0)) return null;
  standardize(scale);
  return { z, diff, base, scale };
}

/** Pass-1 |Z| from which a day and its neighbours are left out of the pass-2 scale. */
const MASK_Z = 2;
/** Fewest full-window differences kept for the pass-2 scale (else the pass-1 scale stays). */
const MIN_SCALE_POINTS = 14;

/** 1.4826 · MAD about the median. */
function robustScale(values: number[]): number {
  const c = median(values);
  return MAD_TO_SIGMA * median(values.map((d) => Math.abs(d - c)));
}

/**
 * Whether a change at `start` is the end of `previous` (the level coming back): opposite sign, within
 * a baseline window of its last day (whose baseline still holds the shifted days), and the level
 * from `start` is within half the shift of the level before `previous`.
 */
function isReturn(y: ArrayLike<number>, start: number, previous: LevelShift, G: number, W: number): boolean {
  if (start > previous.end + W) return false;
  const g = Math.min(G, y.length - start);
  let sum = 0;
  for (let i = start; i < start + g; i++) sum += y[i] - previous.baseline;
  return Math.abs(sum / g) < Math.abs(previous.shift) / 2;
}

/** Last index of a shift starting at `start`: before the 3-day mean comes back within half the shift. */
function shiftEnd(y: ArrayLike<number>, start: number, baseline: number, shift: number): number {
  const n = y.length;
  const half = Math.abs(shift) / 2;
  const sign = Math.sign(shift);
  for (let d = start + 1; d < n; d++) {
    const lo = Math.max(start, d - 1);
    const hi = Math.min(n - 1, d + 1);
    let sum = 0;
    for (let i = lo; i <= hi; i++) sum += y[i] - baseline;
    if (sign * (sum / (hi - lo + 1)) < half) return d - 1;
  }
  return n - 1;
}
