import { dayNumber as calendarDayNumber, isCalendarDay } from '../../kernel/dates/calendar-day.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { ADDITIVE_METRICS, type DailySeries } from '../daily-metrics.ts';
import type { Direction } from './esd.ts';

/**
 * Options of the anomaly scan and the validation of its inputs (options and series). Invalid input
 * throws `OMNIFY_ERR_VALIDATION` with one field entry per problem (JSON-pointer paths).
 */

/** Ratio metrics tested with the count-aware test (`ratio-test.ts`). */
export const RATIO_METRICS = ['ctr', 'conversionRate', 'cpc', 'cpa'] as const;
export type RatioMetric = (typeof RATIO_METRICS)[number];
/** Every metric the scan knows: the additive ones (S-H-ESD) and the ratios (count-aware test). */
export const SCAN_METRICS = [...ADDITIVE_METRICS, ...RATIO_METRICS] as const;
export type ScanMetric = (typeof SCAN_METRICS)[number];

/** Options of `scanSeries` / `scanMany`. Every field is optional. */
export interface ScanOptions {
  /** Metrics to scan. Default: all of {@link SCAN_METRICS}. */
  metrics?: readonly ScanMetric[];
  /** Family-wise significance level per series and metric, in (0, 1). Default 0.05. */
  alpha?: number;
  /** S-H-ESD: largest share of a series' days that may be flagged, in (0, 0.5]. Default 0.1. */
  maxAnomalies?: number;
  /**
   * `'positive'` = only spikes of the metric's value, `'negative'` = only drops, `'both'` (default).
   * For CPC/CPA a spike is a cost increase (fewer clicks/conversions for the spend).
   */
  direction?: Direction;
  /** S-H-ESD trend: edge-clamped moving-median window in active days, 0 = global median. Default 21. */
  trendWindow?: number;
  /**
   * S-H-ESD scale: `'log1p'` tests ln(1 + x) (multiplicative weekday and noise effects), `'none'` the
   * raw values, `'auto'` (default) ln(1 + x) unless more than 10 % of the tested days are 0.
   */
  transform?: 'none' | 'log1p' | 'auto';
  /** Ratio tests: active days in the pooled baseline window, ≥ 7. Default 28. */
  baselineWindow?: number;
  /**
   * Days without delivery (missing, or every metric 0). `'skip'` (default): left out of fitting and
   * testing — a paused ad is a state, not a statistical anomaly, and a mostly paused series must not
   * flag every pause. `'zero'`: gaps are filled with zeros (`fillMissingDays`) and tested like any day.
   */
  inactiveDays?: 'skip' | 'zero';
  /** Return the per-day bands for charts. Default true; false is faster for batch alerting. */
  bands?: boolean;
  /**
   * Also run the MOSUM level-shift scan (`level-shift.ts`) on the additive metrics and report each
   * shift once, on its first day, with the days it spans. Default false: on the public Q2 2020 ad
   * series it lowered the precision of one-day flags (+50 % spikes 0.82 → 0.73) without raising the
   * recall of injected ±40 % week-long shifts, whose size is within those series' natural
   * week-to-week variation (docs/intelligence.md, "Level shifts").
   */
  levelShifts?: boolean;
}

/** {@link ScanOptions} with every default applied. */
export type ResolvedScanOptions = Required<ScanOptions>;

type Field = { path: string; message: string };

/**
 * Applies defaults and checks ranges.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` listing every invalid option.
 */
