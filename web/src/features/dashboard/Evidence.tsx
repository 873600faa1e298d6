/**
 * What an insight rests on: a key-facts line per kind (fatigue: what its title does not already say;
 * budget lift and its 90 % interval; a grouped anomaly's lead value against the expected one; none
 * for churn risk, whose title and summary give the count) and its evidence chart, with the chart's
 * content also in the aria-label. Reads `evidence` and (for one insight) `chart` from the API.
 */
import { Group, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type IntlShape, useIntl } from 'react-intl';
import { type MoneyFormat, useMoney as useMinorMoney } from '../../i18n/money.ts';
import { useT } from '../../i18n/useT.ts';
import { formatDay, isGroupedAnomaly } from './anomaly.ts';
import {
  type AnomalyPoint,
  anomalyOption,
  type BandDay,
  type BudgetCurve,
  budgetOption,
  type FatigueDay,
  type ForecastMetric,
  fatigueOption,
  forecastOption,
} from './charts.ts';
import { EChart } from './EChart.tsx';
import { type Insight, insightQuery, modelResultQuery } from './queries.ts';
import { useAnomalyWords } from './words.ts';

/** Evidence of a budget insight: totals (minor units) and the currency. */
interface BudgetEvidence {
  currency?: string;
  totals?: {
    expectedLiftPercent: number;
    expectedLift: number;
    liftInterval?: { lower: number; upper: number; level: number };
  };
}
/** Evidence of a fatigue insight (CTRs as fractions, dates as YYYY-MM-DD, CPC trend as a fraction per week). */
interface FatigueEvidence {
  status?: string;
  thresholdCtr: number;
  currentCtr: number;
  baselineCtr: number;
  predictedCrossingDate?: string | null;
  interval?: { from: string; to: string } | null;
  costPerResultTrend?: { cpc?: { status?: string; changePerWeek?: number } | null } | null;
}

/**
 * Money in minor units as a currency string rounded to whole units (budgets, lifts), each currency
 * scaled by its own ISO 4217 exponent (web/src/i18n/money.ts).
 */
export function useMoney(): MoneyFormat {
  return useMinorMoney({ whole: true });
}

/** The one-line key facts of an insight: what its title (and, on cards, its summary) does not already say; null when nothing is left. */
export function KeyFacts({ insight }: { insight: Insight }) {
  const t = useT();
  const intl = useIntl();
  const money = useMoney();
  const words = useAnomalyWords((insight.evidence as { currency?: string }).currency);
  const e = insight.evidence;
  if (insight.kind === 'budget') {
    const b = e as BudgetEvidence;
    if (!b.totals) return null;
    const i = b.totals.liftInterval;
    return (
      <Text size="sm" fw={500} data-testid="key-facts">
        {t('dashboard.facts.budget', {
          percent: b.totals.expectedLiftPercent.toFixed(1),
          lift: money(b.totals.expectedLift, b.currency),
          lower: i ? money(i.lower, b.currency) : '–',
          upper: i ? money(i.upper, b.currency) : '–',
        })}
      </Text>
    );
  }
  if (insight.kind === 'fatigue') {
    return (
      <Text size="sm" fw={500} data-testid="key-facts">
        {fatigueFacts(insight, t, intl)}
      </Text>
    );
  }
  // A churn-risk title and summary already give the count (and the summary the total and share).
  if (insight.kind === 'churn_risk') return null;
  // A grouped anomaly's title says what moved, where and when; this says by how much. (Older
  // anomaly insights' summaries say it.)
  const lead = isGroupedAnomaly(insight) ? words.leadFact(insight) : null;
  return lead ? (
    <Text size="sm" fw={500} data-testid="key-facts">
      {lead}
    </Text>
  ) : null;
}

/**
 * A fatigue insight's facts that its server-written title does not state: a worn-out ad's title
 * gives the CTR against launch, so the facts give when it crossed the threshold and the cost per
 * click trend; a warning's title gives the crossing day, so the facts give the CTRs and the interval.
 */
function fatigueFacts(insight: Insight, t: ReturnType<typeof useT>, intl: IntlShape): string {
  const f = insight.evidence as unknown as FatigueEvidence;
  const pct = (x: number) => (x * 100).toFixed(2);
  const day = (d: string) => formatDay(intl, d);
  const cpc = f.costPerResultTrend?.cpc;
  const rising =
    cpc?.status === 'rising' && typeof cpc.changePerWeek === 'number'
      ? t('dashboard.facts.cpcRising', { percent: (cpc.changePerWeek * 100).toFixed(1) })
      : null;
  const join = (...parts: (string | null)[]) => parts.filter(Boolean).join('; ');
  if (f.status === 'fatigued') {
    const threshold = Math.round((f.thresholdCtr / f.baselineCtr) * 100);
    const below = f.predictedCrossingDate
      ? t('dashboard.facts.fatigueWornOut', {
          threshold,
          date: day(f.predictedCrossingDate),
          from: f.interval ? day(f.interval.from) : '–',
          to: f.interval ? day(f.interval.to) : '–',
        })
      : t('dashboard.facts.fatigueBelow', { threshold });
    return join(below, rising);
  }
  const ctr = { current: pct(f.currentCtr), baseline: pct(f.baselineCtr) };
  if (f.status === 'warning')
    return join(
      f.interval
        ? t('dashboard.facts.fatigueSoon', { ...ctr, from: day(f.interval.from), to: day(f.interval.to) })
        : t('dashboard.facts.fatigueCtr', ctr),
      rising,
    );
  return f.predictedCrossingDate
    ? t('dashboard.facts.fatigue', {
        ...ctr,
        date: f.predictedCrossingDate,
        from: f.interval?.from ?? '–',
        to: f.interval?.to ?? '–',
      })
    : t('dashboard.facts.fatigueNoDate', ctr);
}

