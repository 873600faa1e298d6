/**
 * What an insight rests on: a key-facts line per kind (fatigue crossing date and interval, budget
 * lift and its 90 % interval, churn-risk count; none for anomalies, whose summary says it) and its
 * evidence chart, with the chart's content also in the aria-label. Reads `evidence` and (for one
 * insight) `chart` from the API.
 */
import { Group, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
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

/** Evidence of a budget insight: totals (minor units) and the currency. */
interface BudgetEvidence {
  currency?: string;
  totals?: {
    expectedLiftPercent: number;
    expectedLift: number;
    liftInterval?: { lower: number; upper: number; level: number };
  };
}
/** Evidence of a fatigue insight (CTRs as fractions, dates as YYYY-MM-DD). */
interface FatigueEvidence {
  thresholdCtr: number;
  currentCtr: number;
  baselineCtr: number;
  predictedCrossingDate?: string | null;
  interval?: { from: string; to: string } | null;
}

/** Money in minor units as a currency string. */
export function useMoney(): (minor: number, currency?: string) => string {
  const intl = useIntl();
  return (minor, currency = 'USD') =>
    intl.formatNumber(minor / 100, { style: 'currency', currency, maximumFractionDigits: 0 });
}

/** The one-line key facts for an insight's kind (crossing date and interval, lift and interval, …). */
export function KeyFacts({ insight }: { insight: Insight }) {
  const t = useT();
  const money = useMoney();
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
    const f = e as unknown as FatigueEvidence;
    return (
      <Text size="sm" fw={500} data-testid="key-facts">
        {f.predictedCrossingDate
          ? t('dashboard.facts.fatigue', {
              date: f.predictedCrossingDate,
              from: f.interval?.from ?? '–',
              to: f.interval?.to ?? '–',
              current: (f.currentCtr * 100).toFixed(2),
              baseline: (f.baselineCtr * 100).toFixed(2),
            })
          : t('dashboard.facts.fatigueNoDate', {
              current: (f.currentCtr * 100).toFixed(2),
              baseline: (f.baselineCtr * 100).toFixed(2),
            })}
      </Text>
    );
  }
  if (insight.kind === 'churn_risk') {
    const c = e as { atRisk?: number; repeatCustomers?: number };
    return (
      <Text size="sm" fw={500} data-testid="key-facts">
        {t('dashboard.facts.churn', { atRisk: c.atRisk ?? 0, total: c.repeatCustomers ?? 0 })}
      </Text>
    );
  }
  // An anomaly's title and summary already say what, when and by how much.
  return null;
}

/** The evidence chart of one insight (fetches the insight's chart data), `height` px high. */
export function EvidenceChart({ insight, height = 200 }: { insight: Insight; height?: number }) {
  const t = useT();
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
        option={anomalyOption(days, a, {
          observed: t('dashboard.chart.observed'),
          band: t('dashboard.chart.band'),
        })}
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
        option={budgetOption(curves, {
          current: t('dashboard.chart.current'),
          proposed: t('dashboard.chart.proposed'),
          spend: t('dashboard.chart.spend'),
          outcome: t('dashboard.chart.outcome'),
        })}
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
