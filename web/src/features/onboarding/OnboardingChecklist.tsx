import {
  CloseButton,
  Collapse,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { IconChevronDown, IconChevronUp, IconCircle, IconCircleCheckFilled } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { channelsQuery, invitationsQuery, membersQuery } from '../settings/queries.ts';
import { type ChecklistStep, checklistSteps, recentConversationsQuery } from './checklist.ts';

/** Where each open step leads: the wizard's step for it, or the invitations tab. */
function StepLink({
  step,
  children,
  onNavigate,
}: {
  step: ChecklistStep;
  children: ReactNode;
  onNavigate?: () => void;
}) {
  const style = { color: 'inherit', textDecoration: 'none' };
  const search = { channelId: step.channelId };
  if (step.key === 'invite')
    return (
      <Link to="/settings" search={{ tab: 'invitations' }} style={style} onClick={onNavigate}>
        {children}
      </Link>
    );
  if (step.key === 'agent' && step.channelId)
    return (
      <Link to="/setup/agent" search={search} style={style} onClick={onNavigate}>
        {children}
      </Link>
    );
  if (step.key === 'reply' && step.channelId)
    return (
      <Link to="/setup/test" search={search} style={style} onClick={onNavigate}>
        {children}
      </Link>
    );
  return (
    <Link to="/setup/channel" style={style} onClick={onNavigate}>
      {children}
    </Link>
  );
}

/** A step: a check when done (dimmed), an empty circle when still to do. */
function StepRow({ step }: { step: ChecklistStep }) {
  const t = useT();
  return (
    <Group gap={6} wrap="nowrap" data-done={step.done}>
      {step.done ? (
        <IconCircleCheckFilled size={16} color="var(--mantine-color-teal-filled)" aria-hidden />
      ) : (
        <IconCircle size={16} color="var(--mantine-color-dimmed)" aria-hidden />
      )}
      <Text size="xs" c={step.done ? 'dimmed' : undefined} fw={step.done ? undefined : 500}>
        {t(`onboarding.step.${step.key}`)}
        {step.done && <VisuallyHidden>{` (${t('onboarding.done')})`}</VisuallyHidden>}
      </Text>
    </Group>
  );
}

/**
 * The onboarding checklist in the navigation (admins and owners): account ✓, a channel, an agent,
 * a first reply, a teammate, with progress; each open step links to where it is done. Collapsible,
 * and hidden once every step is done or when dismissed (both remembered in this browser).
 */
export function OnboardingChecklist({ onNavigate }: { onNavigate?: () => void }) {
  const t = useT();
  const me = useQuery(meQuery).data;
  const admin = atLeast(me, 'admin');
  const key = me ? `omnify.onboarding.${me.workspace.id}` : 'omnify.onboarding';
  const [dismissed, setDismissed] = useLocalStorage({ key: `${key}.dismissed`, defaultValue: false });
  const [open, setOpen] = useLocalStorage({ key: `${key}.open`, defaultValue: true });
  const on = admin && !dismissed;
  const channels = useQuery({ ...channelsQuery, enabled: on });
  const conversations = useQuery({ ...recentConversationsQuery, enabled: on });
  const members = useQuery({ ...membersQuery, enabled: on });
  const invitations = useQuery({ ...invitationsQuery, enabled: on });
  if (!on || !channels.data || !conversations.data || !members.data || !invitations.data) return null;
  const steps = checklistSteps({
    channels: channels.data,
    conversations: conversations.data,
    members: members.data.length,
    invitations: invitations.data.filter((i) => i.status !== 'revoked' && i.status !== 'expired').length,
  });
  const done = steps.filter((s) => s.done).length;
  if (done === steps.length) return null;
  return (
    <Paper
      withBorder
      p="xs"
      radius="md"
      component="section"
      aria-label={t('onboarding.title')}
      data-testid="onboarding"
    >
      <Group justify="space-between" wrap="nowrap" gap={4}>
        <UnstyledButton onClick={() => setOpen(!open)} aria-expanded={open} style={{ flex: 1, minWidth: 0 }}>
          <Group gap={4} wrap="nowrap">
            <Text fw={600} size="sm" truncate>
              {t('onboarding.title')}
            </Text>
            {open ? <IconChevronUp size={14} aria-hidden /> : <IconChevronDown size={14} aria-hidden />}
          </Group>
        </UnstyledButton>
        <CloseButton size="sm" onClick={() => setDismissed(true)} aria-label={t('onboarding.dismiss')} />
      </Group>
      <Group gap={6} wrap="nowrap" mt={4}>
        <Progress
          value={(done / steps.length) * 100}
          size="sm"
          color="teal"
          style={{ flex: 1 }}
          aria-label={t('onboarding.progress.label', { done, total: steps.length })}
        />
        <Text size="xs" c="dimmed">
          {t('onboarding.progress', { done, total: steps.length })}
        </Text>
      </Group>
      <Collapse expanded={open}>
        <Stack gap={6} mt="xs">
          {steps.map((s) =>
            s.done ? (
              <StepRow key={s.key} step={s} />
            ) : (
              <StepLink key={s.key} step={s} onNavigate={onNavigate}>
                <StepRow step={s} />
              </StepLink>
            ),
          )}
        </Stack>
      </Collapse>
    </Paper>
  );
}
