import { addDays } from '../../../kernel/dates/calendar-day.ts';
import {
  type AnomalyEvent,
  type EventSubject,
  type Finding,
  groupAnomalyEvents,
} from '../../../models/anomaly/events.ts';
import type { Anomaly, SeriesScan } from '../../../models/anomaly/scan.ts';
import type { FatigueAssessment } from '../../../models/fatigue/fatigue-assessment.ts';
import type { AdSeries } from '../ads/ads.repository.ts';
import type { InsightSeverity, NewInsight, ResolvedInsight } from '../insights/insights.repository.ts';
import type { BudgetPlan } from './budget.plan.ts';
import { formatMetricValue, formatMoneyMinor, formatPercent } from './insight-format.ts';
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

const LEVEL_LABEL: Record<string, string> = { campaign: 'campaign', ad_set: 'ad set', ad: 'ad' };

/**
 * A scanned campaign, ad set or ad of one ad account. `ancestors`: the keys (`type:id`) of the
 * subjects that contain it, highest first (an ad: `['campaign:<id>', 'ad_set:<id>']`). `lastDate`:
 * the last day of its series (UTC `YYYY-MM-DD`), from which recent days are counted.
 */
export interface ScannedSubject extends EventSubject {
  type: 'campaign' | 'ad_set' | 'ad';
  name: string | null;
  lastDate: string | null;
  scan: SeriesScan;
}

/** Most findings listed in an anomaly insight's evidence, and in its summary text. */
const MAX_LISTED_FINDINGS = 50;
const MAX_SUMMARY_FINDINGS = 8;
/** Most members whose chart bands ride along with the insight's chart. */
const MAX_MEMBER_BANDS = 10;

/**
 * Recent anomalies of an account's campaigns, ad sets and ads as insights: one per **event**
 * ({@link groupAnomalyEvents}: the same metric and direction on the same day at several levels, and
 * the co-occurring symptoms of one subject, are one event), placed at the highest level where it is
 * seen, with the lower-level subjects as `evidence.members` and every flagged day in
 * `evidence.findings`. An event is recent when one of its days is within {@link ANOMALY_RECENT_DAYS}
 * of its subject's last day; at most {@link MAX_ANOMALY_INSIGHTS}, strongest first.
 *
 * The fingerprint is `anomaly:<root type>:<root id>:<first day>`: a re-run that finds the same event
 * (even with a symptom more or less) updates the same insight and keeps its status. The evidence keeps
 * `anomaly` (the root's strongest finding) and `chart.band` its band, as before grouping;
 * `subjectName` is the root's name (null when it has none), for clients that word their own title.
 */
export function anomalyInsights(...groups: ScannedSubject[][]): NewInsight[] {
  const subjects = groups.flat();
  const findings: Finding<ScannedSubject>[] = subjects.flatMap((s) =>
    s.scan.anomalies.map((anomaly) => ({ subject: s, anomaly })),
  );
  const recent = (f: Finding<ScannedSubject>) =>
    f.subject.lastDate !== null && f.anomaly.date >= addDays(f.subject.lastDate, -ANOMALY_RECENT_DAYS + 1);
  return groupAnomalyEvents(findings)
    .filter((e) => e.findings.some(recent))
    .slice(0, MAX_ANOMALY_INSIGHTS)
    .map(eventInsight);
}

const subjectLabel = (s: ScannedSubject) => `${LEVEL_LABEL[s.type] ?? s.type} ${s.name ?? s.id}`;
const capitalized = (t: string) => `${t[0].toUpperCase()}${t.slice(1)}`;

function bandAround(s: ScannedSubject, a: Anomaly) {
  return (s.scan.bands[a.metric] ?? []).filter(
    (p) => p.date >= addDays(a.date, -27) && p.date <= addDays(a.date, 7),
  );
}

function eventInsight(e: AnomalyEvent<ScannedSubject>): NewInsight {
  const { root, lead } = e;
  const currency = root.scan.currency;
  const label = METRIC_LABEL[lead.metric] ?? lead.metric;
  const v = (metric: string, x: number | null) => formatMetricValue(metric, x, currency);
  const days = e.from === e.to ? `on ${e.from}` : `from ${e.from} to ${e.to}`;
  const seenIn =
    e.members.length === 0
      ? ''
      : e.members.length <= 2
        ? `; seen in ${e.members.map(subjectLabel).join(', ')}`
        : `; seen in ${countByLevel(e.members)}`;
  const others = e.findings.filter((f) => f.anomaly !== lead);
  const listed = others.slice(0, MAX_SUMMARY_FINDINGS).map((f) => {
    const where = f.subject === root ? '' : ` in ${subjectLabel(f.subject)}`;
    const a = f.anomaly;
    return `${METRIC_LABEL[a.metric] ?? a.metric} ${a.direction}${where} (${v(a.metric, a.value)} vs ${v(a.metric, a.expected)} expected${a.date === lead.date ? '' : `, ${a.date}`})`;
  });
  const more =
    others.length > MAX_SUMMARY_FINDINGS ? `, and ${others.length - MAX_SUMMARY_FINDINGS} more` : '';
  const severity: InsightSeverity = e.score >= CRITICAL_SCORE ? 'critical' : 'warning';
  const leadBand = bandAround(root, lead);
  const memberBands = e.members.slice(0, MAX_MEMBER_BANDS).flatMap((m) => {
    const f = e.findings.find((x) => x.subject === m)!;
    const band = bandAround(m, f.anomaly);
    return band.length ? [{ subjectType: m.type, subjectId: m.id, metric: f.anomaly.metric, band }] : [];
  });
  return {
    kind: 'anomaly',
    severity,
    fingerprint: `anomaly:${root.type}:${root.id}:${e.from}`,
    title: `${capitalized(label)} ${lead.direction} ${days} (${subjectLabel(root)}${seenIn})`,
    summary:
      `${capitalized(label)} ${v(lead.metric, lead.value)} on ${lead.date}; expected about ${v(lead.metric, lead.expected)} ` +
      `(band ${v(lead.metric, lead.lower)} to ${lead.upper === null ? 'no upper limit' : v(lead.metric, lead.upper)}), ` +
      `method ${lead.method}, score ${lead.score.toFixed(1)}.` +
      (listed.length ? ` Same event: ${listed.join('; ')}${more}.` : ''),
    subjectType: root.type,
    subjectId: root.id,
    evidence: {
      anomaly: lead,
      subjectName: root.name,
      currency,
      from: e.from,
      to: e.to,
      score: e.score,
      members: e.members.map((m) => ({
        subjectType: m.type,
        subjectId: m.id,
        name: m.name,
        metrics: [...new Set(e.findings.filter((f) => f.subject === m).map((f) => f.anomaly.metric))],
      })),
      findings: e.findings.slice(0, MAX_LISTED_FINDINGS).map((f) => ({
        subjectType: f.subject.type,
        subjectId: f.subject.id,
        ...f.anomaly,
      })),
      findingsTotal: e.findings.length,
    },
    chart: { band: leadBand, ...(memberBands.length ? { members: memberBands } : {}) },
    recommendation: null,
  };
}

/** "2 ad sets and 5 ads". */
function countByLevel(list: readonly ScannedSubject[]): string {
  const counts = new Map<string, number>();
  for (const s of list) counts.set(s.type, (counts.get(s.type) ?? 0) + 1);
  return [...counts.entries()]
    .map(([t, n]) => `${n} ${LEVEL_LABEL[t] ?? t}${n === 1 ? '' : 's'}`)
    .join(' and ');
}

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