export function resolveScanOptions(opts: ScanOptions = {}): ResolvedScanOptions {
  const fields: Field[] = [];
  const r: ResolvedScanOptions = {
    metrics: opts.metrics ?? SCAN_METRICS,
    alpha: opts.alpha ?? 0.05,
    maxAnomalies: opts.maxAnomalies ?? 0.1,
    direction: opts.direction ?? 'both',
    trendWindow: opts.trendWindow ?? 21,
    transform: opts.transform ?? 'auto',
    baselineWindow: opts.baselineWindow ?? 28,
    inactiveDays: opts.inactiveDays ?? 'skip',
    bands: opts.bands ?? true,
    levelShifts: opts.levelShifts ?? false,
  };
  const known = new Set<string>(SCAN_METRICS);
  r.metrics.forEach((m, i) => {
    if (!known.has(m)) fields.push({ path: `/metrics/${i}`, message: `unknown metric "${m}"` });
  });
  if (!(r.alpha > 0 && r.alpha < 1)) fields.push({ path: '/alpha', message: 'must be in (0, 1)' });
  if (!(r.maxAnomalies > 0 && r.maxAnomalies <= 0.5)) {
    fields.push({ path: '/maxAnomalies', message: 'must be in (0, 0.5]' });
  }
  if (!['both', 'positive', 'negative'].includes(r.direction)) {
    fields.push({ path: '/direction', message: 'must be "both", "positive" or "negative"' });
  }
  if (!(Number.isInteger(r.trendWindow) && r.trendWindow >= 0)) {
    fields.push({ path: '/trendWindow', message: 'must be an integer ≥ 0 (days; 0 = global median)' });
  }
  if (!(Number.isInteger(r.baselineWindow) && r.baselineWindow >= 7)) {
    fields.push({ path: '/baselineWindow', message: 'must be an integer ≥ 7 (days)' });
  }
  if (r.transform !== 'none' && r.transform !== 'log1p' && r.transform !== 'auto') {
    fields.push({ path: '/transform', message: 'must be "auto", "log1p" or "none"' });
  }
  if (r.inactiveDays !== 'skip' && r.inactiveDays !== 'zero') {
    fields.push({ path: '/inactiveDays', message: 'must be "skip" or "zero"' });
  }
  if (typeof r.levelShifts !== 'boolean') fields.push({ path: '/levelShifts', message: 'must be a boolean' });
  if (fields.length > 0)
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Invalid anomaly scan options', { fields });
  return r;
}

const MAX_FIELDS = 20;

/**
 * Checks a series and returns each point's UTC day number (days since 1970-01-01).
 *
 * @param prefix JSON-pointer prefix of the series in the request (e.g. `/series/3`).
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (up to 20 fields) when a date is not a real
 *   `YYYY-MM-DD`, dates are not strictly ascending, or a metric is negative or not finite.
 */
export function validateSeries(series: DailySeries, prefix = ''): Int32Array {
  const fields: Field[] = [];
  if (typeof series?.key !== 'string') fields.push({ path: `${prefix}/key`, message: 'must be a string' });
  if (!Array.isArray(series?.points)) {
    fields.push({ path: `${prefix}/points`, message: 'must be an array' });
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Invalid daily series', { fields });
  }
  const pts = series.points;
  const days = new Int32Array(pts.length);
  let previous = Number.NEGATIVE_INFINITY; // last valid day, so one bad date does not hide an order error
  for (let i = 0; i < pts.length && fields.length < MAX_FIELDS; i++) {
    const p = pts[i];
    const day = typeof p?.date === 'string' ? dayNumber(p.date) : Number.NaN;
    if (Number.isNaN(day)) {
      fields.push({ path: `${prefix}/points/${i}/date`, message: 'must be a calendar date YYYY-MM-DD' });
      continue;
    }
    days[i] = day;
    if (day <= previous) {
      fields.push({ path: `${prefix}/points/${i}/date`, message: 'dates must be strictly ascending' });
    }
    previous = Math.max(previous, day);
    for (const m of ADDITIVE_METRICS) {
      const v = p[m];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        fields.push({ path: `${prefix}/points/${i}/${m}`, message: 'must be a finite number ≥ 0' });
      }
    }
  }
  if (fields.length > 0) throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Invalid daily series', { fields });
  return days;
}

/** UTC day number (days since 1970-01-01) of a `YYYY-MM-DD` calendar date from 1970 on; NaN otherwise. */
export function dayNumber(date: string): number {
  return isCalendarDay(date) && date >= '1970-01-01' ? calendarDayNumber(date) : Number.NaN;
}
