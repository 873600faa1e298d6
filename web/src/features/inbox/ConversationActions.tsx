import { Button, Group, Menu, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconUser } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { type ConversationSummary, membersQuery } from './queries.ts';

type Patch = paths['/api/v1/conversations/{id}']['patch']['requestBody']['content']['application/json'];

/** Tomorrow at 09:00 local time, as ISO 8601. */
function tomorrowNine(): string {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d.toISOString();
}

/**
 * The conversation header's actions for agents and up: who answers (agent / human / assisted),
 * the assignee (me, a member, nobody), and the status (resolve or reopen, pending, snooze).
 */
export function ConversationActions({ c }: { c: ConversationSummary }) {
  const t = useT();
  const qc = useQueryClient();
  const me = useQuery(meQuery).data;
  const members = useQuery(membersQuery).data ?? [];
  const patch = useMutation({
    mutationFn: async (body: Patch) =>
      unwrap(await api.PATCH('/api/v1/conversations/{id}', { params: { path: { id: c.id } }, body })),
    onSuccess: (next) => {
      qc.setQueryData(['conversation', c.id], next);
      void qc.invalidateQueries({ queryKey: ['conversations'] });
      void qc.invalidateQueries({ queryKey: ['conversation-counts'] });
    },
  });
  const assignee = members.find((m) => m.id === c.assignee?.userId);
  const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
  return (
    <Group gap="xs" wrap="wrap">
      <Tooltip label={t('conversation.handoff.help')} multiline w={260}>
        <SegmentedControl
          size="xs"
          aria-label={t('conversation.handoff')}
          value={c.handoff}
          onChange={(v) => patch.mutate({ handoff: v as Patch['handoff'] })}
          data={[
            { value: 'agent', label: t('conversation.handoff.agent') },
            { value: 'assisted', label: t('conversation.handoff.assisted') },
            { value: 'human', label: t('conversation.handoff.human') },
          ]}
        />
      </Tooltip>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconUser size={14} />}
            rightSection={<IconChevronDown size={12} />}
          >
            {assignee ? (assignee.name ?? assignee.email) : t('conversation.unassigned')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {me && (
            <Menu.Item
              onClick={() => patch.mutate({ assigneeUserId: me.user.id })}
              rightSection={
                <Text span size="xs" c="dimmed" aria-hidden>
                  A
                </Text>
              }
            >
              {t('conversation.assign.me')}
            </Menu.Item>
          )}
          {members
            .filter((m) => m.id !== me?.user.id && m.role !== 'viewer')
            .map((m) => (
              <Menu.Item key={m.id} onClick={() => patch.mutate({ assigneeUserId: m.id })}>
                {m.name ?? m.email}
              </Menu.Item>
            ))}
          {c.assignee && (
            <Menu.Item color="red" onClick={() => patch.mutate({ assigneeUserId: null })}>
              {t('conversation.assign.none')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <Button.Group>
        <Tooltip label={t('shortcuts.hint', { keys: 'E' })} disabled={c.status === 'resolved'}>
          <Button
            size="xs"
            variant={c.status === 'resolved' ? 'default' : 'filled'}
            loading={patch.isPending}
            onClick={() => patch.mutate({ status: c.status === 'resolved' ? 'open' : 'resolved' })}
          >
            {c.status === 'resolved' ? t('conversation.reopen') : t('conversation.resolve')}
          </Button>
        </Tooltip>
        <Menu position="bottom-end">
          <Menu.Target>
            <Button
              size="xs"
              variant={c.status === 'resolved' ? 'default' : 'filled'}
              px={6}
              aria-label={t('conversation.snooze')}
            >
              <IconChevronDown size={14} />
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => patch.mutate({ status: 'pending' })}>
              {t('conversation.pending')}
            </Menu.Item>
            <Menu.Label>{t('conversation.snooze')}</Menu.Label>
            <Menu.Item onClick={() => patch.mutate({ status: 'snoozed', snoozedUntil: inHours(1) })}>
              {t('conversation.snooze.hour')}
            </Menu.Item>
            <Menu.Item onClick={() => patch.mutate({ status: 'snoozed', snoozedUntil: tomorrowNine() })}>
              {t('conversation.snooze.tomorrow')}
            </Menu.Item>
            <Menu.Item onClick={() => patch.mutate({ status: 'snoozed', snoozedUntil: inHours(24 * 7) })}>
              {t('conversation.snooze.week')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </Button.Group>
    </Group>
  );
}
