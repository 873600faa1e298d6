import randu from '@stdlib/random-base-randu';
import type { AdditiveMetric, DailySeries } from '../daily-metrics.ts';
import { activeIndices, type InjectionScenario, injectAnomaly, localLevel } from './inject.ts';
import { median } from './robust.ts';
import { type Anomaly, scanSeries } from './scan.ts';
import type { ScanMetric, ScanOptions } from './scan-options.ts';

/**
 * Precision and recall of the anomaly scan by injection of known anomalies into real series, where
 * the true anomalies are otherwise unknown. Real series already hold natural anomalies, so
 * each (series, metric) is first scanned untouched; the days flagged then ("natural" flags) are never
 * chosen for injection and are left out of the false positives. Scoring, per metric and scenario:
 *
 * - a spike/drop event is a hit when its day is flagged;
 * - a level shift (several consecutive active days) is a hit when at least one of its days is flagged
 *   (event recall); the share of its days flagged is the day recall; `hitEventsByDelay[k]` counts the
 *   hit events whose first flagged day is their (k + 1)-th day (how late a shift is found);
 * - true-positive flags fall on injected days, false positives on other days that were not natural
 *   flags; precision = TP/(TP + FP). `precisionInjectedOnly` also counts natural flags as false, i.e.
 *   it treats the untouched series as anomaly-free (a lower bound on precision).
 */

/** The sizes asked for in issue 3: ±50 %/±80 % one-day spikes/drops, ±40 % level shifts over 7 days. */
export const DEFAULT_SCENARIOS: readonly InjectionScenario[] = [
  { kind: 'spike', size: 0.5, length: 1 },
  { kind: 'spike', size: 0.8, length: 1 },
  { kind: 'drop', size: -0.5, length: 1 },
  { kind: 'drop', size: -0.8, length: 1 },
  { kind: 'level_shift', size: 0.4, length: 7 },
  { kind: 'level_shift', size: -0.4, length: 7 },
];

/** Options of {@link evaluateByInjection}. */
export interface EvaluationOptions {
  /** Metrics to inject into and score. Default: impressions, clicks, spendMinor, revenueMinor, ctr, conversionRate, cpa. */
  metrics?: readonly ScanMetric[];
  scenarios?: readonly InjectionScenario[];
  /** One-day events per series and scenario, ≥ 7 active days apart (level shifts: always 1). Default 3. */
  eventsPerSeries?: number;
  /** Seed of the Mersenne Twister that picks the days. Default 1. */
  seed?: number;
  /** Only (series, metric) pairs whose driving count has at least this median per active day. Default 0. */
  minMedianCount?: number;
  /** Scan options (bands are always off here). */
  scan?: ScanOptions;
}

/** Scores of one metric × scenario over all series. */
export interface EvaluationRow {
  metric: ScanMetric;
  kind: InjectionScenario['kind'];
  size: number;
  length: number;
  series: number;
  events: number;
  hitEvents: number;
  /** Hit events by the index of their first flagged day in the event (0 = its first day). */
  hitEventsByDelay: number[];
  eventRecall: number;
  injectedDays: number;
  hitDays: number;
  dayRecall: number;
  truePositiveFlags: number;
  falsePositiveFlags: number;
  naturalFlags: number;
  precision: number;
  precisionInjectedOnly: number;
}

/** Flags on the untouched series: the detector's rate of natural anomalies per tested day. */
export interface NaturalFlagRate {
  metric: ScanMetric;
  series: number;
  flags: number;
  testedDays: number;
  rate: number;
}

const DEFAULT_METRICS: readonly ScanMetric[] = [
  'impressions',
  'clicks',
  'spendMinor',
  'revenueMinor',
  'ctr',
  'conversionRate',
  'cpa',
];

/** The count whose volume decides what can be detected (for the `minMedianCount` filter). */
const DRIVER: Record<ScanMetric, AdditiveMetric> = {
  impressions: 'impressions',
  clicks: 'clicks',
  spendMinor: 'clicks',
  conversions: 'conversions',
  revenueMinor: 'conversions',
  ctr: 'clicks',
  conversionRate: 'conversions',
  cpc: 'clicks',
  cpa: 'conversions',
};

