/**
 * Reading an anomaly insight (one event seen at campaign, ad set and ad level, grouped by the server:
 * src/modules/intelligence/runs/ads.insights.ts) for the dashboard: its evidence shapes, the places
 * it was seen in (root first, then the members), the band to chart for one place and metric, and
 * metric values and days as text. Pure apart from the `IntlShape` passed in: no React, no fetching.
 */
import type { IntlShape } from 'react-intl';
import { iso4217MinorUnits } from '../../../../src/kernel/money/iso4217.ts';
import type { KnownEventMatch } from '../../../../src/models/anomaly/known-events.ts';
import { METRIC_UNIT } from '../../../../src/models/anomaly/metric-units.ts';
import type { BandDay } from './charts.ts';
import type { Insight } from './queries.ts';

export type { KnownEventMatch };

/** One flagged day of one metric (`evidence.anomaly`, and each entry of `evidence.findings`). */
export interface AnomalyFinding {
  /** The subject it was flagged on; absent on `evidence.anomaly` (that is the insight's subject). */
  subjectType?: string;
  subjectId?: string;
  /** Scan metric: `ctr`, `cpc`, `clicks`, `revenueMinor`, … */
  metric: string;
  /** UTC day `YYYY-MM-DD`. */
  date: string;
  /** Observed value: rates as fractions, money in minor units, counts; null for CPC/CPA without clicks/conversions. */
  value: number | null;
  expected: number;
  lower: number;
  upper: number | null;
  score: number;
  direction: 'spike' | 'drop';
  method: string;
}

/** A lower-level subject in which the event was also seen (`evidence.members`). */
export interface AnomalyMember {
  subjectType: string;
  subjectId: string;
  name: string | null;
  /** The metrics flagged on it. */
  metrics: string[];
}

/** A member's band around its first flagged day (`chart.members`, at most 10 members). */
export interface MemberBand {
  subjectType: string;
  subjectId: string;
  metric: string;
  band: BandDay[];
}

/**
 * `evidence` of an anomaly insight. `subjectName` (the root's name), `from`, `to`, `members` and
 * `findings` come with grouped events; insights stored before grouping have `anomaly` and `currency` only.
 */
export interface AnomalyEvidence {
  anomaly?: AnomalyFinding;
  subjectName?: string | null;
  currency?: string;
  from?: string;
  to?: string;
  score?: number;
  members?: AnomalyMember[];
  findings?: AnomalyFinding[];
  /** Number of findings of the event (`findings` lists at most 50). */
  findingsTotal?: number;
  /**
   * Known events of the workspace's calendar that overlap the event's days (absent: none): each
   * occurrence there and, for a yearly one, the change on earlier occurrences (`past`, newest first).
   */
  knownEvents?: KnownEventMatch[];
}

/** One place an anomaly was seen in: the insight's own subject (`root`) or a member, with its findings. */
export interface SeenInRow {
  subjectType: string;
  subjectId: string;
  /** Its name, or its id when it has none. */
  name: string;
  root: boolean;
  /** Its flagged days listed in the evidence (lead first for the root), one per metric and day. */
  findings: AnomalyFinding[];
  /** Every metric flagged on it (also those whose findings the evidence cut off). */
  metrics: string[];
}

/** The subject and metric an anomaly chart shows. */
export interface ChartPick {
  subjectType: string;
  subjectId: string;
  metric: string;
}

/** The insight's evidence read as an anomaly's. */
export const anomalyEvidence = (insight: Pick<Insight, 'evidence'>): AnomalyEvidence =>
  insight.evidence as AnomalyEvidence;

/** Whether the insight carries the grouped event's structure (the root's name, members, findings). */
export const isGroupedAnomaly = (insight: Pick<Insight, 'kind' | 'evidence'>): boolean =>
  insight.kind === 'anomaly' && 'subjectName' in insight.evidence && !!anomalyEvidence(insight).anomaly;

/**
 * Where an anomaly insight's event was seen: its own subject first (its lead finding first), then
 * each member in the server's order (highest level first). Rows without a listed finding still
 * name their flagged `metrics`.
 */
export function seenInRows(insight: Pick<Insight, 'subjectType' | 'subjectId' | 'evidence'>): SeenInRow[] {
  const e = anomalyEvidence(insight);
  const findings = e.findings ?? (e.anomaly ? [e.anomaly] : []);
  const of = (type: string, id: string, root: boolean) =>
    findings.filter((f) =>
      f.subjectType === undefined ? root : f.subjectType === type && f.subjectId === id,
    );
  const rootFindings = of(insight.subjectType, insight.subjectId, true);
  const lead = e.anomaly;
  if (lead) {
    const i = rootFindings.findIndex((f) => f.metric === lead.metric && f.date === lead.date);
    if (i > 0) rootFindings.unshift(...rootFindings.splice(i, 1));
    if (i < 0) rootFindings.unshift(lead);
  }
  const root: SeenInRow = {
    subjectType: insight.subjectType,
    subjectId: insight.subjectId,
    name: e.subjectName ?? insight.subjectId,
    root: true,
    findings: rootFindings,
    metrics: [...new Set(rootFindings.map((f) => f.metric))],
  };
  return [
    root,
    ...(e.members ?? []).map((m) => {
      const own = of(m.subjectType, m.subjectId, false);
      return {
        subjectType: m.subjectType,
        subjectId: m.subjectId,
        name: m.name ?? m.subjectId,
        root: false,
        findings: own,
        metrics: [...new Set([...own.map((f) => f.metric), ...m.metrics])],
      };
    }),
  ];
}

