/**
 * Anomaly insights in words, from their structured evidence (anomaly.ts) through the catalog: the
 * short title (what moved, where, when), the line naming where else it was seen, the lead fact,
 * a finding as a chip label, a subject with its level, and the known events of the workspace's
 * calendar the event falls on (its title then starts with their names, "Christmas: …"). Insights
 * stored before events were grouped have no `subjectName`: their server-written title is used as it is.
 */
import { useIntl } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import {
  type AnomalyFinding,
  anomalyEvidence,
  formatChange,
  formatDay,
  formatMetric,
  isGroupedAnomaly,
  type KnownEventMatch,
} from './anomaly.ts';
import type { Insight } from './queries.ts';

const METRICS = [
  'impressions',
  'clicks',
  'spendMinor',
  'conversions',
  'revenueMinor',
  'ctr',
  'conversionRate',
  'cpc',
  'cpa',
] as const;
const LEVELS = ['campaign', 'ad_set', 'ad'] as const;
type Level = (typeof LEVELS)[number];
const isMetric = (m: string): m is (typeof METRICS)[number] => (METRICS as readonly string[]).includes(m);
const isLevel = (l: string): l is Level => (LEVELS as readonly string[]).includes(l);

/** The words of the anomaly UI, bound to the current locale. */
export interface AnomalyWords {
  /** "CTR", "Cost per click", … (unknown metrics as they are). */
  metric(m: string): string;
  /** "Campaign", "Ad set", "Ad". */
  level(type: string): string;
  /** "ad set Lookalike 1% – Purchasers". */
  place(type: string, name: string): string;
  /** A metric value in its unit (rates as percents, money in the insight's currency). */
  value(metric: string, v: number | null): string;
  /** "Nov 16". */
  day(d: string): string;
  /**
   * The card and page title: "CTR drop in Prospecting – Broad Audiences on Nov 16", after the names of
   * the known events it falls on ("Christmas: CTR drop in …"); the server's for old insights.
   */
  title(insight: Insight): string;
  /**
   * One line per known event the anomaly falls on: "Known event: Christmas (Dec 24 – Dec 26); earlier
   * years: −47 % (2024)" (a yearly event's change on its earlier occurrences); empty when none.
   */
  knownEvents(insight: Insight): string[];
  /** "Campaign · also seen in ad set X and ad Y" (counts by level beyond two); null for old insights. */
  membership(insight: Insight): string | null;
  /** "CTR 0.75 % vs about 1.04 % expected (−28 %)"; null when there is no lead. */
  leadFact(insight: Insight): string | null;
  /** A finding as a chip: "CTR drop: 0.23 % vs 1.19 %". */
  finding(f: AnomalyFinding): string;
  /** The lead's expected range, test and score: "Expected range 0.97 % to 1.12 % · ratio test, score 44.8". */
  detection(insight: Insight): string | null;
}

