import { addDays } from '../../kernel/dates/calendar-day.ts';
import type { DailyMetrics } from '../daily-metrics.ts';
import type {
  FatigueAssessment,
  FatigueProjectionPoint,
  FatigueTimelinePoint,
} from './fatigue-assessment.ts';
import { type ExposureDay, meanCtr, type WearOutParams } from './wear-out-model.ts';

/**
 * Chart data and the one-line summary of a fatigue assessment (presentation only; the statistics are
 * in `wear-out-fit.ts` and `crossing.ts`).
 */

/**
 * One point per day of the ad's life. `model` is the fitted wear-out curve (fitted CTR = the day's mean
 * of the curve over its exposure interval), a flat CTR, or null when nothing was fitted.
 */
export function buildTimeline(
  life: readonly DailyMetrics[],
  days: readonly ExposureDay[],
  model: WearOutParams | number | null,
): FatigueTimelinePoint[] {
  let cumulative = 0;
  return life.map((p, i) => {
    cumulative += p.impressions;
    const fittedCtr =
      model === null
        ? null
        : typeof model === 'number'
          ? model
          : meanCtr(model, days[i].exposureStart, days[i].exposureEnd);
    return {
      date: p.date,
      impressions: p.impressions,
      clicks: p.clicks,
      cumulativeImpressions: cumulative,
      ctr: p.impressions > 0 ? p.clicks / p.impressions : null,
      fittedCtr,
    };
  });
}

/**
 * Future days after `asOf` at a constant pace: exposure grows by `exposurePerDay` (impressions, or 1
 * on the days axis) and impressions by `impressionsPerDay`. Runs to 7 days past the crossing (or 28
 * days when there is none), at most `horizonDays`; empty when the pace is 0.
 */
export function buildProjection(
  params: WearOutParams,
  asOf: string,
  exposureNow: number,
  impressionsNow: number,
  exposurePerDay: number,
  impressionsPerDay: number,
  daysUntilCrossing: number | null,
  horizonDays: number,
): FatigueProjectionPoint[] {
  if (!(exposurePerDay > 0) || !(impressionsPerDay > 0)) return [];
  const length = Math.min(horizonDays, Math.max(28, (daysUntilCrossing ?? 0) + 7));
  const out: FatigueProjectionPoint[] = [];
  for (let d = 1; d <= length; d++) {
    const start = exposureNow + (d - 1) * exposurePerDay;
    out.push({
      date: addDays(asOf, d),
      cumulativeImpressions: Math.round(impressionsNow + d * impressionsPerDay),
      fittedCtr: meanCtr(params, start, start + exposurePerDay),
    });
  }
  return out;
}

const pct = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(2)} %`);

/** One sentence stating the status with its numbers, e.g. for an insight card. */
export function formatSummary(a: FatigueAssessment, thresholdRatio: number): string {
  const e = a.evidence;
  const ctrs = `recent CTR ${pct(a.currentCtr)} vs. ${pct(a.baselineCtr)} early in life`;
  const t = e.dailyTrend;
  const perDay = (v: number) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)} %/day`;
  const test =
    e.basis === 'account_prior' && t
      ? `trend ${perDay(t.posterior)}: own ${perDay(t.own)} shrunk toward the account's ${perDay(t.accountMean)}`
      : `wear-out test p = ${e.pValue === null ? 'n/a' : e.pValue.toPrecision(2)}`;
  const when =
    a.predictedCrossingDate === null
      ? ''
      : `; crosses ${Math.round(100 * thresholdRatio)} % of baseline on ${a.predictedCrossingDate}` +
        (a.interval
          ? ` (${Math.round(100 * e.intervalLevel)} % interval ${a.interval.from} – ` +
            `${a.interval.to ?? 'later'})`
          : '');
  const cpc = a.costPerResultTrend.cpc;
  const cost =
    cpc.changePerWeek === null
      ? ''
      : `; CPC ${cpc.changePerWeek >= 0 ? '+' : ''}${(100 * cpc.changePerWeek).toFixed(1)} %/week ` +
        `(${cpc.status})`;
  return `${a.status}: ${ctrs} (${test})${when}${cost}. ${a.reason}`;
}