/**
 * Injects every scenario into every series and metric (one fresh copy per scenario) and scores the
 * scan. Deterministic for a given seed.
 */
export function evaluateByInjection(
  corpus: readonly DailySeries[],
  opts: EvaluationOptions = {},
): { rows: EvaluationRow[]; natural: NaturalFlagRate[] } {
  const metrics = opts.metrics ?? DEFAULT_METRICS;
  const scenarios = opts.scenarios ?? DEFAULT_SCENARIOS;
  const perSeries = opts.eventsPerSeries ?? 3;
  const uniform = randu.factory({ seed: opts.seed ?? 1 });
  const rows: EvaluationRow[] = [];
  const natural: NaturalFlagRate[] = [];
  for (const metric of metrics) {
    const scanOpts: ScanOptions = { ...opts.scan, metrics: [metric], bands: false };
    const acc = scenarios.map((sc) => emptyRow(metric, sc));
    const nat: NaturalFlagRate = { metric, series: 0, flags: 0, testedDays: 0, rate: 0 };
    for (const s of corpus) {
      const active = activeIndices(s);
      const driver = Float64Array.from(active, (i) => s.points[i][DRIVER[metric]]);
      if (active.length === 0 || median(driver) < (opts.minMedianCount ?? 0)) continue;
      const base = scanSeries(s, scanOpts);
      if (base.metrics[0].status !== 'ok') continue;
      const naturalDates = naturalDays(base.anomalies);
      nat.series++;
      nat.flags += new Set(base.anomalies.map((a) => a.date)).size;
      nat.testedDays += base.metrics[0].testedDays;
      const level = localLevel(s, metric, active);
      const eligible = active.map((i, j) => {
        const p = s.points[i];
        if (!(level[j] > 0) || isNatural(naturalDates, p.date)) return false;
        if (metric === 'ctr') return p.impressions > 0;
        if (metric === 'conversionRate') return p.clicks > 0;
        if (metric === 'cpc') return p.spendMinor > 0 && p.clicks > 0;
        if (metric === 'cpa') return p.spendMinor > 0 && p.conversions > 0;
        return true;
      });
      scenarios.forEach((sc, k) => {
        const starts = pickStarts(eligible, sc.length, sc.kind === 'level_shift' ? 1 : perSeries, uniform);
        if (starts.length === 0) return;
        let injected = s;
        const events: string[][] = [];
        for (const st of starts) {
          const r = injectAnomaly(injected, metric, sc, active, level, st);
          injected = r.series;
          events.push(r.dates);
        }
        const flagged = new Set(scanSeries(injected, scanOpts).anomalies.map((a) => a.date));
        score(acc[k], events, flagged, naturalDates);
      });
    }
    nat.rate = nat.testedDays > 0 ? nat.flags / nat.testedDays : 0;
    natural.push(nat);
    for (const r of acc) rows.push(finish(r));
  }
  return { rows, natural };
}

/**
 * The days of the untouched series' anomalies: a one-day flag's day, and every active day a natural
 * level shift spans (`date` to `until`), so a natural shift whose estimated start moves by a day once
 * something is injected elsewhere is still natural, and nothing is injected into it.
 */
function naturalDays(anomalies: readonly Anomaly[]): Set<string> {
  const out = new Set<string>();
  for (const a of anomalies) {
    out.add(a.date);
    if (a.kind === 'level_shift' && a.until) out.add(`${a.date}..${a.until}`);
  }
  return out;
}

/** Whether `date` is a natural day of {@link naturalDays}. */
function isNatural(natural: Set<string>, date: string): boolean {
  if (natural.has(date)) return true;
  for (const k of natural) {
    const i = k.indexOf('..');
    if (i > 0 && date >= k.slice(0, i) && date <= k.slice(i + 2)) return true;
  }
  return false;
}

/** Random window starts whose days are all eligible, windows ≥ 7 active days apart. */
function pickStarts(eligible: boolean[], length: number, count: number, uniform: () => number): number[] {
  const candidates: number[] = [];
  for (let j = 0; j + length <= eligible.length; j++) {
    let ok = true;
    for (let d = 0; d < length && ok; d++) ok = eligible[j + d];
    if (ok) candidates.push(j);
  }
  const out: number[] = [];
  for (let tries = 0; tries < 50 && out.length < count && candidates.length > 0; tries++) {
    const j = candidates[Math.floor(uniform() * candidates.length)];
    if (out.every((o) => Math.abs(o - j) >= Math.max(7, length + 7))) out.push(j);
  }
  return out.sort((a, b) => a - b);
}

