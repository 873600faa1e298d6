import { Box, Center, Group, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { Outlet, useParams, useSearch } from '@tanstack/react-router';
import { useT } from '../../i18n/useT.ts';
import { SearchBox } from '../search/SearchBox.tsx';
import { ConversationList } from './ConversationList.tsx';
import { InboxFiltersBar } from './InboxFiltersBar.tsx';
import { inboxFilters } from './queries.ts';

/**
 * `/inbox`: the conversation list beside the open conversation; at phone width one of the two at a
 * time. Filters (status, channel) are search params, so reloads and shared links keep them.
 */
export function InboxPage() {
  const t = useT();
  const search = useSearch({ from: '/app/inbox' });
  const params = useParams({ strict: false }) as { conversationId?: string };
  const phone = useMediaQuery('(max-width: 48em)');
  const showList = !phone || !params.conversationId;
  const filters = inboxFilters(search);
  return (
    <Group align="stretch" gap={0} wrap="nowrap" style={{ flex: 1, minHeight: 0 }}>
      {showList && (
        <Box
          component="section"
          aria-label={t('nav.inbox')}
          w={phone ? '100%' : 360}
          style={{
            borderRight: '1px solid var(--mantine-color-default-border)',
            display: 'flex',
            flexDirection: 'column',
          }}
        >
          <Box px="xs" pt={8}>
            <SearchBox />
          </Box>
          <InboxFiltersBar filters={filters} />
          <ConversationList filters={filters} selectedId={params.conversationId} />
        </Box>
      )}
      {(!phone || params.conversationId) && (
        <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          {params.conversationId ? (
            <Outlet />
          ) : (
            <Center style={{ flex: 1 }}>
              <Text c="dimmed">{t('inbox.select')}</Text>
            </Center>
          )}
        </Box>
      )}
    </Group>
  );
}