/** {@link AnomalyWords} for one insight's currency (USD when its evidence names none). */
export function useAnomalyWords(currency = 'USD'): AnomalyWords {
  const t = useT();
  const intl = useIntl();
  const metric = (m: string) => (isMetric(m) ? t(`dashboard.metric.${m}`) : m);
  const level = (type: string) => (isLevel(type) ? t(`dashboard.level.${type}`) : type);
  const place = (type: string, name: string) =>
    isLevel(type) ? t(`dashboard.level.named.${type}`, { name }) : `${type} ${name}`;
  const value = (m: string, v: number | null) => formatMetric(intl, m, v, currency);
  const day = (d: string) => formatDay(intl, d);
  /** "Known event: Christmas (Dec 24 – Dec 26); earlier years: −47 % (2024)". */
  const knownEventLine = (k: KnownEventMatch) => {
    const days = k.startsOn === k.endsOn ? day(k.startsOn) : `${day(k.startsOn)} – ${day(k.endsOn)}`;
    if (!k.recursYearly) return t('dashboard.anomaly.known', { name: k.name, days });
    if (k.past.length === 0) return t('dashboard.anomaly.knownNoPast', { name: k.name, days });
    const past = intl.formatList(
      k.past.map((p) =>
        t('dashboard.anomaly.knownYear', {
          // The change as a signed percent (formatChange of observed 1 + change against 1).
          change: formatChange(intl, 1 + p.change, 1) || intl.formatNumber(0, { style: 'percent' }),
          year: p.startsOn.slice(0, 4),
        }),
      ),
      { type: 'unit', style: 'short' },
    );
    return t('dashboard.anomaly.knownPast', { name: k.name, days, past });
  };
  const direction = (d: string) =>
    d === 'spike' ? t('dashboard.anomaly.spike') : t('dashboard.anomaly.drop');
  const words: AnomalyWords = {
    metric,
    level,
    place,
    value,
    day,
    title(insight) {
      const e = anomalyEvidence(insight);
      if (!isGroupedAnomaly(insight) || !e.anomaly) return insight.title;
      const a = e.anomaly;
      const from = e.from ?? a.date;
      const to = e.to ?? a.date;
      const common = {
        metric: metric(a.metric),
        direction: direction(a.direction),
        name: e.subjectName ?? insight.subjectId,
      };
      const title =
        from === to
          ? t('dashboard.anomaly.title', { ...common, date: day(from) })
          : t('dashboard.anomaly.titleRange', { ...common, from: day(from), to: day(to) });
      const known = e.knownEvents ?? [];
      return known.length === 0
        ? title
        : t('dashboard.anomaly.knownTitle', {
            events: intl.formatList(
              known.map((k) => k.name),
              { type: 'unit', style: 'short' },
            ),
            title,
          });
    },
    knownEvents(insight) {
      if (insight.kind !== 'anomaly') return [];
      return (anomalyEvidence(insight).knownEvents ?? []).map((k) => knownEventLine(k));
    },
    membership(insight) {
      if (!isGroupedAnomaly(insight)) return null;
      const members = anomalyEvidence(insight).members ?? [];
      const own = level(insight.subjectType);
      if (members.length === 0) return own;
      let places: string;
      if (members.length <= 2) {
        places = intl.formatList(
          members.map((m) => place(m.subjectType, m.name ?? m.subjectId)),
          { type: 'conjunction' },
        );
      } else {
        const counts = new Map<string, number>();
        for (const m of members) counts.set(m.subjectType, (counts.get(m.subjectType) ?? 0) + 1);
        places = intl.formatList(
          [...counts].map(([type, count]) =>
            isLevel(type) ? t(`dashboard.level.count.${type}`, { count }) : `${count} ${type}`,
          ),
          { type: 'conjunction' },
        );
      }
      return t('dashboard.anomaly.alsoSeen', { level: own, places });
    },
    leadFact(insight) {
      const a = anomalyEvidence(insight).anomaly;
      if (!a) return null;
      const change = formatChange(intl, a.value, a.expected);
      const values = {
        metric: metric(a.metric),
        value: value(a.metric, a.value),
        expected: value(a.metric, a.expected),
      };
      return change
        ? t('dashboard.anomaly.factChange', { ...values, change })
        : t('dashboard.anomaly.fact', values);
    },
    finding(f) {
      return t('dashboard.anomaly.finding', {
        metric: metric(f.metric),
        direction: direction(f.direction),
        value: value(f.metric, f.value),
        expected: value(f.metric, f.expected),
      });
    },
    detection(insight) {
      const a = anomalyEvidence(insight).anomaly;
      if (!a) return null;
      const method =
        a.method === 'ratio-test'
          ? t('dashboard.anomaly.method.ratio')
          : a.method === 'count-test'
            ? t('dashboard.anomaly.method.count')
            : t('dashboard.anomaly.method.seasonal');
      const score = intl.formatNumber(a.score, { maximumFractionDigits: 1 });
      const lower = value(a.metric, a.lower);
      return a.upper === null
        ? t('dashboard.anomaly.detectionAtLeast', { lower, method, score })
        : t('dashboard.anomaly.detection', { lower, upper: value(a.metric, a.upper), method, score });
    },
  };
  return words;
}
