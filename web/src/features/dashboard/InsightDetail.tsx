/**
 * `/dashboard/insights/$id`: one insight with a bigger evidence chart (and the subject's forecast;
 * for an anomaly seen at several levels, the "Seen in" list that swaps the chart to each place),
 * "Apply" behind a confirmation stating exactly what will change, the action's job state (polled
 * while queued or running), the action timeline (who, when, before, after) with "Roll back", and
 * acknowledge / dismiss. Applying and rolling back are for admins (the API refuses others).
 * The buttons, job state and confirmation are in InsightControls.tsx, the data in insight-hooks.ts.
 */
import { Anchor, Badge, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { ErrorAlert } from '../settings/parts.tsx';
import { ActionTimeline } from './ActionTimeline.tsx';
import { isGroupedAnomaly } from './anomaly.ts';
import { badgeText, SEVERITY_COLOR } from './DashboardPage.tsx';
import { EvidenceChart, ForecastChart, KeyFacts, useMoney } from './Evidence.tsx';
import { ActionState, ConfirmActionDialog, InsightButtons } from './InsightControls.tsx';
import { useInsightActions, useInsightNames } from './insight-hooks.ts';
import { actionBusy, insightQuery } from './queries.ts';
import { describeRecommendation } from './recommendation.ts';
import { AnomalyEvidencePanel } from './SeenIn.tsx';
import { useAnomalyWords } from './words.ts';

/** The insight page (route `/app/dashboard/insights/$id`); admins act, others read. */
export function InsightDetail() {
  const t = useT();
  const money = useMoney();
  const { id } = useParams({ from: '/app/dashboard/insights/$id' });
  const { data: me } = useSuspenseQuery(meQuery);
  const insight = useQuery(insightQuery(id));
  const { actions, active, confirm, setConfirm, apply, rollback, setStatus } = useInsightActions(id);
  const names = useInsightNames(insight.data);
  const words = useAnomalyWords((insight.data?.evidence as { currency?: string } | undefined)?.currency);
  const admin = atLeast(me, 'admin');

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
        <InsightButtons
          status={i.status}
          hasRecommendation={rec.length > 0}
          canApply={canApply}
          onApply={() => setConfirm({ kind: 'apply' })}
          setStatus={setStatus}
        />
      )}
      {setStatus.error && <ErrorAlert message={setStatus.error.message} />}
      {active.data && <ActionState action={active.data} busy={busy} />}
      <ActionTimeline
        actions={actions.data ?? []}
        names={names}
        admin={admin}
        onRollBack={(a) => setConfirm({ kind: 'rollback', action: a })}
      />
      <ConfirmActionDialog
        confirm={confirm}
        onClose={() => setConfirm(null)}
        rec={rec}
        names={names}
        apply={apply}
        rollback={rollback}
      />
    </Stack>
  );
}