/** The evidence chart of one insight (fetches the insight's chart data), `height` px high. */
export function EvidenceChart({ insight, height = 200 }: { insight: Insight; height?: number }) {
  const t = useT();
  const words = useAnomalyWords((insight.evidence as { currency?: string }).currency);
  const { data, isPending } = useQuery(insightQuery(insight.id));
  if (insight.kind === 'churn_risk') return <ChurnList insight={insight} />;
  if (isPending) return <Skeleton h={height} />;
  const chart = (data?.chart ?? null) as Record<string, unknown> | null;
  if (!chart) return null;
  const label = `${t(`dashboard.kind.${insight.kind}`)}: ${insight.summary}`;
  if (insight.kind === 'anomaly') {
    const a = (insight.evidence as { anomaly?: AnomalyPoint }).anomaly;
    const days = chart.band as BandDay[] | undefined;
    if (!a || !days?.length) return null;
    return (
      <EChart
        label={label}
        height={height}
        option={anomalyOption(
          days,
          a,
          { observed: t('dashboard.chart.observed'), band: t('dashboard.chart.band') },
          (v) => words.value(a.metric, v),
        )}
      />
    );
  }
  if (insight.kind === 'fatigue') {
    const timeline = chart.timeline as FatigueDay[] | undefined;
    if (!timeline?.length) return null;
    return (
      <EChart
        label={label}
        height={height}
        option={fatigueOption(
          timeline,
          (chart.projection as FatigueDay[] | undefined) ?? [],
          insight.evidence as unknown as FatigueEvidence,
          {
            observed: t('dashboard.chart.observedCtr'),
            fitted: t('dashboard.chart.fittedCtr'),
            projected: t('dashboard.chart.projected'),
            threshold: t('dashboard.chart.threshold'),
            crossing: t('dashboard.chart.crossing'),
          },
        )}
      />
    );
  }
  const curves = chart.curves as BudgetCurve[] | undefined;
  if (!curves?.length) return null;
  return (
    <Stack gap={2}>
      <EChart
        label={label}
        height={height}
        option={budgetOption(
          curves,
          {
            current: t('dashboard.chart.current'),
            proposed: t('dashboard.chart.proposed'),
            spend: t('dashboard.chart.spend'),
            outcome: t('dashboard.chart.outcome'),
          },
          (insight.evidence as { currency?: string }).currency,
        )}
      />
      <Text size="xs" c="dimmed">
        {t('dashboard.chart.budgetLegend')}
      </Text>
    </Stack>
  );
}

/** The most valuable at-risk customers of a churn-risk insight, as text. */
function ChurnList({ insight }: { insight: Insight }) {
  const t = useT();
  const top = (
    (insight.evidence as { top?: { contactId: string; pAlive: number; frequency: number }[] }).top ?? []
  ).slice(0, 3);
  return (
    <Stack gap={2}>
      {top.map((c) => (
        <Group key={c.contactId} gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {t('dashboard.churn.row', { pAlive: (c.pAlive * 100).toFixed(1), orders: c.frequency + 1 })}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** The forecast (history + 80 % band) of the insight's subject, when the forecast model has one. */
export function ForecastChart({ insight }: { insight: Insight }) {
  const t = useT();
  const { data } = useQuery({
    ...modelResultQuery('forecast', insight.subjectType, insight.subjectId),
    enabled: insight.subjectType === 'campaign' || insight.subjectType === 'account',
  });
  const metrics = (
    data?.result as { metrics?: Record<string, ForecastMetric & { status?: string }> } | undefined
  )?.metrics;
  const m = metrics?.revenueMinor ?? metrics?.conversions;
  if (!m?.forecast?.length) return null;
  const isRevenue = m === metrics?.revenueMinor;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t(isRevenue ? 'dashboard.forecast.revenue' : 'dashboard.forecast.conversions')}
      </Text>
      <EChart
        label={t('dashboard.forecast.label', { days: m.forecast.length })}
        height={220}
        option={forecastOption(
          m,
          {
            history: t('dashboard.chart.history'),
            forecast: t('dashboard.chart.forecast'),
            band: t('dashboard.chart.band80'),
          },
          isRevenue ? 100 : 1,
        )}
      />
    </Stack>
  );
}
