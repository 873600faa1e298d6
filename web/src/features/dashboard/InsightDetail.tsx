/**
 * `/dashboard/insights/$id`: one insight with a bigger evidence chart (and the subject's forecast;
 * for an anomaly seen at several levels, the "Seen in" list that swaps the chart to each place),
 * "Apply" behind a confirmation stating exactly what will change, the action's job state (polled
 * while queued or running), the action timeline (who, when, before, after) with "Roll back", and
 * acknowledge / dismiss. Applying and rolling back are for admins (the API refuses others).
 */
import { Anchor, Badge, Button, Card, Group, List, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCheck, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { ErrorAlert } from '../settings/parts.tsx';
import { ActionTimeline } from './ActionTimeline.tsx';
import { isGroupedAnomaly } from './anomaly.ts';
import { badgeText, SEVERITY_COLOR } from './DashboardPage.tsx';
import { EvidenceChart, ForecastChart, KeyFacts, useMoney } from './Evidence.tsx';
import {
  type Action,
  actionBusy,
  actionQuery,
  type Insight,
  insightActionsQuery,
  insightQuery,
  modelResultQuery,
} from './queries.ts';
import { describeRecommendation, describeState } from './recommendation.ts';
import { AnomalyEvidencePanel } from './SeenIn.tsx';
import { useAnomalyWords } from './words.ts';

const STATE_COLOR = { queued: 'gray', running: 'blue', succeeded: 'green', failed: 'red' } as const;

/** Campaign and ad names the insight mentions: budget evidence campaigns, the fatigue model's ad name. */
function useNames(insight: Insight | undefined): Map<string, string> {
  const fatigue = useQuery({
    ...modelResultQuery('fatigue', 'ad', insight?.subjectId ?? ''),
    enabled: insight?.kind === 'fatigue',
  });
  const names = new Map<string, string>();
  for (const c of (insight?.evidence as { campaigns?: { id: string; name?: string }[] } | undefined)
    ?.campaigns ?? [])
    if (c.name) names.set(c.id, c.name);
  const adName = (fatigue.data?.result as { summary?: { name?: string } } | undefined)?.summary?.name;
  if (insight && adName) names.set(insight.subjectId, adName);
  return names;
}

export function InsightDetail() {
  const t = useT();
  const money = useMoney();
  const { id } = useParams({ from: '/app/dashboard/insights/$id' });
  const { data: me } = useSuspenseQuery(meQuery);
  const qc = useQueryClient();
  const insight = useQuery(insightQuery(id));
  const actions = useQuery(insightActionsQuery(id));
  const names = useNames(insight.data);
  const words = useAnomalyWords((insight.data?.evidence as { currency?: string } | undefined)?.currency);
  const [confirm, setConfirm] = useState<null | { kind: 'apply' } | { kind: 'rollback'; action: Action }>(
    null,
  );
  const [activeId, setActiveId] = useState<string | null>(null);
  const latest = actions.data?.[0];
  const active = useQuery({
    ...actionQuery(activeId ?? latest?.id ?? ''),
    enabled: !!(activeId ?? latest?.id),
  });
  const admin = atLeast(me, 'admin');

  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['insight', id] }),
      qc.invalidateQueries({ queryKey: ['insights'] }),
      qc.invalidateQueries({ queryKey: ['actions', id] }),
    ]);
  // When the polled job finishes, the insight's status and the timeline change too.
  const finished =
    active.data && !actionBusy(active.data)
      ? `${active.data.id}:${active.data.state}:${active.data.status}`
      : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch once per finished job state
  useEffect(() => {
    if (finished) void refresh();
  }, [finished]);

  const apply = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v1/intelligence/insights/{id}/apply', { params: { path: { id } } })),
    onSuccess: async (a) => {
      setConfirm(null);
      setActiveId(a.id);
      qc.setQueryData(actionQuery(a.id).queryKey, a);
      await refresh();
    },
  });
  const rollback = useMutation({
    mutationFn: async (actionId: string) =>
      unwrap(
        await api.POST('/api/v1/intelligence/actions/{id}/rollback', { params: { path: { id: actionId } } }),
      ),
    onSuccess: async (a) => {
      setConfirm(null);
      setActiveId(a.id);
      qc.setQueryData(actionQuery(a.id).queryKey, a);
      await refresh();
    },
  });
  const setStatus = useMutation({
    mutationFn: async (status: 'acknowledged' | 'dismissed' | 'new') =>
      unwrap(
        await api.PATCH('/api/v1/intelligence/insights/{id}', { params: { path: { id } }, body: { status } }),
      ),
    onSuccess: refresh,
  });

  if (insight.error) return <ErrorAlert message={insight.error.message} />;
  if (!insight.data) return <Loader m="md" role="status" aria-label={t('dashboard.loading')} />;
  const i = insight.data;
  const rec = describeRecommendation(i.recommendation, names, t, money);
  const busy = actionBusy(active.data);
  const canApply = admin && rec.length > 0 && i.status !== 'applied' && !busy;
  // A grouped anomaly is told from its evidence (title, where else, lead value, "Seen in"), which
  // says all its summary does; a fatigue summary restates title and facts: it goes with the chart
  // as the model's notes.
  const grouped = isGroupedAnomaly(i);
  const membership = words.membership(i);
  const notes = i.kind === 'fatigue';

  return (
    <Stack p="md" gap="md" maw={1100}>
      <Anchor component={Link} to="/dashboard" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('dashboard.back')}
        </Group>
      </Anchor>
      <Group gap="xs">
        <Badge
          variant="light"
          color={SEVERITY_COLOR[i.severity]}
          radius="sm"
          styles={badgeText(SEVERITY_COLOR[i.severity])}
        >
          {t(`dashboard.kind.${i.kind}`)}
        </Badge>
        <Badge variant="outline" color="gray" radius="sm" data-testid="insight-status">
          {t(`dashboard.status.${i.status}`)}
        </Badge>
      </Group>
      <Stack gap={4}>
        <Title order={2}>{words.title(i)}</Title>
        {membership && (
          <Text c="dimmed" data-testid="insight-membership">
            {membership}
          </Text>
        )}
        {words.knownEvents(i).map((line) => (
          <Text key={line} data-testid="insight-known-event">
            {line}
          </Text>
        ))}
      </Stack>
      {!notes && !grouped && <Text>{i.summary}</Text>}
      <Stack gap={2}>
        <KeyFacts insight={i} />
        {grouped && (
          <Text size="sm" c="dimmed">
            {words.detection(i)}
          </Text>
        )}
      </Stack>
      <Card withBorder radius="md">
        {grouped ? (
          <AnomalyEvidencePanel key={i.id} insight={i} />
        ) : (
          <EvidenceChart insight={i} height={340} />
        )}
        {notes && (
          <Text size="xs" c="dimmed" mt="sm" data-testid="model-notes">
            {t('dashboard.modelNotes')}: {i.summary}
          </Text>
        )}
      </Card>
      {(i.subjectType === 'campaign' || i.subjectType === 'account') && (
        <Card withBorder radius="md">
          <ForecastChart insight={i} />
        </Card>
      )}
      {rec.length > 0 && (
        <Card withBorder radius="md">
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('dashboard.rec.title')}
            </Title>
            <List size="sm" spacing={2}>
              {rec.map((line) => (
                <List.Item key={line}>{line}</List.Item>
              ))}
            </List>
          </Stack>
        </Card>
      )}
      {admin && (
        <Group gap="sm">
          {rec.length > 0 && (
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              disabled={!canApply}
              onClick={() => setConfirm({ kind: 'apply' })}
            >
              {t('dashboard.apply')}
            </Button>
          )}
          {i.status !== 'acknowledged' && i.status !== 'applied' && (
            <Button
              variant="default"
              leftSection={<IconCheck size={16} />}
              loading={setStatus.isPending}
              onClick={() => setStatus.mutate('acknowledged')}
            >
              {t('dashboard.acknowledge')}
            </Button>
          )}
          {i.status !== 'dismissed' && i.status !== 'applied' && (
            <Button
              variant="default"
              leftSection={<IconX size={16} />}
              loading={setStatus.isPending}
              onClick={() => setStatus.mutate('dismissed')}
            >
              {t('dashboard.dismiss')}
            </Button>
          )}
          {i.status === 'dismissed' && (
            <Button variant="default" onClick={() => setStatus.mutate('new')}>
              {t('dashboard.reopen')}
            </Button>
          )}
        </Group>
      )}
      {setStatus.error && <ErrorAlert message={setStatus.error.message} />}
      {active.data && (
        <Group
          gap="xs"
          role="status"
          data-testid="action-state"
          data-state={active.data.state}
          data-status={active.data.status}
        >
          {busy && <Loader size="xs" />}
          <Text size="sm">{t(`dashboard.action.${active.data.operation}`)}:</Text>
          <Badge
            variant="light"
            color={STATE_COLOR[active.data.state]}
            radius="sm"
            styles={badgeText(STATE_COLOR[active.data.state])}
          >
            {t(`dashboard.state.${active.data.state}`)}
          </Badge>
          {active.data.error && (
            <Text size="sm" c="red">
              {active.data.error.message}
            </Text>
          )}
        </Group>
      )}
      <ActionTimeline
        actions={actions.data ?? []}
        names={names}
        admin={admin}
        onRollBack={(a) => setConfirm({ kind: 'rollback', action: a })}
      />
      <Modal
        opened={confirm !== null}
        onClose={() => setConfirm(null)}
        title={
          confirm?.kind === 'rollback'
            ? t('dashboard.confirm.rollbackTitle')
            : t('dashboard.confirm.applyTitle')
        }
        centered
      >
        <Stack>
          <Text size="sm">
            {confirm?.kind === 'rollback'
              ? t('dashboard.confirm.rollbackBody')
              : t('dashboard.confirm.applyBody')}
          </Text>
          <List size="sm" spacing={2} data-testid="confirm-changes">
            {(confirm?.kind === 'rollback'
              ? [describeState(confirm.action.before, names, t, money)]
              : rec
            ).map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
          {(apply.error || rollback.error) && (
            <ErrorAlert message={(apply.error ?? rollback.error)?.message ?? ''} />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(null)}>
              {t('settings.cancel')}
            </Button>
            <Button
              loading={apply.isPending || rollback.isPending}
              onClick={() =>
                confirm?.kind === 'rollback' ? rollback.mutate(confirm.action.id) : apply.mutate()
              }
            >
              {confirm?.kind === 'rollback' ? t('dashboard.rollback') : t('dashboard.confirm.apply')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
