/**
 * `/dashboard`: what needs attention now. Insights under the URL's filters (kind, status; open by
 * default), grouped by severity (critical, warning, info); each card shows the kind, a short title
 * linking to the detail, what the title leaves out (where else an anomaly was seen, the summary, the
 * key facts: each fact once) and the evidence chart. With no
 * insights, admins can load the demo data (a spinner until its model run is done).
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconChartLine, IconDatabaseImport } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { Empty, ErrorAlert } from '../settings/parts.tsx';
import { isGroupedAnomaly } from './anomaly.ts';
import { EvidenceChart, KeyFacts } from './Evidence.tsx';
import { type Insight, insightsQuery, loadDemo } from './queries.ts';
import { useAnomalyWords } from './words.ts';

const SEVERITIES = ['critical', 'warning', 'info'] as const;
const KINDS = ['anomaly', 'fatigue', 'churn_risk', 'budget'] as const;
const STATUSES = ['open', 'new', 'acknowledged', 'applied', 'dismissed', 'resolved', 'all'] as const;
/** Badge colours per severity (light variant; text darkened by {@link badgeText} for AA contrast). */
export const SEVERITY_COLOR = { critical: 'red', warning: 'orange', info: 'blue' } as const;

/** Light-badge label styles whose text passes WCAG AA in both colour schemes (near-black on the light tint, shade 2 on the dark one). */
export const badgeText = (color: string) =>
  ({
    label: { color: `light-dark(var(--mantine-color-dark-7), var(--mantine-color-${color}-2))` },
  }) as const;

export function DashboardPage() {
  const t = useT();
  const search = useSearch({ from: '/app/dashboard' });
  const navigate = useNavigate({ from: '/dashboard' });
  const { data: me } = useSuspenseQuery(meQuery);
  const qc = useQueryClient();
  const list = useQuery(insightsQuery(search));
  const demo = useMutation({
    mutationFn: loadDemo,
    onSuccess: () => qc.invalidateQueries(),
  });

  const groups = SEVERITIES.map((s) => ({
    severity: s,
    items: (list.data ?? []).filter((i) => i.severity === s),
  })).filter((g) => g.items.length > 0);

  return (
    <Stack p="md" gap="md" maw={1400}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={2}>{t('dashboard.title')}</Title>
        <Group gap="sm" wrap="wrap">
          <Select
            label={t('dashboard.filter.kind')}
            w={180}
            value={search.kind ?? 'all'}
            data={[
              { value: 'all', label: t('dashboard.kind.all') },
              ...KINDS.map((k) => ({ value: k, label: t(`dashboard.kind.${k}`) })),
            ]}
            onChange={(v) =>
              navigate({
                search: (s) => ({ ...s, kind: v && v !== 'all' ? (v as Insight['kind']) : undefined }),
              })
            }
            allowDeselect={false}
          />
          <Select
            label={t('dashboard.filter.status')}
            w={180}
            value={search.status ?? 'open'}
            data={STATUSES.map((s) => ({ value: s, label: t(`dashboard.status.${s}`) }))}
            onChange={(v) =>
              navigate({
                search: (s) => ({
                  ...s,
                  status: v && v !== 'open' ? (v as (typeof STATUSES)[number]) : undefined,
                }),
              })
            }
            allowDeselect={false}
          />
        </Group>
      </Group>
      {list.error && <ErrorAlert message={list.error.message} />}
      {list.isPending && <Loader role="status" aria-label={t('dashboard.loading')} />}
      {list.data && list.data.length === 0 && (
        <Stack align="center" gap="sm">
          <Empty
            icon={<IconChartLine />}
            title={t('dashboard.empty.title')}
            body={t('dashboard.empty.body')}
          />
          {atLeast(me, 'admin') && (
            <Button
              leftSection={<IconDatabaseImport size={16} />}
              loading={demo.isPending}
              onClick={() => demo.mutate()}
              data-testid="load-demo"
            >
              {t('dashboard.empty.loadDemo')}
            </Button>
          )}
          {demo.isPending && (
            <Text size="sm" c="dimmed" role="status">
              {t('dashboard.empty.loading')}
            </Text>
          )}
          {demo.error && <ErrorAlert message={demo.error.message} />}
        </Stack>
      )}
      {groups.map((g) => (
        <Stack
          key={g.severity}
          gap="sm"
          component="section"
          aria-label={t(`dashboard.severity.${g.severity}`)}
        >
          <Group gap="xs">
            <Title order={3} size="h4">
              {t(`dashboard.severity.${g.severity}`)}
            </Title>
            <Badge
              variant="light"
              color={SEVERITY_COLOR[g.severity]}
              radius="sm"
              styles={badgeText(SEVERITY_COLOR[g.severity])}
            >
              {g.items.length}
            </Badge>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
            {g.items.map((i) => (
              <InsightCard key={i.id} insight={i} />
            ))}
          </SimpleGrid>
        </Stack>
      ))}
      {list.data && list.data.length > 0 && groups.length === 0 && (
        <Alert color="gray">{t('dashboard.empty.filtered')}</Alert>
      )}
    </Stack>
  );
}

/**
 * One insight: kind and status badges, the title (link), then what the title does not say: for a
 * grouped anomaly the line naming where else it was seen, a line per known event of the calendar
 * it falls on (with earlier years' change) and its lead value; for creative fatigue
 * the facts its title leaves out; for budget and churn the summary and key facts. Then the chart.
 */
function InsightCard({ insight }: { insight: Insight }) {
  const t = useT();
  const words = useAnomalyWords((insight.evidence as { currency?: string }).currency);
  const title = words.title(insight);
  const membership = words.membership(insight);
  const known = words.knownEvents(insight);
  // A fatigue summary and a grouped anomaly's summary restate the title and the key facts.
  const showSummary = insight.kind !== 'fatigue' && !isGroupedAnomaly(insight);
  return (
    <Card withBorder radius="md" padding="md" data-testid="insight-card" data-kind={insight.kind}>
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Badge
            variant="light"
            color={SEVERITY_COLOR[insight.severity]}
            radius="sm"
            styles={badgeText(SEVERITY_COLOR[insight.severity])}
          >
            {t(`dashboard.kind.${insight.kind}`)}
          </Badge>
          {insight.status !== 'new' && (
            <Badge variant="outline" color="gray" radius="sm">
              {t(`dashboard.status.${insight.status}`)}
            </Badge>
          )}
        </Group>
        <Stack gap={2}>
          <Anchor
            fw={600}
            lineClamp={3}
            title={title === insight.title ? undefined : insight.title}
            data-testid="insight-title"
            renderRoot={(props) => (
              <Link {...props} to="/dashboard/insights/$id" params={{ id: insight.id }} />
            )}
          >
            {title}
          </Anchor>
          {membership && (
            <Text size="sm" c="dimmed" lineClamp={2} title={membership} data-testid="insight-membership">
              {membership}
            </Text>
          )}
          {known.map((line) => (
            <Text key={line} size="sm" lineClamp={2} title={line} data-testid="insight-known-event">
              {line}
            </Text>
          ))}
        </Stack>
        {showSummary && (
          <Text size="sm" c="dimmed" lineClamp={2} title={insight.summary}>
            {insight.summary}
          </Text>
        )}
        <KeyFacts insight={insight} />
        <EvidenceChart insight={insight} height={180} />
      </Stack>
    </Card>
  );
}
