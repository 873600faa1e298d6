/**
 * The evidence of a grouped anomaly on its detail page: one chart and, under it, "Seen in": the
 * insight's own subject and every member (level, name, what moved). Each moved metric is a toggle
 * (`aria-pressed`) that swaps the chart to that subject's series of that metric: the band the
 * insight carries (`chart.band`, `chart.members`) or else the subject's stored scan
 * (`GET /intelligence/models/anomaly/{type}/{id}`, fetched on selection), cut to the window the
 * server charts (27 days before to 7 after its flagged days), its flagged days marked.
 */
import { Badge, Button, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconTrendingDown, IconTrendingUp } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import {
  type AnomalyFinding,
  anomalyEvidence,
  bandWindow,
  type ChartPick,
  carriedBand,
  type SeenInRow,
  seenInRows,
} from './anomaly.ts';
import { anomalyOption, type BandDay } from './charts.ts';
import { EChart } from './EChart.tsx';
import { type Insight, modelResultQuery } from './queries.ts';
import { type AnomalyWords, useAnomalyWords } from './words.ts';

const samePlace = (a: ChartPick, b: { subjectType: string; subjectId: string }) =>
  a.subjectType === b.subjectType && a.subjectId === b.subjectId;

/** Chart and "Seen in" list of a grouped anomaly insight (`insight` as fetched with its `chart`), the chart `height` px high. */
export function AnomalyEvidencePanel({ insight, height = 300 }: { insight: Insight; height?: number }) {
  const t = useT();
  const e = anomalyEvidence(insight);
  const words = useAnomalyWords(e.currency);
  const rows = useMemo(() => seenInRows(insight), [insight]);
  const [pick, setPick] = useState<ChartPick>({
    subjectType: insight.subjectType,
    subjectId: insight.subjectId,
    metric: e.anomaly?.metric ?? rows[0]?.metrics[0] ?? '',
  });
  const headingId = useId();
  const chartRef = useRef<HTMLDivElement>(null);
  // On a narrow screen the list is under the chart: bring the swapped chart into view.
  const choose = (p: ChartPick) => {
    setPick(p);
    const top = chartRef.current?.getBoundingClientRect().top;
    if (top !== undefined && top < 0)
      chartRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };
  const row = rows.find((r) => samePlace(pick, r)) ?? rows[0];
  const more = (e.findingsTotal ?? 0) - (e.findings?.length ?? 0);
  return (
    <Grid gap="lg" data-testid="anomaly-evidence">
      <Grid.Col span={{ base: 12, md: 7 }} ref={chartRef} style={{ scrollMarginTop: 64 }}>
        <Text fw={600} size="sm" data-testid="anomaly-chart-title">
          {t('dashboard.anomaly.chartTitle', {
            metric: words.metric(pick.metric),
            place: words.place(row.subjectType, row.name),
          })}
        </Text>
        <AnomalyChart insight={insight} pick={pick} row={row} words={words} height={height} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="xs" component="section" aria-labelledby={headingId} data-testid="seen-in">
          <Title order={3} size="h4" id={headingId}>
            {t('dashboard.anomaly.seenIn')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('dashboard.anomaly.seenInHint')}
          </Text>
          <Stack gap={0}>
            {rows.map((r) => (
              <SeenInItem
                key={`${r.subjectType}:${r.subjectId}`}
                row={r}
                pick={pick}
                words={words}
                onPick={choose}
              />
            ))}
          </Stack>
          {more > 0 && (
            <Text size="xs" c="dimmed">
              {t('dashboard.anomaly.more', { count: more })}
            </Text>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

/** One place: level, name and a toggle per moved metric. */
function SeenInItem({
  row,
  pick,
  words,
  onPick,
}: {
  row: SeenInRow;
  pick: ChartPick;
  words: AnomalyWords;
  onPick: (p: ChartPick) => void;
}) {
  const place = { subjectType: row.subjectType, subjectId: row.subjectId };
  // One toggle per metric: its first listed finding (the lead for the root), else the metric alone.
  const byMetric = row.metrics.map((metric) => ({
    metric,
    finding: row.findings.find((f) => f.metric === metric),
  }));
  return (
    <Stack
      gap={6}
      py="xs"
      role="group"
      aria-label={words.place(row.subjectType, row.name)}
      data-testid="seen-in-row"
      data-level={row.subjectType}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
    >
      <Group gap="xs" wrap="nowrap" align="baseline">
        <Badge variant="outline" color="gray" radius="sm" style={{ flexShrink: 0 }}>
          {words.level(row.subjectType)}
        </Badge>
        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
          {row.name}
        </Text>
      </Group>
      <Group gap={6} wrap="wrap">
        {byMetric.map(({ metric, finding }) => {
          const on = samePlace(pick, place) && pick.metric === metric;
          return (
            <Button
              key={metric}
              size="compact-sm"
              radius="xl"
              variant={on ? 'filled' : 'default'}
              aria-pressed={on}
              fw={on ? 600 : 400}
              leftSection={finding && <DirectionIcon finding={finding} />}
              onClick={() => onPick({ ...place, metric })}
              styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
            >
              {finding ? words.finding(finding) : words.metric(metric)}
            </Button>
          );
        })}
      </Group>
    </Stack>
  );
}

function DirectionIcon({ finding }: { finding: AnomalyFinding }) {
  return finding.direction === 'spike' ? (
    <IconTrendingUp size={14} aria-hidden />
  ) : (
    <IconTrendingDown size={14} aria-hidden />
  );
}

/** The chart of one subject's metric: the carried band, or the subject's stored scan cut to the event's window. */
function AnomalyChart({
  insight,
  pick,
  row,
  words,
  height,
}: {
  insight: Insight;
  pick: ChartPick;
  row: SeenInRow;
  words: AnomalyWords;
  height: number;
}) {
  const t = useT();
  const e = anomalyEvidence(insight);
  const chart = (insight as { chart?: Record<string, unknown> | null }).chart;
  const carried = carriedBand(insight, chart, pick);
  const stored = useQuery({
    ...modelResultQuery('anomaly', pick.subjectType, pick.subjectId),
    enabled: !carried,
  });
  const flagged = useMemo(() => row.findings.filter((f) => f.metric === pick.metric), [row, pick.metric]);
  const dates = flagged.map((f) => f.date).sort();
  const from = dates[0] ?? e.from ?? e.anomaly?.date ?? '';
  const to = dates.at(-1) ?? e.to ?? from;
  const storedBands = (stored.data?.result as { bands?: Record<string, BandDay[]> } | undefined)?.bands;
  const days = useMemo(() => {
    if (carried) return carried;
    const all = storedBands?.[pick.metric];
    return all ? bandWindow(all, from, to) : null;
  }, [carried, storedBands, pick.metric, from, to]);
  const observed = t('dashboard.chart.observed');
  const bandLabel = t('dashboard.chart.band');
  // `words` is rebuilt on every render but changes only with the locale, as the labels do.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  const option = useMemo(
    () =>
      days?.length
        ? anomalyOption(days, flagged, { observed, band: bandLabel }, (v) => words.value(pick.metric, v))
        : null,
    [days, flagged, pick.metric, observed, bandLabel],
  );
  if (!carried && stored.isPending) return <Skeleton h={height} />;
  if (!option) {
    return (
      <Text size="sm" c="dimmed" h={height} data-testid="anomaly-no-chart">
        {t('dashboard.anomaly.noChart')}
      </Text>
    );
  }
  const first = flagged[0];
  const place = words.place(row.subjectType, row.name);
  const label = first
    ? t('dashboard.anomaly.chartLabel', {
        metric: words.metric(pick.metric),
        place,
        value: words.value(pick.metric, first.value),
        date: words.day(first.date),
        expected: words.value(pick.metric, first.expected),
      })
    : t('dashboard.anomaly.chartTitle', { metric: words.metric(pick.metric), place });
  return <EChart label={label} height={height} option={option} />;
}
