/**
 * Anomaly events: the flagged days of one ad account's hierarchy (campaign ⊃ ad set ⊃ ad) grouped so
 * that one thing that happened is reported once. A CTR collapse of one ad shows up in that ad's CTR,
 * clicks, cost per click and conversion rate, and again in its ad set's and campaign's totals; the
 * scans flag each of those separately. Grouping them gives one event, placed at the highest level
 * where it is seen, with the lower-level subjects as its members. Pure: no I/O, no clock.
 */
import { addDays } from '../../kernel/dates/calendar-day.ts';
import type { Anomaly } from './scan-result.ts';

/**
 * A scanned subject: `type` names its level (`campaign`, `ad_set`, `ad`, …), `ancestors` are the
 * keys (`type:id`) of the subjects that contain it, highest first (an ad: `['campaign:c1',
 * 'ad_set:s1']`; a campaign: `[]`). The number of ancestors is the subject's depth: fewer is higher.
 */
export interface EventSubject {
  type: string;
  id: string;
  ancestors: readonly string[];
}

/** One flagged day of one metric of one subject (an entry of `SeriesScan.anomalies`). */
export interface Finding<S extends EventSubject = EventSubject> {
  subject: S;
  anomaly: Anomaly;
}

/**
 * One event: its findings (at least one) and where it sits. `root` is the highest-level subject
 * among the findings (a campaign when the campaign's total shows it), `members` every other
 * subject involved (highest first, then by key). `lead` is the root's strongest finding (the one a
 * chart shows); `score` the strongest of all. `from`/`to`: first and last day of its findings (a
 * level shift counts to its `until`).
 */
export interface AnomalyEvent<S extends EventSubject = EventSubject> {
  root: S;
  members: S[];
  lead: Anomaly;
  /** Root's findings first, then the members' in member order; within a subject by date, then strongest first. */
  findings: Finding<S>[];
  from: string;
  to: string;
  score: number;
}

/** Options of {@link groupAnomalyEvents}. */
export interface EventGroupingOptions {
  /**
   * Findings of one subject whose days are at most this many days apart belong to one event
   * (whatever their metrics), so a multi-day shift is one event. Default 1 (consecutive days).
   */
  sameSubjectGapDays?: number;
  /**
   * Findings of one subject of the same metric and direction whose days are at most this many days
   * apart belong to one event: a deviation that continues after a day the scan did not flag (an
   * outage whose middle day fell inside the noise) is one event. Default 2 (one quiet day between);
   * never less than `sameSubjectGapDays`.
   */
  sameDeviationGapDays?: number;
  /**
   * Known multi-day spans (the occurrences of a calendar's events, `from`..`to` inclusive): one
   * subject's findings within one span belong to one event, however far apart, so a holiday is one
   * event spanning its days.
   */
  spans?: readonly { from: string; to: string }[];
}

/** Longest level-shift span whose days are joined to it (a bound on the work per shift). */
const MAX_SHIFT_SPAN_DAYS = 366;

/** The key `type:id` that {@link EventSubject.ancestors} refer to. */
export const subjectKey = (s: EventSubject): string => `${s.type}:${s.id}`;

/**
 * Groups findings into events. Two findings belong to one event when
 * - they are of the same subject and their days are at most `sameSubjectGapDays` apart (the
 *   symptoms of one change: CTR down, clicks down and cost per click up on the same ad; or the
 *   days of a level shift), or of the same subject, metric and direction at most
 *   `sameDeviationGapDays` apart (a deviation with an unflagged day inside it), or one is a level
 *   shift (`kind: 'level_shift'`) of that subject and the other falls within its days (`date` to
 *   `until`), or both fall within one of `spans` (a known multi-day event such as a holiday), or
 * - they are of the same metric and direction on the same day, and one subject contains the other
 *   (ad ⊂ ad set ⊂ campaign: the same change seen in a total);
 * and, transitively, when a chain of such pairs links them (union–find). Subjects that do not
 * contain one another (two ads, two campaigns) are only joined through a common container that
 * was flagged itself. Each event's root is therefore unique: its highest subject (ties, impossible
 * in a tree, would go to the strongest finding).
 *
 * Returns events sorted by strongest score first (ties: earlier `from`, then root key). Cost:
 * O(n·k) for n findings with k findings per day or neighbouring day.
 *
 * @throws RangeError when `sameSubjectGapDays` is not an integer ≥ 0 or `sameDeviationGapDays` not an integer.
 */
