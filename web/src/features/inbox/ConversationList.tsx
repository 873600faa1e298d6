import { Badge, Box, Center, Group, Loader, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { FormattedRelativeTime } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import { DemoBadge } from '../onboarding/DemoBanner.tsx';
import { publishConversationOrder } from '../shortcuts/ShortcutLayer.tsx';
import { PlatformIcon } from './PlatformIcon.tsx';
import { type ConversationSummary, conversationsQuery, type InboxFilters } from './queries.ts';

const ROW_HEIGHT = 76;

/**
 * The conversation list: newest activity first, virtualized (TanStack Virtual), the next page
 * loaded when the last rows scroll into view.
 */
export function ConversationList({ filters, selectedId }: { filters: InboxFilters; selectedId?: string }) {
  const t = useT();
  const q = useInfiniteQuery(conversationsQuery(filters));
  const rows = q.data?.pages.flatMap((p) => p.data) ?? [];
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = v.getVirtualItems();
  const last = items.at(-1);
  useEffect(() => {
    if (last && last.index >= rows.length - 5 && q.hasNextPage && !q.isFetchingNextPage)
      void q.fetchNextPage();
  }, [last, rows.length, q]);
  // Keyboard shortcuts (features/shortcuts): `j` / `k` follow this order; the selected row is
  // scrolled into view and, when the focus is in the list (↑ / ↓), takes the focus.
  useEffect(
    () => publishConversationOrder(q.data?.pages.flatMap((p) => p.data.map((c) => c.id)) ?? []),
    [q.data],
  );
  const selectedIndex = rows.findIndex((c) => c.id === selectedId);
  const scrolledTo = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (selectedIndex < 0 || scrolledTo.current === selectedId) return;
    scrolledTo.current = selectedId;
    v.scrollToIndex(selectedIndex, { align: 'auto' });
    const list = parent.current;
    if (list?.contains(document.activeElement) && document.activeElement !== list)
      requestAnimationFrame(() => list.querySelector<HTMLElement>('[aria-current]')?.focus());
  }, [selectedId, selectedIndex, v]);

  if (q.isPending)
    return (
      <Center p="xl">
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
      </Center>
    );
  if (rows.length === 0)
    return (
      <Stack p="xl" gap={4} align="center" ta="center">
        <Text fw={600}>{t('inbox.empty.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('inbox.empty.body')}
        </Text>
      </Stack>
    );
  return (
    <Box
      ref={parent}
      style={{ flex: 1, overflowY: 'auto' }}
      role="list"
      aria-label={t('nav.inbox')}
      data-conversation-list
    >
      <Box style={{ height: v.getTotalSize(), position: 'relative' }}>
        {items.map((item) => (
          <Row
            key={rows[item.index]!.id}
            c={rows[item.index]!}
            top={item.start}
            selected={rows[item.index]!.id === selectedId}
          />
        ))}
      </Box>
    </Box>
  );
}

function Row({ c, top, selected }: { c: ConversationSummary; top: number; selected: boolean }) {
  const t = useT();
  const seconds = Math.round((new Date(c.lastMessageAt).getTime() - Date.now()) / 1000);
  const last = c.lastMessage;
  const preview = !last
    ? t('inbox.noMessages')
    : last.private
      ? t(last.senderKind === 'agent' ? 'inbox.draftPreview' : 'inbox.notePreview', { text: last.text ?? '' })
      : (last.text ?? t('inbox.media', { type: last.contentType }));
  const unread = c.unreadCount > 0;
  return (
    <Link
      to="/inbox/$conversationId"
      params={{ conversationId: c.id }}
      search={true}
      role="listitem"
      aria-current={selected ? 'true' : undefined}
      data-testid="conversation-row"
      style={{
        position: 'absolute',
        top,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        padding: '8px 12px',
        color: 'inherit',
        textDecoration: 'none',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: selected ? 'var(--mantine-primary-color-light)' : undefined,
      }}
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <PlatformIcon platform={c.platform} />
          <Text fw={unread ? 800 : 600} size="sm" truncate>
            {c.contact.name ?? t('inbox.unknownContact')}
          </Text>
          <DemoBadge channelId={c.channelId} />
        </Group>
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          <FormattedRelativeTime value={seconds} numeric="auto" updateIntervalInSeconds={60} />
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap" justify="space-between" mt={4}>
        <Text size="sm" c={unread ? undefined : 'dimmed'} fs={last?.private ? 'italic' : undefined} truncate>
          {preview}
        </Text>
        <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
          {c.status !== 'open' && (
            <Badge size="xs" variant="light" color={c.status === 'resolved' ? 'gray' : 'yellow'}>
              {t(`inbox.status.${c.status}`)}
            </Badge>
          )}
          {unread && (
            <Badge
              size="sm"
              circle
              aria-label={t('inbox.unread', { count: c.unreadCount })}
              data-testid="unread-badge"
            >
              {c.unreadCount > 99 ? '99+' : c.unreadCount}
            </Badge>
          )}
        </Group>
      </Group>
    </Link>
  );
}
