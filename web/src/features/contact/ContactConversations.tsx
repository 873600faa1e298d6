/**
 * The contact's other conversations (every channel), newest activity first: channel, status, unread
 * count, last activity and the last message, each a link that opens it in the inbox. Pages of 20 ("Load more").
 * Refreshed whenever the inbox's conversation lists are (live events, status changes).
 */
import { Badge, Box, Button, Group, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { FormattedRelativeTime } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import { PlatformIcon } from '../inbox/PlatformIcon.tsx';
import { contactConversationsQuery } from './queries.ts';

const STATUS_COLOR = { open: 'blue', pending: 'yellow', snoozed: 'grape', resolved: 'gray' } as const;

export function ContactConversations({ contactId, currentId }: { contactId: string; currentId: string }) {
  const t = useT();
  const qc = useQueryClient();
  const list = useInfiniteQuery(contactConversationsQuery(contactId));
  // Follow the inbox: when its conversation lists are invalidated, so is this one (once).
  useEffect(() => {
    const { queryKey } = contactConversationsQuery(contactId);
    return qc.getQueryCache().subscribe((e) => {
      if (e.type !== 'updated' || e.action.type !== 'invalidate') return;
      if (e.query.queryKey[0] !== 'conversations') return;
      if (!qc.getQueryState(queryKey)?.isInvalidated) void qc.invalidateQueries({ queryKey });
    });
  }, [qc, contactId]);
  if (list.isPending)
    return (
      <Text size="sm" c="dimmed">
        {t('app.loading')}
      </Text>
    );
  if (list.isError)
    return (
      <Text size="sm" c="red" role="alert">
        {list.error.message}
      </Text>
    );
  const others = list.data.pages.flatMap((p) => p.data).filter((c) => c.id !== currentId);
  return (
    <Stack gap={4}>
      {others.length === 0 && !list.hasNextPage && (
        <Text size="sm" c="dimmed">
          {t('contact.conversations.none')}
        </Text>
      )}
      {others.length > 0 && (
        <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {others.map((c) => {
            const last = c.lastMessage;
            const preview = !last
              ? t('inbox.noMessages')
              : last.private
                ? t('inbox.notePreview', { text: last.text ?? '' })
                : (last.text ?? t('inbox.media', { type: last.contentType }));
            return (
              <li key={c.id}>
                <Link
                  from="/inbox/$conversationId"
                  to="/inbox/$conversationId"
                  params={{ conversationId: c.id }}
                  search={(s) => ({ ...s, at: undefined })}
                  data-testid="contact-conversation"
                  style={{
                    display: 'block',
                    padding: '6px 8px',
                    margin: '0 -8px',
                    borderRadius: 'var(--mantine-radius-sm)',
                    color: 'inherit',
                    textDecoration: 'none',
                  }}
                  className="contact-conversation-link"
                >
                  <Group gap={6} wrap="nowrap" justify="space-between">
                    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
                      <PlatformIcon platform={c.platform} />
                      <Text size="sm" fw={600} truncate>
                        {c.channelName ?? c.platform}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                      <FormattedRelativeTime
                        value={Math.round((Date.parse(c.lastMessageAt) - Date.now()) / 1000)}
                        numeric="auto"
                        updateIntervalInSeconds={60}
                      />
                    </Text>
                  </Group>
                  <Group gap={6} wrap="nowrap" justify="space-between" mt={2}>
                    <Text size="xs" c="dimmed" truncate fs={last?.private ? 'italic' : undefined}>
                      {preview}
                    </Text>
                    <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
                      {c.unreadCount > 0 && (
                        <Badge size="xs" circle aria-label={t('inbox.unread', { count: c.unreadCount })}>
                          {c.unreadCount > 99 ? '99+' : c.unreadCount}
                        </Badge>
                      )}
                      <Badge size="xs" variant="light" color={STATUS_COLOR[c.status]}>
                        {t(`inbox.status.${c.status}`)}
                      </Badge>
                    </Group>
                  </Group>
                </Link>
              </li>
            );
          })}
        </Box>
      )}
      {list.hasNextPage && (
        <Group>
          <Button
            size="xs"
            variant="subtle"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('inbox.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