export function groupAnomalyEvents<S extends EventSubject>(
  findings: readonly Finding<S>[],
  options: EventGroupingOptions = {},
): AnomalyEvent<S>[] {
  const gap = options.sameSubjectGapDays ?? 1;
  if (!Number.isInteger(gap) || gap < 0)
    throw new RangeError(`sameSubjectGapDays must be an integer ≥ 0, got ${gap}`);
  const deviationGap = Math.max(gap, options.sameDeviationGapDays ?? 2);
  if (!Number.isInteger(deviationGap))
    throw new RangeError(`sameDeviationGapDays must be an integer, got ${options.sameDeviationGapDays}`);
  const n = findings.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const keys = findings.map((f) => subjectKey(f.subject));
  const ancestors = findings.map((f) => new Set(f.subject.ancestors));
  // Findings by date, by subject and date, and by date, metric and direction: the only findings a
  // finding can be related to (below) are its subject's within the gap and the same day's same
  // signal, so each looks at those instead of every finding within the gap (a quadratic number of
  // pairs on a busy day: 25,000 findings took 0.8 s).
  const byDate = new Map<string, number[]>();
  const bySubject = new Map<string, Map<string, number[]>>();
  const bySignal = new Map<string, number[]>();
  const signalOf = (i: number) => {
    const a = findings[i].anomaly;
    return `${a.date}|${a.metric}|${a.direction}`;
  };
  const push = <K>(map: Map<K, number[]>, key: K, i: number) => {
    const list = map.get(key);
    if (list) list.push(i);
    else map.set(key, [i]);
  };
  for (let i = 0; i < n; i++) {
    const d = findings[i].anomaly.date;
    push(byDate, d, i);
    const dates = bySubject.get(keys[i]) ?? new Map<string, number[]>();
    bySubject.set(keys[i], dates);
    push(dates, d, i);
    push(bySignal, signalOf(i), i);
  }
  // Related: the same subject within `gap` days, or within `deviationGap` days for the same metric
  // and direction; or, on the same day, the same metric and direction at an ancestor or descendant.
  for (let i = 0; i < n; i++) {
    const a = findings[i].anomaly;
    const dates = bySubject.get(keys[i])!;
    for (let off = -deviationGap; off <= deviationGap; off++) {
      for (const j of dates.get(off === 0 ? a.date : addDays(a.date, off)) ?? []) {
        if (j <= i) continue;
        const b = findings[j].anomaly;
        if (Math.abs(off) <= gap || (a.metric === b.metric && a.direction === b.direction)) union(i, j);
      }
    }
    for (const j of bySignal.get(signalOf(i))!) {
      if (j > i && (ancestors[i].has(keys[j]) || ancestors[j].has(keys[i]))) union(i, j);
    }
  }
  // A level shift spans its days: the same subject's findings from its first day to `until` belong to it.
  for (let i = 0; i < n; i++) {
    const a = findings[i].anomaly;
    if (a.kind !== 'level_shift' || !a.until) continue;
    for (let d = a.date, k = 0; d <= a.until && k < MAX_SHIFT_SPAN_DAYS; d = addDays(d, 1), k++) {
      for (const j of byDate.get(d) ?? []) if (j !== i && keys[j] === keys[i]) union(i, j);
    }
  }
  // A known span (a holiday) joins one subject's findings within it.
  for (const span of options.spans ?? []) {
    const firstOf = new Map<string, number>();
    for (let d = span.from, k = 0; d <= span.to && k < MAX_SHIFT_SPAN_DAYS; d = addDays(d, 1), k++) {
      for (const j of byDate.get(d) ?? []) {
        const first = firstOf.get(keys[j]);
        if (first === undefined) firstOf.set(keys[j], j);
        else union(first, j);
      }
    }
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) push(groups, find(i), i);
  const events = [...groups.values()].map((idx) => toEvent(idx.map((i) => findings[i])));
  return events.sort(
    (x, y) => y.score - x.score || cmp(x.from, y.from) || cmp(subjectKey(x.root), subjectKey(y.root)),
  );
}

function toEvent<S extends EventSubject>(list: Finding<S>[]): AnomalyEvent<S> {
  const bySubject = new Map<string, { subject: S; findings: Finding<S>[]; best: number }>();
  for (const f of list) {
    const k = subjectKey(f.subject);
    const e = bySubject.get(k) ?? { subject: f.subject, findings: [], best: -Infinity };
    e.findings.push(f);
    e.best = Math.max(e.best, f.anomaly.score);
    bySubject.set(k, e);
  }
  const subjects = [...bySubject.entries()]
    .sort(
      ([ka, a], [kb, b]) =>
        a.subject.ancestors.length - b.subject.ancestors.length || b.best - a.best || cmp(ka, kb),
    )
    .map(([, s]) => s);
  for (const s of subjects)
    s.findings.sort((a, b) => cmp(a.anomaly.date, b.anomaly.date) || b.anomaly.score - a.anomaly.score);
  const [root, ...rest] = subjects;
  const lead = root.findings.reduce((m, f) => (f.anomaly.score > m.anomaly.score ? f : m)).anomaly;
  const dates = list.flatMap((f) => [f.anomaly.date, ...(f.anomaly.until ? [f.anomaly.until] : [])]).sort();
  return {
    root: root.subject,
    members: rest.map((s) => s.subject),
    lead,
    findings: subjects.flatMap((s) => s.findings),
    from: dates[0],
    to: dates.at(-1)!,
    score: Math.max(...list.map((f) => f.anomaly.score)),
  };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
