import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { AdditiveMetric, DailyMetrics, DailySeries } from '../daily-metrics.ts';
import { clampedMovingMedian } from './robust.ts';
import type { ScanMetric } from './scan-options.ts';
import { RATIOS } from './scan-ratio.ts';

/**
 * Injection of known anomalies into real daily series, for measuring a detector's precision and
 * recall where the truth is otherwise unknown; sizes are relative to the local level.
 *
 * The local level L_t of a metric is the 7-day edge-clamped moving median over the series' active days
 * (days with any non-zero metric), so a weekday peak is not mistaken for the level. An anomaly of size
 * s moves the day's value by s·L_t, keeping the day's own noise:
 * - additive metrics: x' = x + s·L_t (rounded, floored at 0);
 * - CTR / conversion rate: the count is moved so the ratio moves by s·L_t of the local pooled ratio:
 *   c' = c + s·L_t·e (rounded, within [0, e] for CTR); exposure unchanged;
 * - CPC / CPA (money per event): the count is divided by 1 + s, so the cost per event moves by s of
 *   its own value (c' = round(c/(1 + s))); spend unchanged.
 * A spike has s > 0, a drop s < 0; a level shift applies the same s on `length` consecutive active days.
 */

/** What is injected: a one-day spike or drop, or a level shift over `length` active days. */
export interface InjectionScenario {
  kind: 'spike' | 'drop' | 'level_shift';
  /** Signed size relative to the local level: +0.5 = +50 %, −0.8 = −80 %. */
  size: number;
  /** Active days affected (1 for spike/drop). */
  length: number;
}

/** Count and exposure behind a ratio metric, or undefined for an additive one. */
function ratioParts(metric: ScanMetric): { count: AdditiveMetric; exposure: AdditiveMetric } | undefined {
  return (RATIOS as Partial<Record<ScanMetric, { count: AdditiveMetric; exposure: AdditiveMetric }>>)[metric];
}

/** Indices of `series.points` with any non-zero metric (the days a default scan tests). */
export function activeIndices(series: DailySeries): number[] {
  const out: number[] = [];
  series.points.forEach((p, i) => {
    if (p.impressions > 0 || p.clicks > 0 || p.spendMinor > 0 || p.conversions > 0 || p.revenueMinor > 0) {
      out.push(i);
    }
  });
  return out;
}

/**
 * Local level of `metric` on every active day (aligned with {@link activeIndices}): a 7-day moving
 * median of the value (additive) or of the pooled ratio Σcount/Σexposure (ratios; NaN where the
 * window has no exposure). For CPC/CPA the level is the cost per event (exposure/count).
 */
export function localLevel(series: DailySeries, metric: ScanMetric, active: number[]): Float64Array {
  const pts = active.map((i) => series.points[i]);
  const parts = ratioParts(metric);
  if (!parts)
    return clampedMovingMedian(
      Float64Array.from(pts, (p) => p[metric as AdditiveMetric]),
      7,
    );
  const n = pts.length;
  const out = new Float64Array(n);
  const w = Math.min(7, n);
  for (let t = 0; t < n; t++) {
    const a = Math.min(Math.max(t - 3, 0), n - w);
    let c = 0;
    let e = 0;
    for (let j = a; j < a + w; j++) {
      c += pts[j][parts.count];
      e += pts[j][parts.exposure];
    }
    const inverse = metric === 'cpc' || metric === 'cpa';
    out[t] = inverse ? (c > 0 ? e / c : Number.NaN) : e > 0 ? c / e : Number.NaN;
  }
  return out;
}

/**
 * Returns a copy of `series` with `scenario` injected into `metric` on the active days
 * `active[start … start + length − 1]`, and the dates touched.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when the window leaves the active days or the size is
 *   not finite or ≤ −1.
 */
export function injectAnomaly(
  series: DailySeries,
  metric: ScanMetric,
  scenario: InjectionScenario,
  active: number[],
  level: Float64Array,
  start: number,
): { series: DailySeries; dates: string[] } {
  const { size, length } = scenario;
  if (!(start >= 0 && start + length <= active.length) || !Number.isFinite(size) || size <= -1) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Injection outside the series or of invalid size', {
      fields: [{ path: '/start', message: `window ${start}+${length} of ${active.length} active days` }],
    });
  }
  const points: DailyMetrics[] = series.points.slice();
  const dates: string[] = [];
  const parts = ratioParts(metric);
  for (let j = start; j < start + length; j++) {
    const i = active[j];
    const p = { ...points[i] };
    const L = level[j];
    if (!parts) {
      const m = metric as AdditiveMetric;
      p[m] = Math.max(0, Math.round(p[m] + size * L));
    } else if (metric === 'cpc' || metric === 'cpa') {
      p[parts.count] = Math.round(p[parts.count] / (1 + size));
    } else if (Number.isFinite(L)) {
      const moved = Math.max(0, Math.round(p[parts.count] + size * L * p[parts.exposure]));
      p[parts.count] = metric === 'ctr' ? Math.min(moved, p[parts.exposure]) : moved;
    }
    points[i] = p;
    dates.push(p.date);
  }
  return { series: { ...series, points }, dates };
}
