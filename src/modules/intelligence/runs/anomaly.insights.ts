import { addDays } from '../../../kernel/dates/calendar-day.ts';
import {
  type AnomalyEvent,
  type EventSubject,
  type Finding,
  groupAnomalyEvents,
} from '../../../models/anomaly/events.ts';
import {
  type KnownEvent,
  type KnownEventMatch,
  knownEventSpans,
  matchKnownEvents,
} from '../../../models/anomaly/known-events.ts';
import type { Anomaly, SeriesScan } from '../../../models/anomaly/scan.ts';
import type { InsightSeverity, NewInsight } from '../insights/insights.repository.ts';
import { formatMetricValue } from './insight-format.ts';

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
  return anomalyInsightsWithCalendar(groups, []);
}

/**
 * {@link anomalyInsights} with the workspace's calendar of known events: one subject's findings
 * within one occurrence of a known event form one event ({@link knownEventSpans}: a holiday is one
 * insight over its days), and an event whose days overlap a known event is labelled with it (title
 * prefix, a sentence in the summary, `evidence.knownEvents` with the change on earlier occurrences
 * of a yearly event) — never hidden.
 */
export function anomalyInsightsWithCalendar(
  groups: readonly ScannedSubject[][],
  calendar: readonly KnownEvent[],
): NewInsight[] {
  const subjects = groups.flat();
  const findings: Finding<ScannedSubject>[] = subjects.flatMap((s) =>
    s.scan.anomalies.map((anomaly) => ({ subject: s, anomaly })),
  );
  const recent = (f: Finding<ScannedSubject>) =>
    f.subject.lastDate !== null && f.anomaly.date >= addDays(f.subject.lastDate, -ANOMALY_RECENT_DAYS + 1);
  const days = findings.map((f) => f.anomaly.date).sort();
  const spans = days.length ? knownEventSpans(calendar, days[0], days.at(-1)!) : [];
  return groupAnomalyEvents(findings, { spans })
    .filter((e) => e.findings.some(recent))
    .slice(0, MAX_ANOMALY_INSIGHTS)
    .map((e) => eventInsight(e, calendar));
}

const subjectLabel = (s: ScannedSubject) => `${LEVEL_LABEL[s.type] ?? s.type} ${s.name ?? s.id}`;
const capitalized = (t: string) => `${t[0].toUpperCase()}${t.slice(1)}`;

function bandAround(s: ScannedSubject, a: Anomaly) {
  return (s.scan.bands[a.metric] ?? []).filter(
    (p) => p.date >= addDays(a.date, -27) && p.date <= addDays(a.date, 7),
  );
}

function eventInsight(e: AnomalyEvent<ScannedSubject>, calendar: readonly KnownEvent[]): NewInsight {
  const { root, lead } = e;
  const known = matchKnownEvents(e.from, e.to, calendar, root.scan.bands[lead.metric] ?? []);
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
    const change = relativeChange(a.value, a.expected);
    return `${METRIC_LABEL[a.metric] ?? a.metric} ${change ? `${change.word} ${change.percent}` : a.direction}${where} (${v(a.metric, a.value)} vs ${v(a.metric, a.expected)} expected${a.date === lead.date ? '' : `, ${a.date}`})`;
  });
  const more =
    others.length > MAX_SUMMARY_FINDINGS ? `, and ${others.length - MAX_SUMMARY_FINDINGS} more` : '';
  const change = relativeChange(lead.value, lead.expected);
  const moved = change ? `${change.word} ${change.percent}` : lead.direction;
  const shift = lead.kind === 'level_shift';
  const when = shift ? (lead.ongoing ? `since ${lead.date}` : `from ${lead.date} to ${lead.until}`) : days;
  const band = `normal range ${v(lead.metric, lead.lower)} to ${lead.upper === null ? 'no upper limit' : v(lead.metric, lead.upper)}`;
  const against = change
    ? `${change.percent} ${change.word === 'up' ? 'above' : 'below'} the expected ${v(lead.metric, lead.expected)}`
    : `expected about ${v(lead.metric, lead.expected)}`;
  const what = shift
    ? `${capitalized(label)}: ${v(lead.metric, lead.value)} a day on average ${lead.ongoing ? `since ${lead.date} (${lead.days} days so far)` : `from ${lead.date} to ${lead.until} (${lead.days} days)`}, ${against}`
    : `${capitalized(label)} ${v(lead.metric, lead.value)} on ${lead.date}, ${against}`;
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
    title: `${known.length ? `${known.map((k) => k.name).join(', ')}: ` : ''}${capitalized(label)} ${moved} ${shift ? when : days} (${subjectLabel(root)}${seenIn})`,
    summary:
      `${what} (${band}; ${lead.method}, score ${lead.score.toFixed(1)}).` +
      known.map((k) => ` ${knownEventSentence(k)}`).join('') +
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
      ...(known.length ? { knownEvents: known } : {}),
    },
    chart: { band: leadBand, ...(memberBands.length ? { members: memberBands } : {}) },
    recommendation: null,
  };
}

/**
 * How far `value` is from `expected`, in words: `{ word: 'down', percent: '28 %' }` (relative to the
 * expectation, rounded to whole percents, at least 1 %); null when either is missing or the
 * expectation is not positive (no meaningful percentage).
 */
export function relativeChange(
  value: number | null,
  expected: number,
): { word: 'up' | 'down'; percent: string } | null {
  if (value === null || !Number.isFinite(value) || !(expected > 0) || !Number.isFinite(expected)) return null;
  const r = value / expected - 1;
  const pct = Math.max(1, Math.round(Math.abs(r) * 100));
  return { word: r >= 0 ? 'up' : 'down', percent: `${pct.toLocaleString('en-US')} %` };
}

/**
 * "Known event: Christmas (2025-12-24 to 2025-12-26); in earlier years −47 % (2024-12-24 to
 * 2024-12-26)." — or "no earlier occurrence in the data" for a yearly event the series does not
 * cover before.
 */
function knownEventSentence(k: KnownEventMatch): string {
  const days = k.startsOn === k.endsOn ? k.startsOn : `${k.startsOn} to ${k.endsOn}`;
  const head = `Known event: ${k.name} (${days})`;
  if (!k.recursYearly) return `${head}.`;
  if (k.past.length === 0) return `${head}; no earlier occurrence in the data.`;
  const past = k.past
    .map(
      (p) =>
        `${p.change >= 0 ? '+' : '−'}${Math.round(Math.abs(p.change) * 100)} % (${p.startsOn.slice(0, 4)})`,
    )
    .join(', ');
  return `${head}; in earlier years ${past}.`;
}

/** "2 ad sets and 5 ads". */
function countByLevel(list: readonly ScannedSubject[]): string {
  const counts = new Map<string, number>();
  for (const s of list) counts.set(s.type, (counts.get(s.type) ?? 0) + 1);
  return [...counts.entries()]
    .map(([t, n]) => `${n} ${LEVEL_LABEL[t] ?? t}${n === 1 ? '' : 's'}`)
    .join(' and ');
}
