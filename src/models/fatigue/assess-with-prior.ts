import { addDays } from '../../kernel/dates/calendar-day.ts';
import type { DailyMetrics } from '../daily-metrics.ts';
import type { FatigueAccountPrior } from './account-prior.ts';
import type { DailyCtrTrend } from './daily-trend.ts';
import type { FatigueAssessment, FatigueEvidence, FatigueStatus } from './fatigue-assessment.ts';
import type { ResolvedFatigueOptions } from './fatigue-options.ts';
import { buildProjection, buildTimeline, formatSummary } from './fatigue-timeline.ts';
import { crossingFromPrior } from './prior-crossing.ts';
import { exposureDays, type WearOutParams } from './wear-out-model.ts';

/** What `assessFatigue` has computed before handing a low-volume ad to {@link assessWithPrior}. */
export interface PriorAssessmentInput {
  /** The assessment fields that do not depend on the model (key, asOf, currentCtr, cost trends…). */
  base: Omit<FatigueAssessment, 'status' | 'reason' | 'timeline' | 'evidence'>;
  evidence: FatigueEvidence;
  /** Consecutive days from the first day with impressions through `asOf`. */
  life: readonly DailyMetrics[];
  asOf: string;
  trend: DailyCtrTrend;
  prior: FatigueAccountPrior;
  options: ResolvedFatigueOptions;
  /** Observed pooled CTR of the last `recentDays` (null when the ad did not serve). */
  currentCtr: number | null;
}

/**
 * Assessment of an ad too small for its own wear-out fit, from its empirical-Bayes posterior daily
 * CTR trend (`prior-crossing.ts`; the prior: `account-prior.ts`). The status rules mirror the
 * wear-out path: `fatigued` when the posterior trend has passed the threshold and the recent observed
 * CTR is below it, `warning` when it has passed but the recent CTR is not yet below, or when the
 * crossing (at the posterior mean) is at most `warningWindowDays` ahead; otherwise `healthy`.
 * `decayRate` is −(posterior trend) per day (`decayRateUnit: 'per_day'`, negative when the CTR rises).
 * The chart shows the trend as the floor-zero curve on the age axis. Never throws.
 */
export function assessWithPrior(input: PriorAssessmentInput): FatigueAssessment {
  const { base, evidence, life, asOf, trend, prior, options: o, currentCtr } = input;
  const c = crossingFromPrior(
    trend,
    prior,
    o.thresholdRatio,
    o.intervalLevel,
    o.warningWindowDays,
    o.horizonDays,
  );
  const d = c.daysUntilCrossing;
  Object.assign(evidence, {
    fittedCurrentCtr: c.fittedCurrentCtr,
    ctrChange: currentCtr === null ? null : currentCtr / c.baselineCtr - 1,
    dispersion: trend.dispersion,
    significant: false,
    basis: 'account_prior',
    crossingProbability: d !== null && d <= 0 ? 1 : c.probabilityWithin,
    dailyTrend: {
      own: c.ownSlope,
      posterior: c.posteriorSlope,
      posteriorSd: c.posteriorSd,
      shrinkage: c.shrinkage,
      accountMean: prior.meanDailyTrend,
      accountAds: prior.ads,
    },
  } satisfies Partial<FatigueEvidence>);
  const borrowed = `the daily CTR trend borrows from ${prior.ads} ads of the account`;
  let status: FatigueStatus = 'healthy';
  let reason: string;
  if (d === null)
    reason = `Too few impressions for a wear-out fit; ${borrowed}: no crossing within ${o.horizonDays} days.`;
  else if (d <= 0 && (currentCtr === null || currentCtr < c.thresholdCtr)) {
    status = 'fatigued';
    reason = `The trend (${borrowed}) and the recent observed CTR are below the threshold.`;
  } else if (d <= 0) {
    status = 'warning';
    reason = `The trend (${borrowed}) has crossed the threshold; the last ${o.recentDays} days' CTR is still above it.`;
  } else if (d <= o.warningWindowDays) {
    status = 'warning';
    reason = `The CTR is predicted to fall below the threshold within ${o.warningWindowDays} days (${borrowed}).`;
  } else reason = `The threshold is ${d} days away (${borrowed}).`;

  // The trend as the floor-zero curve on the age axis: a day's mean over [i, i + 1] ≈ the trend at i.
  const k = -c.posteriorSlope;
  const params: WearOutParams = {
    initialCtr: c.fittedCurrentCtr * Math.exp(k * (trend.age + 0.5)),
    floorCtr: 0,
    decayRate: k,
  };
  const days = exposureDays(
    life.map((p) => p.impressions),
    life.map((p) => Math.min(p.clicks, p.impressions)),
    'days',
  );
  const recentImpressions = life.slice(-o.recentDays).reduce((s, p) => s + p.impressions, 0);
  const assessment: FatigueAssessment = {
    ...base,
    status,
    reason,
    baselineCtr: c.baselineCtr,
    thresholdCtr: c.thresholdCtr,
    decayRate: k,
    decayRateUnit: 'per_day',
    predictedCrossingDate: d === null ? null : addDays(asOf, d),
    interval: c.interval && {
      from: addDays(asOf, c.interval.from),
      to: c.interval.to === null ? null : addDays(asOf, c.interval.to),
    },
    daysUntilCrossing: d,
    timeline: o.includeChart ? buildTimeline(life, days, params) : [],
    projection: o.includeChart
      ? buildProjection(
          params,
          asOf,
          life.length,
          evidence.impressions,
          1,
          recentImpressions / o.recentDays,
          d,
          o.horizonDays,
        )
      : [],
    evidence,
  };
  evidence.summary = formatSummary(assessment, o.thresholdRatio);
  return assessment;
}
