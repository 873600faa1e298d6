/**
 * Injection of the known anomalies of the demo ad data ({@link DEMO_ANOMALIES}). Kinds follow the
 * usual taxonomy of anomaly-detection evaluations (point spikes and drops, level shifts; e.g.
 * Hochenbaum, Vallis & Kejariwal, "Automatic Anomaly Detection in the Cloud Via Statistical
 * Learning", 2017): a delivery level shift changes spend, impressions and clicks before conversions
 * are drawn; spend spikes, conversion drops and CTR collapses are reporting/tracking faults applied to
 * the finished series.
 */

import { addDays } from '../../../kernel/dates/calendar-day.ts';
import type { DailyMetrics } from '../../../models/daily-metrics.ts';
import { type AnomalyKind, type AnomalySpec, DEMO_ANOMALIES } from './ads-spec.ts';

/** An injected anomaly with dates: from `date` to `endDate` inclusive (UTC days). */
export interface DatedAnomaly {
  /** Series key: an ad external id (`level` 'ad') or a campaign external id (every ad of it). */
  key: string;
  level: 'ad' | 'campaign';
  /** Metric the anomaly was injected into: a DailyMetrics field or 'ctr'. */
  metric: string;
  date: string;
  endDate: string;
  days: number;
  kind: AnomalyKind;
  /** Multiplier applied to the metric (3 = ×3 spike, 0.2 = drop to 20%, 0.6 = −40% shift). */
  factor: number;
  /** Every metric (fields and ratios ctr, cpc, cpa, conversionRate) a detector may rightly flag. */
  affects: string[];
  /** True when the change was in delivery, before conversions were drawn from the Hill curve. */
  inResponseModel: boolean;
}

/** The demo anomalies dated for a window starting on `startDate` (`YYYY-MM-DD`). */
export function datedAnomalies(
  startDate: string,
  specs: readonly AnomalySpec[] = DEMO_ANOMALIES,
): DatedAnomaly[] {
  return specs.map((a) => ({
    key: a.key,
    level: a.level,
    metric: a.metric,
    date: addDays(startDate, a.day),
    endDate: addDays(startDate, a.day + a.days - 1),
    days: a.days,
    kind: a.kind,
    factor: a.factor,
    affects: [...a.affects],
    inResponseModel: a.inResponseModel,
  }));
}

const covers = (a: DatedAnomaly, date: string): boolean => date >= a.date && date <= a.endDate;

/**
 * Multiplier of an ad's delivered spend on `date` from delivery anomalies (those in the response
 * model); 1 when none applies.
 */
export function deliveryFactor(
  anomalies: readonly DatedAnomaly[],
  adExternalId: string,
  date: string,
): number {
  let f = 1;
  for (const a of anomalies) {
    if (a.inResponseModel && a.level === 'ad' && a.key === adExternalId && covers(a, date)) f *= a.factor;
  }
  return f;
}

/**
 * Applies the reporting anomalies (not in the response model) to one ad's points in place: `spendMinor`
 * ×factor; `conversions` ×factor (rounded) with revenue recomputed as conversions × the average order
 * value `aovMinor`; `ctr` ×factor by scaling clicks (rounded). Campaign-level anomalies apply to every
 * ad of campaign `campaignExternalId`. Throws `RangeError` for an unsupported metric.
 */
export function applyReportingAnomalies(
  points: DailyMetrics[],
  anomalies: readonly DatedAnomaly[],
  adExternalId: string,
  campaignExternalId: string,
  aovMinor: number,
): void {
  for (const a of anomalies) {
    if (a.inResponseModel) continue;
    if (a.key !== (a.level === 'ad' ? adExternalId : campaignExternalId)) continue;
    for (const p of points) {
      if (!covers(a, p.date)) continue;
      if (a.metric === 'spendMinor') p.spendMinor = Math.round(p.spendMinor * a.factor);
      else if (a.metric === 'conversions') {
        p.conversions = Math.round(p.conversions * a.factor);
        p.revenueMinor = p.conversions * aovMinor;
      } else if (a.metric === 'ctr') p.clicks = Math.round(p.clicks * a.factor);
      else throw new RangeError(`demo anomaly: unsupported reporting metric ${a.metric}`);
    }
  }
}
