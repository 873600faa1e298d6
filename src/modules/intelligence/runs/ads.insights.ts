import type { FatigueAssessment } from '../../../models/fatigue/fatigue-assessment.ts';
import type { AdSeries } from '../ads/ads.repository.ts';
import type { NewInsight, ResolvedInsight } from '../insights/insights.repository.ts';
import type { BudgetPlan } from './budget.plan.ts';
import { formatMoneyMinor, formatPercent } from './insight-format.ts';
import { isoWeek } from './ltv.fit.ts';

/** Days a new creative takes to prepare, by the product's promise: warnings come 7–14 days ahead. */
export const CREATIVE_LEAD_DAYS = 7;

const isUnderAWeek = (f: FatigueAssessment) =>
  f.daysUntilCrossing !== null && f.daysUntilCrossing < CREATIVE_LEAD_DAYS;

/**
 * The title of a warning: when and in how many days the ad is expected to wear out, and plainly
 * that time is short when the crossing is under {@link CREATIVE_LEAD_DAYS} days away (the warning
 * came late: less than the usual time to prepare a new creative).
 */
function warningTitle(name: string, f: FatigueAssessment): string {
  const n = f.daysUntilCrossing;
  const when = `around ${f.predictedCrossingDate} (in ${n} ${n === 1 ? 'day' : 'days'})`;
  if (isUnderAWeek(f)) {
    return `Ad "${name}" will wear out in under a week, ${when}: replace its creative now`;
  }
  return `Ad "${name}" will wear out ${when}`;
}

/**
 * A fatigued ad (pause it) or one about to fatigue (prepare a new creative) as an insight. One
 * insight per ad (fingerprint `fatigue:<ad id>`): an ad that is first warned about and later worn
 * out, or that swings between the two as its recent CTR hovers at the threshold, keeps one insight
 * whose severity, text and recommendation follow the latest run (the status, e.g. dismissed, is
 * kept). Before, the status was part of the fingerprint and the ad got a second open insight.
 */
export function fatigueInsight(ad: AdSeries, f: FatigueAssessment): NewInsight | null {
  if (f.status !== 'fatigued' && f.status !== 'warning') return null;
  const name = ad.adName ?? ad.adId;
  const fatigued = f.status === 'fatigued';
  return {
    kind: 'fatigue',
    severity: fatigued ? 'critical' : 'warning',
    fingerprint: `fatigue:${ad.adId}`,
    title: fatigued
      ? `Ad "${name}" is worn out: CTR ${pct(f.currentCtr)} vs ${pct(f.baselineCtr)} at launch`
      : warningTitle(name, f),
    summary: f.evidence.summary,
    subjectType: 'ad',
    subjectId: ad.adId,
    evidence: {
      status: f.status,
      baselineCtr: f.baselineCtr,
      currentCtr: f.currentCtr,
      thresholdCtr: f.thresholdCtr,
      decayRate: f.decayRate,
      decayRateUnit: f.decayRateUnit,
      predictedCrossingDate: f.predictedCrossingDate,
      interval: f.interval,
      daysUntilCrossing: f.daysUntilCrossing,
      underAWeek: !fatigued && isUnderAWeek(f),
      costPerResultTrend: f.costPerResultTrend,
    },
    chart: { timeline: f.timeline, projection: f.projection },
    recommendation: fatigued && ad.adStatus === 'active' ? { action: 'pause_ad', adId: ad.adId } : null,
  };
}

/**
 * Why an ad's open fatigue insight no longer holds: `crossing_outside_warning_window` when the ad
 * still wears out but its predicted crossing is now further away than the warning window (e.g. it
 * serves fewer impressions a day), `not_fatigued` otherwise (no significant wear-out any more, a
 * floor above the threshold, or no crossing within the horizon).
 */
export type FatigueResolutionReason = 'not_fatigued' | 'crossing_outside_warning_window';

/**
 * The ad's fatigue insight (fingerprint `fatigue:<ad id>`) to close when this assessment finds the ad
 * `healthy`, with the reason and the numbers that say so (CTRs as fractions, dates `YYYY-MM-DD`);
 * null for any other status (`fatigued` and `warning` keep or raise the insight; `insufficient_data`
 * says nothing either way, so an open insight stays open).
 */
export function fatigueResolution(ad: AdSeries, f: FatigueAssessment): ResolvedInsight | null {
  if (f.status !== 'healthy') return null;
  const reason: FatigueResolutionReason =
    f.predictedCrossingDate !== null ? 'crossing_outside_warning_window' : 'not_fatigued';
  return {
    kind: 'fatigue',
    fingerprint: `fatigue:${ad.adId}`,
    resolution: {
      reason,
      detail: f.reason,
      asOf: f.asOf,
      status: f.status,
      baselineCtr: f.baselineCtr,
      currentCtr: f.currentCtr,
      thresholdCtr: f.thresholdCtr,
      predictedCrossingDate: f.predictedCrossingDate,
      daysUntilCrossing: f.daysUntilCrossing,
    },
  };
}

const pct = formatPercent;

/** A recommended budget reallocation of an ad account, applicable in one call. */
export function budgetInsight(accountId: string, plan: BudgetPlan): NewInsight | null {
  if (!plan.summary.recommend || !plan.allocation || !plan.lastDay) return null;
  const changes = plan.allocation.campaigns
    .filter((c) => Math.abs(c.change) >= Math.max(1, 0.01 * c.before))
    .map((c) => ({ campaignId: c.id, fromDailyBudgetMinor: c.before, toDailyBudgetMinor: c.after }));
  if (changes.length === 0) return null;
  const lift = plan.allocation.totals.expectedLiftPercent ?? 0;
  const names = new Map(plan.campaigns.map((c) => [c.campaignId, c.name ?? c.campaignId]));
  return {
    kind: 'budget',
    severity: lift >= 5 ? 'warning' : 'info',
    fingerprint: `budget:${accountId}:${isoWeek(plan.lastDay)}`,
    title: `Reallocate daily budget: +${lift.toFixed(1)} % expected ${plan.outcome === 'conversions' ? 'conversions' : 'revenue'}`,
    summary: `${plan.summary.reason} Changes: ${changes
      .map(
        (c) =>
          `${names.get(c.campaignId)} ${formatMoneyMinor(c.fromDailyBudgetMinor, plan.currency)} → ${formatMoneyMinor(c.toDailyBudgetMinor, plan.currency)} a day`,
      )
      .join('; ')}.`,
    subjectType: 'account',
    subjectId: accountId,
    evidence: {
      outcome: plan.outcome,
      currency: plan.currency,
      totals: plan.allocation.totals,
      campaigns: plan.allocation.campaigns.map(({ chart: _c, ...c }) => ({ ...c, name: names.get(c.id) })),
    },
    chart: {
      curves: plan.allocation.campaigns.map((c) => ({
        campaignId: c.id,
        name: names.get(c.id),
        chart: c.chart,
      })),
    },
    recommendation: { action: 'set_campaign_budgets', changes, currency: plan.currency },
  };
}