/** The days from `from − 27` to `to + 7` (the window the server charts around a flagged day). */
export function bandWindow(points: readonly BandDay[], from: string, to: string): BandDay[] {
  const shift = (d: string, n: number) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const lo = shift(from, -27);
  const hi = shift(to, 7);
  return points.filter((p) => p.date >= lo && p.date <= hi);
}

/**
 * The band the insight itself carries for `pick`: `chart.band` for the root's lead metric, a
 * `chart.members` entry for a member's charted metric; null when it carries none (then the
 * subject's stored scan, `GET /intelligence/models/anomaly/{type}/{id}`, has it).
 */
export function carriedBand(
  insight: Pick<Insight, 'subjectType' | 'subjectId' | 'evidence'>,
  chart: Record<string, unknown> | null | undefined,
  pick: ChartPick,
): BandDay[] | null {
  if (!chart) return null;
  const e = anomalyEvidence(insight);
  if (
    pick.subjectType === insight.subjectType &&
    pick.subjectId === insight.subjectId &&
    pick.metric === e.anomaly?.metric
  ) {
    const band = chart.band as BandDay[] | undefined;
    return band?.length ? band : null;
  }
  const m = ((chart.members as MemberBand[] | undefined) ?? []).find(
    (x) => x.subjectType === pick.subjectType && x.subjectId === pick.subjectId && x.metric === pick.metric,
  );
  return m?.band.length ? m.band : null;
}

/**
 * Digits after the decimal point of `currency` (USD 2, JPY 0, KWD 3), from the pinned ISO 4217 table
 * the server stores minor units by (src/kernel/money/iso4217.ts); 2 for a code it lacks.
 */
export function currencyDigits(currency: string): number {
  return iso4217MinorUnits(currency) ?? 2;
}

/** A percent (`p` already × 100) with the server's precision: 3 significant digits, at most 2 decimals. */
function percentText(intl: IntlShape, p: number): string {
  const a = Math.abs(p);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 0.1 ? 2 : 3;
  return `${intl.formatNumber(p, { minimumFractionDigits: digits, maximumFractionDigits: digits })}\u00a0%`;
}

/**
 * A scan metric's value as text: rates (fractions) as percents ("0.75 %"), money in minor units of
 * `currency` as an amount (cost per click and per conversion with cents, larger sums from 100 whole
 * units without), counts with separators. null or non-finite → "–".
 */
export function formatMetric(
  intl: IntlShape,
  metric: string,
  value: number | null,
  currency = 'USD',
): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const unit = METRIC_UNIT[metric] ?? 'count';
  if (unit === 'rate') return percentText(intl, value * 100);
  if (unit === 'money') {
    const digits = currencyDigits(currency);
    const major = value / 10 ** digits;
    const cents = metric === 'cpc' || metric === 'cpa' || Math.abs(major) < 100 ? digits : 0;
    return intl.formatNumber(major, {
      style: 'currency',
      currency,
      minimumFractionDigits: cents,
      maximumFractionDigits: cents,
    });
  }
  const whole = Math.abs(value) >= 10 || Number.isInteger(value);
  return intl.formatNumber(value, { maximumFractionDigits: whole ? 0 : 1 });
}

/** The change from `expected` to `value` as a signed percent ("−28 %", "+410 %"); "" when undefined. */
export function formatChange(intl: IntlShape, value: number | null, expected: number): string {
  if (value === null || !Number.isFinite(value) || !expected) return '';
  const change = Math.round(((value - expected) / Math.abs(expected)) * 100);
  if (change === 0) return '';
  return `${change > 0 ? '+' : '−'}${intl.formatNumber(Math.abs(change))}\u00a0%`;
}

/**
 * A UTC day `YYYY-MM-DD` as "Nov 16" (with the year when it is not the current one), its spaces
 * non-breaking so that a title never wraps inside a date.
 */
export function formatDay(intl: IntlShape, day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return intl
    .formatDate(date, {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
      ...(date.getUTCFullYear() !== new Date().getUTCFullYear() ? { year: 'numeric' } : {}),
    })
    .replace(/ /g, '\u00a0');
}