function emptyRow(metric: ScanMetric, sc: InjectionScenario): EvaluationRow {
  return {
    metric,
    kind: sc.kind,
    size: sc.size,
    length: sc.length,
    series: 0,
    events: 0,
    hitEvents: 0,
    hitEventsByDelay: Array.from({ length: sc.length }, () => 0),
    eventRecall: 0,
    injectedDays: 0,
    hitDays: 0,
    dayRecall: 0,
    truePositiveFlags: 0,
    falsePositiveFlags: 0,
    naturalFlags: 0,
    precision: 0,
    precisionInjectedOnly: 0,
  };
}

function score(
  row: EvaluationRow,
  events: string[][],
  flagged: Set<string>,
  naturalDates: Set<string>,
): void {
  row.series++;
  const injectedDates = new Set(events.flat());
  for (const ev of events) {
    row.events++;
    const hits = ev.filter((d) => flagged.has(d)).length;
    row.injectedDays += ev.length;
    row.hitDays += hits;
    if (hits > 0) {
      row.hitEvents++;
      row.hitEventsByDelay[ev.findIndex((d) => flagged.has(d))]++;
    }
  }
  for (const d of flagged) {
    if (injectedDates.has(d)) row.truePositiveFlags++;
    else if (isNatural(naturalDates, d)) row.naturalFlags++;
    else row.falsePositiveFlags++;
  }
}

function finish(r: EvaluationRow): EvaluationRow {
  const tp = r.truePositiveFlags;
  return {
    ...r,
    eventRecall: r.events > 0 ? r.hitEvents / r.events : 0,
    dayRecall: r.injectedDays > 0 ? r.hitDays / r.injectedDays : 0,
    precision: tp + r.falsePositiveFlags > 0 ? tp / (tp + r.falsePositiveFlags) : 0,
    precisionInjectedOnly:
      tp + r.falsePositiveFlags + r.naturalFlags > 0 ? tp / (tp + r.falsePositiveFlags + r.naturalFlags) : 0,
  };
}

/** Pooled scores of one scenario over several metrics (sums of the counts, then the ratios). */
export interface ScenarioSummary {
  kind: InjectionScenario['kind'];
  size: number;
  length: number;
  events: number;
  eventRecall: number;
  /** Hit events by the index of their first flagged day (see {@link EvaluationRow}). */
  hitEventsByDelay: number[];
  dayRecall: number;
  precision: number;
  precisionInjectedOnly: number;
}

/** Pools {@link EvaluationRow}s of the same scenario across metrics, in first-seen order. */
export function summarizeByScenario(rows: readonly EvaluationRow[]): ScenarioSummary[] {
  const groups = new Map<string, EvaluationRow[]>();
  for (const r of rows) {
    const key = `${r.kind}|${r.size}|${r.length}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((g) => {
    const sum = (f: (r: EvaluationRow) => number) => g.reduce((a, r) => a + f(r), 0);
    const pooled = finish({
      ...emptyRow(g[0].metric, g[0]),
      events: sum((r) => r.events),
      hitEvents: sum((r) => r.hitEvents),
      injectedDays: sum((r) => r.injectedDays),
      hitDays: sum((r) => r.hitDays),
      truePositiveFlags: sum((r) => r.truePositiveFlags),
      falsePositiveFlags: sum((r) => r.falsePositiveFlags),
      naturalFlags: sum((r) => r.naturalFlags),
    });
    const hitEventsByDelay = g[0].hitEventsByDelay.map((_, k) => sum((r) => r.hitEventsByDelay[k]));
    const { kind, size, length, events, eventRecall, dayRecall, precision, precisionInjectedOnly } = pooled;
    return {
      kind,
      size,
      length,
      events,
      eventRecall,
      hitEventsByDelay,
      dayRecall,
      precision,
      precisionInjectedOnly,
    };
  });
}
