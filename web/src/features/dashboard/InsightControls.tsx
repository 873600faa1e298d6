/**
 * The insight page's controls (InsightDetail.tsx): the admin buttons (Apply, Acknowledge, Dismiss,
 * Reopen), the state of the action's job, and the confirmation that states exactly what Apply or
 * Roll back will change.
 */
import { Badge, Button, Group, List, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconCheck, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { useT } from '../../i18n/useT.ts';
import { ErrorAlert } from '../settings/parts.tsx';
import { badgeText } from './DashboardPage.tsx';
import { useMoney } from './Evidence.tsx';
import type { Confirm, useInsightActions } from './insight-hooks.ts';
import type { Action, InsightStatus } from './queries.ts';
import { describeState } from './recommendation.ts';

const STATE_COLOR = { queued: 'gray', running: 'blue', succeeded: 'green', failed: 'red' } as const;

type Mutations = ReturnType<typeof useInsightActions>;

/**
 * The admin buttons: Apply (when there is a recommendation; enabled by `canApply`, opening the
 * confirmation through `onApply`), Acknowledge and Dismiss (unless already so or applied), Reopen (a
 * dismissed insight). The status buttons call `setStatus` at once.
 */
export function InsightButtons({
  status,
  hasRecommendation,
  canApply,
  onApply,
  setStatus,
}: {
  status: InsightStatus;
  hasRecommendation: boolean;
  canApply: boolean;
  onApply: () => void;
  setStatus: Mutations['setStatus'];
}) {
  const t = useT();
  return (
    <Group gap="sm">
      {hasRecommendation && (
        <Button leftSection={<IconPlayerPlay size={16} />} disabled={!canApply} onClick={onApply}>
          {t('dashboard.apply')}
        </Button>
      )}
      {status !== 'acknowledged' && status !== 'applied' && (
        <Button
          variant="default"
          leftSection={<IconCheck size={16} />}
          loading={setStatus.isPending}
          onClick={() => setStatus.mutate('acknowledged')}
        >
          {t('dashboard.acknowledge')}
        </Button>
      )}
      {status !== 'dismissed' && status !== 'applied' && (
        <Button
          variant="default"
          leftSection={<IconX size={16} />}
          loading={setStatus.isPending}
          onClick={() => setStatus.mutate('dismissed')}
        >
          {t('dashboard.dismiss')}
        </Button>
      )}
      {status === 'dismissed' && (
        <Button variant="default" onClick={() => setStatus.mutate('new')}>
          {t('dashboard.reopen')}
        </Button>
      )}
    </Group>
  );
}

/** The watched action's job: its operation and state (a spinner while queued or running) and its error. */
export function ActionState({ action, busy }: { action: Action; busy: boolean }) {
  const t = useT();
  return (
    <Group
      gap="xs"
      role="status"
      data-testid="action-state"
      data-state={action.state}
      data-status={action.status}
    >
      {busy && <Loader size="xs" />}
      <Text size="sm">{t(`dashboard.action.${action.operation}`)}:</Text>
      <Badge
        variant="light"
        color={STATE_COLOR[action.state]}
        radius="sm"
        styles={badgeText(STATE_COLOR[action.state])}
      >
        {t(`dashboard.state.${action.state}`)}
      </Badge>
      {action.error && (
        <Text size="sm" c="red">
          {action.error.message}
        </Text>
      )}
    </Group>
  );
}

/**
 * The confirmation of Apply (the recommendation's lines, `rec`) or Roll back (the state the action
 * restores, in words with `names`); open while `confirm` is not null. Confirming runs `apply` or
 * `rollback`; their error shows in the dialog.
 */
export function ConfirmActionDialog({
  confirm,
  onClose,
  rec,
  names,
  apply,
  rollback,
}: {
  confirm: Confirm;
  onClose: () => void;
  rec: string[];
  names: Map<string, string>;
  apply: Mutations['apply'];
  rollback: Mutations['rollback'];
}) {
  const t = useT();
  const money = useMoney();
  return (
    <Modal
      opened={confirm !== null}
      onClose={onClose}
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
          {(confirm?.kind === 'rollback' ? [describeState(confirm.action.before, names, t, money)] : rec).map(
            (line) => (
              <List.Item key={line}>{line}</List.Item>
            ),
          )}
        </List>
        {(apply.error || rollback.error) && (
          <ErrorAlert message={(apply.error ?? rollback.error)?.message ?? ''} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
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
  );
}
