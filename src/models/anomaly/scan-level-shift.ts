import type { DailyFrame } from './daily-frame.ts';
import { detectLevelShifts } from './level-shift.ts';
import type { ResolvedScanOptions, ScanMetric } from './scan-options.ts';
import type { Anomaly, SeriesScan } from './scan-result.ts';
import { decomposeWeekly } from './seasonal.ts';

/**
 * The level-shift part of the scan (`level-shift.ts`, a MOSUM change-point scan) for one metric:
 * finds shifts on the weekday-adjusted ln(1 + x) series, reports each once, on the day it starts, as an
 * anomaly with `kind: 'level_shift'` and the days it spans (one-day flags inside them stay; the
 * event grouping of `events.ts` joins them to the shift). Runs when `ScanOptions.levelShifts` is on.
 */

/**
 * Appends the level shifts of `values` (one per frame day, in the metric's unit) to `out`.
 *
 * @param eventsPerDay the metric's volume in events per active day (its driving count's median), for
 *   the Poisson floor of the statistic's scale: a G-day mean of ln(1 + x) has sd ≈ 1/√(G·events).
 * @param method the scan method of the metric, recorded with each shift.
 */
export function scanLevelShifts(
  frame: DailyFrame,
  metric: ScanMetric,
  values: ArrayLike<number>,
  eventsPerDay: number,
  opts: ResolvedScanOptions,
  out: SeriesScan,
): void {
  const n = values.length;
  const logged = new Float64Array(n);
  for (let t = 0; t < n; t++) logged[t] = Math.log1p(values[t]);
  const dec = decomposeWeekly(logged, frame.weekdays, opts.trendWindow, true);
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) adjusted[t] = logged[t] - dec.seasonal[t];
  const window = 7;
  const floor = eventsPerDay > 0 ? 1 / Math.sqrt(window * eventsPerDay) : 0;
  const shifts = detectLevelShifts(adjusted, { alpha: opts.alpha, window, scaleFloor: floor });
  for (const s of shifts) {
    const direction = s.shift > 0 ? 'spike' : 'drop';
    if (opts.direction === 'positive' && direction === 'drop') continue;
    if (opts.direction === 'negative' && direction === 'spike') continue;
    let observed = 0;
    let expected = 0;
    for (let t = s.start; t <= s.end; t++) {
      observed += values[t];
      expected += Math.expm1(s.baseline + dec.seasonal[t]);
    }
    const days = s.end - s.start + 1;
    const expectedMean = Math.max(0, expected / days);
    const half = s.critical * s.scale;
    const from = frame.dates[s.start];
    const until = frame.dates[s.end];
    const shift: Anomaly = {
      metric,
      date: from,
      value: observed / days,
      expected: expectedMean,
      lower: Math.max(0, Math.expm1(Math.log1p(expectedMean) - half)),
      upper: Math.expm1(Math.log1p(expectedMean) + half),
      score: Math.abs(s.z),
      direction,
      method: 'level-shift',
      kind: 'level_shift',
      until,
      days,
      ongoing: s.end === n - 1,
    };
    out.anomalies.push(shift);
  }
}
