import { clampedMovingMedian, float64Views, median, sortedMedian, sortedMedianWithout } from './robust.ts';

/**
 * Robust additive decomposition of a daily series with a weekly cycle: x_t = T_t + S_{w(t)} + R_t.
 *
 * Follows the structure of STL with a periodic seasonal component (Cleveland, Cleveland, McRae &
 * Terpenning, "STL: A Seasonal-Trend Decomposition Procedure Based on Loess", J. Official Statistics
 * 6(1) (1990) 3–73: cycle-subseries smoothing, then trend smoothing of the deseasonalised
 * series), with every loess/mean step replaced by a median so that the anomalies being hunted do not
 * leak into the components — the role STL plays in S-H-ESD (Hochenbaum, Vallis & Kejariwal 2017,
 * where the residual is x − S − median(x), the "median" trend; their piecewise-median trend for
 * long series is the `trendWindow` here):
 *
 * 1. provisional trend: 7-day moving median (removes the weekly cycle);
 * 2. weekday effect S_w = median over days of weekday w of (x − provisional trend), centred so the
 *    seven effects average to 0 (a weekday seen on no day gets 0);
 * 3. trend: moving median of x − S over `trendWindow` points with edge-clamped windows, or the global
 *    median when `trendWindow` is 0 or at least the series length;
 * 4. residual R = x − S − T.
 *
 * With `leaveOneOut`, each day is left out of its own provisional trend, weekday effect and trend
 * (deleted residuals), so its residual is a prediction error rather than a shrunk fit error.
 */

/** Components of {@link decomposeWeekly}, one entry per input point. */
export interface WeeklyDecomposition {
  trend: Float64Array;
  seasonal: Float64Array;
  residual: Float64Array;
  /** The seven weekday effects, index 0 = Sunday (UTC). */
  weekdayEffects: Float64Array;
}

/**
 * Decomposes `values` observed on the UTC weekdays `weekdays` (0 = Sunday … 6 = Saturday, same length;
 * the points may skip days, the weekday keeps the phase right).
 *
 * @param trendWindow points in the moving-median trend window; 0 = global median.
 * @throws RangeError when the two arrays differ in length.
 */
export function decomposeWeekly(
  values: ArrayLike<number>,
  weekdays: ArrayLike<number>,
  trendWindow: number,
  leaveOneOut = false,
): WeeklyDecomposition {
  const n = values.length;
  if (weekdays.length !== n) throw new RangeError('decomposeWeekly: values and weekdays differ in length');
  const [provisional, grouped, seasonal, deseasonalised, trend, residual] = float64Views(6, n);
  clampedMovingMedian(values, 7, leaveOneOut, provisional);
  // Group the detrended values by weekday in one buffer (counting sort), then sort each group in place.
  const count = new Int32Array(8);
  for (let t = 0; t < n; t++) count[weekdays[t] + 1]++;
  for (let w = 0; w < 7; w++) count[w + 1] += count[w];
  const fill = count.slice(0, 7);
  for (let t = 0; t < n; t++) grouped[fill[weekdays[t]]++] = values[t] - provisional[t];
  const weekdayEffects = new Float64Array(7);
  let sum = 0;
  let seen = 0;
  for (let w = 0; w < 7; w++) {
    if (count[w + 1] === count[w]) continue;
    grouped.subarray(count[w], count[w + 1]).sort();
    weekdayEffects[w] = sortedMedian(grouped, count[w], count[w + 1]);
    sum += weekdayEffects[w];
    seen++;
  }
  const shift = seen > 0 ? sum / seen : 0;
  for (let w = 0; w < 7; w++) if (count[w + 1] > count[w]) weekdayEffects[w] -= shift;

  for (let t = 0; t < n; t++) {
    const w = weekdays[t];
    deseasonalised[t] = values[t] - weekdayEffects[w];
    if (!leaveOneOut) seasonal[t] = weekdayEffects[w];
    else if (count[w + 1] - count[w] > 1) {
      seasonal[t] = sortedMedianWithout(grouped, count[w], count[w + 1], values[t] - provisional[t]) - shift;
    } // a weekday seen once has no other week to learn from: effect 0
  }
  if (trendWindow > 0 && trendWindow < n)
    clampedMovingMedian(deseasonalised, trendWindow, leaveOneOut, trend);
  else if (!leaveOneOut) trend.fill(median(deseasonalised));
  else {
    // Sort a copy inside `residual` (not yet used), then take each point's median without itself.
    residual.set(deseasonalised);
    residual.sort();
    for (let t = 0; t < n; t++) trend[t] = sortedMedianWithout(residual, 0, n, deseasonalised[t]);
  }
  for (let t = 0; t < n; t++) residual[t] = values[t] - seasonal[t] - trend[t];
  return { trend, seasonal, residual, weekdayEffects };
}
