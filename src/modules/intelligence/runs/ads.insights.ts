import { addDays } from '../../../kernel/dates/calendar-day.ts';
import type { SeriesScan } from '../../../models/anomaly/scan.ts';
import type { FatigueAssessment } from '../../../models/fatigue/fatigue-assessment.ts';
import type { AdSeries } from '../ads/ads.repository.ts';
import type { InsightSeverity, NewInsight } from '../insights/insights.repository.ts';
import type { BudgetPlan } from './budget.plan.ts';
import { isoWeek } from './ltv.fit.ts';

/** Anomalies on days within this many days of a series' last day become insights (older ones are chart data). */
export const ANOMALY_RECENT_DAYS = 28;
/** At most this many anomaly insights per run, strongest first. */
export const MAX_ANOMALY_INSIGHTS = 50;
/** Score from which an anomaly is critical (robust z for S-H-ESD, −log10 p for ratio tests). */
const CRITICAL_SCORE = 8;

const METRIC_LABEL: Record<string, string> = {
  impressions: 'impressions',
  clicks: 'clicks',
  spendMinor: 'spend',
  conversions: 'conversions',
  revenueMinor: 'revenue',
  ctr: 'CTR',
  conversionRate: 'conversion rate',
  cpc: 'cost per click',
  cpa: 'cost per conversion',
};

interface ScannedSubject {
  subjectType: 'campaign' | 'ad';
  id: string;
  name: string | null;
  scan: SeriesScan;
}

/** Recent anomalies of campaigns and ads as insights, with the band around the day as chart evidence. */
export function anomalyInsights(...groups: ScannedSubject[][]): NewInsight[] {
  const out: (NewInsight & { score: number })[] = [];
  for (const s of groups.flat()) {
    const bandDays = Object.values(s.scan.bands)[0] ?? [];
    const last = bandDays.at(-1)?.date;
    if (!last) continue;
    const since = addDays(last, -ANOMALY_RECENT_DAYS + 1);
    for (const a of s.scan.anomalies) {
      if (a.date < since) continue;
      const label = METRIC_LABEL[a.metric] ?? a.metric;
      const severity: InsightSeverity = a.score >= CRITICAL_SCORE ? 'critical' : 'warning';
      const band = (s.scan.bands[a.metric] ?? []).filter(
        (p) => p.date >= addDays(a.date, -27) && p.date <= addDays(a.date, 7),
      );
      const subject = `${s.subjectType} ${s.name ?? s.id}`;
      out.push({
        score: a.score,
        kind: 'anomaly',
        severity,
        fingerprint: `anomaly:${s.subjectType}:${s.id}:${a.metric}:${a.date}`,
        title: `${label[0].toUpperCase()}${label.slice(1)} ${a.direction} on ${a.date} (${subject})`,
        summary: `${label} was ${fmt(a.value)} on ${a.date}; expected about ${fmt(a.expected)} (band ${fmt(a.lower)} to ${a.upper === null ? '∞' : fmt(a.upper)}), method ${a.method}, score ${a.score.toFixed(1)}.`,
        subjectType: s.subjectType,
        subjectId: s.id,
        evidence: { anomaly: a, currency: s.scan.currency },
        chart: { band },
        recommendation: null,
      });
    }
  }
  return out
    .sort((x, y) => y.score - x.score)
    .slice(0, MAX_ANOMALY_INSIGHTS)
    .map(({ score: _s, ...i }) => i);
}

const fmt = (v: number | null) =>
  v === null ? 'n/a' : Math.abs(v) < 1 ? v.toPrecision(3) : Math.round(v).toLocaleString('en-US');

/** A fatigued ad (pause it) or one about to fatigue (prepare a new creative) as an insight. */
export function fatigueInsight(ad: AdSeries, f: FatigueAssessment): NewInsight | null {
  if (f.status !== 'fatigued' && f.status !== 'warning') return null;
  const name = ad.adName ?? ad.adId;
  const fatigued = f.status === 'fatigued';
  return {
    kind: 'fatigue',
    severity: fatigued ? 'critical' : 'warning',
    fingerprint: `fatigue:${ad.adId}:${f.status}`,
    title: fatigued
      ? `Ad "${name}" is worn out: CTR ${pct(f.currentCtr)} vs ${pct(f.baselineCtr)} at launch`
      : `Ad "${name}" will wear out around ${f.predictedCrossingDate} (in ${f.daysUntilCrossing} days)`,
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
      costPerResultTrend: f.costPerResultTrend,
    },
    chart: { timeline: f.timeline, projection: f.projection },
    recommendation: fatigued && ad.adStatus === 'active' ? { action: 'pause_ad', adId: ad.adId } : null,
  };
}

const pct = (v: number | null) => (v === null ? 'n/a' : `${(v * 100).toFixed(2)} %`);

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
          `${names.get(c.campaignId)} ${(c.fromDailyBudgetMinor / 100).toFixed(2)} → ${(c.toDailyBudgetMinor / 100).toFixed(2)} ${plan.currency}/day`,
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
