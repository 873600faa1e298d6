import { Badge, Group, Select, Stack, Switch, Tabs } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useT } from '../../i18n/useT.ts';
import { countsQuery, type InboxFilters } from './queries.ts';

type Tab = NonNullable<InboxFilters['tab']>;
type Status = NonNullable<InboxFilters['status']>;

/** Mine / Unassigned / All tabs with counts, the status filter and unread-only, kept in the URL. */
export function InboxFiltersBar({ filters }: { filters: InboxFilters }) {
  const t = useT();
  const navigate = useNavigate({ from: '/inbox' });
  const counts = useQuery(countsQuery(filters)).data;
  const set = (patch: Partial<InboxFilters>) => navigate({ search: (s) => ({ ...s, ...patch }) });
  const tab = (value: Tab, label: string, n: number | undefined) => (
    <Tabs.Tab
      value={value}
      rightSection={
        n === undefined ? null : (
          <Badge size="xs" variant="light" circle={n < 10}>
            {n}
          </Badge>
        )
      }
    >
      {label}
    </Tabs.Tab>
  );
  return (
    <Stack
      gap={6}
      px="xs"
      pt={6}
      pb={8}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Tabs value={filters.tab ?? 'all'} onChange={(v) => v && set({ tab: v as Tab })}>
        <Tabs.List grow>
          {tab('mine', t('inbox.tab.mine'), counts?.mine)}
          {tab('unassigned', t('inbox.tab.unassigned'), counts?.unassigned)}
          {tab('all', t('inbox.tab.all'), counts?.all)}
        </Tabs.List>
      </Tabs>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Select
          size="xs"
          w={150}
          aria-label={t('inbox.status')}
          value={filters.status ?? 'open'}
          allowDeselect={false}
          onChange={(v) => v && set({ status: v as Status })}
          data={[
            { value: 'open', label: t('inbox.status.open') },
            { value: 'pending', label: t('inbox.status.pending') },
            { value: 'snoozed', label: t('inbox.status.snoozed') },
            { value: 'resolved', label: t('inbox.status.resolved') },
            { value: 'all', label: t('inbox.status.all') },
          ]}
        />
        <Switch
          size="xs"
          label={t('inbox.filter.unread')}
          checked={!!filters.unread}
          onChange={(e) => set({ unread: e.currentTarget.checked || undefined })}
        />
      </Group>
    </Stack>
  );
}
