/**
 * The action history of one insight: per action who applied it and when, where (`target`), its
 * status, the before and after in plain words, "Roll back" (admins, applied actions whose job is
 * done) and, once rolled back, who and when.
 */
import { Button, Card, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowBackUp, IconPlayerPlay } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { FormattedDate } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import { useMoney } from './Evidence.tsx';
import { type Action, actionBusy } from './queries.ts';
import { describeState } from './recommendation.ts';

/** The history card; nothing when there are no actions. `onRollBack` opens the confirmation. */
export function ActionTimeline({
  actions,
  names,
  admin,
  onRollBack,
}: {
  actions: Action[];
  names: Map<string, string>;
  admin: boolean;
  onRollBack: (a: Action) => void;
}) {
  const t = useT();
  const money = useMoney();
  if (actions.length === 0) return null;
  return (
    <Card withBorder radius="md">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('dashboard.timeline')}
        </Title>
        <Timeline bulletSize={18} lineWidth={2}>
          {actions.flatMap((a) =>
            timelineItems(a, names, t, money, admin && a.status === 'applied' && !actionBusy(a), () =>
              onRollBack(a),
            ),
          )}
        </Timeline>
      </Stack>
    </Card>
  );
}

/** Timeline entries of one action: applied (who, when, before → after) and, if so, rolled back. */
function timelineItems(
  a: Action,
  names: Map<string, string>,
  t: ReturnType<typeof useT>,
  money: ReturnType<typeof useMoney>,
  canRollBack: boolean,
  onRollBack: () => void,
): ReactNode[] {
  const items = [
    <Timeline.Item
      key={`${a.id}-apply`}
      title={t('dashboard.timeline.applied', { who: a.appliedBy ?? '—' })}
      bullet={<IconPlayerPlay size={10} />}
    >
      <Text size="xs" c="dimmed">
        <FormattedDate value={a.appliedAt} dateStyle="medium" timeStyle="short" /> ·{' '}
        {t(`dashboard.target.${a.target}`)} · {t(`dashboard.actionStatus.${a.status}`)}
      </Text>
      <Text size="sm">
        {t('dashboard.timeline.before', { value: describeState(a.before, names, t, money) })}
      </Text>
      <Text size="sm">
        {t('dashboard.timeline.after', { value: describeState(a.after, names, t, money) })}
      </Text>
      {canRollBack && (
        <Button
          mt="xs"
          size="xs"
          variant="default"
          color="red"
          leftSection={<IconArrowBackUp size={14} />}
          onClick={onRollBack}
        >
          {t('dashboard.rollback')}
        </Button>
      )}
    </Timeline.Item>,
  ];
  if (a.rolledBackAt)
    items.push(
      <Timeline.Item
        key={`${a.id}-rollback`}
        title={t('dashboard.timeline.rolledBack', { who: a.rolledBackBy ?? '—' })}
        bullet={<IconArrowBackUp size={10} />}
      >
        <Text size="xs" c="dimmed">
          <FormattedDate value={a.rolledBackAt} dateStyle="medium" timeStyle="short" />
        </Text>
      </Timeline.Item>,
    );
  return items;
}
