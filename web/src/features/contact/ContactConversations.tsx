/**
 * The contact's timeline across platforms: every conversation of the contact on every channel —
 * including those that came in through identities linked or merged into it — newest activity
 * first, on one vertical line. Each row shows the platform's icon and name with the channel's name,
 * the time of its last activity, the last message, its unread count and status, and opens the
 * conversation in the inbox; the conversation on screen is marked instead of linked. Pages of 20
 * ("Load more"). Refreshed whenever the inbox's conversation lists are (live events, status
 * changes, merges).
 */
import { Badge, Box, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { FormattedRelativeTime } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import { PlatformIcon } from '../inbox/PlatformIcon.tsx';
import { type ContactConversation, contactConversationsQuery } from './queries.ts';

const STATUS_COLOR = { open: 'blue', pending: 'yellow', snoozed: 'grape', resolved: 'gray' } as const;

/** The platforms' own names (brands: not translated). */
const PLATFORM_NAMES: Record<string, string> = {
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  slack: 'Slack',
  twilio: 'Twilio',
  messenger: 'Messenger',
  instagram: 'Instagram',
  discord: 'Discord',
  email: 'E-mail',
  teams: 'Teams',
  respondio: 'respond.io',
  webchat: 'Web chat',
  webhook: 'Webhook',
};

/** "Platform · Channel", or just the channel when its name already says the platform. */
function whereLabel(platform: string, channelName: string | null): string {
  const p = PLATFORM_NAMES[platform] ?? platform;
  if (!channelName) return p;
  return channelName.toLowerCase().includes(p.toLowerCase()) ? channelName : `${p} · ${channelName}`;
}

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
  const all = list.data.pages.flatMap((p) => p.data);
  return (
    <Stack gap={4}>
      {all.length > 0 && (
        <Box component="ol" m={0} p={0} pos="relative" style={{ listStyle: 'none' }}>
          {/* The timeline's line, from the first platform icon to the last. */}
          <Box
            aria-hidden
            pos="absolute"
            top={18}
            bottom={30}
            left={15}
            w={2}
            bg="var(--mantine-color-default-border)"
          />
          {all.map((c) => (
            <li key={c.id}>
              <Row c={c} current={c.id === currentId} />
            </li>
          ))}
        </Box>
      )}
      {!all.some((c) => c.id !== currentId) && !list.hasNextPage && (
        <Text size="sm" c="dimmed">
          {t('contact.conversations.none')}
        </Text>
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

/** One conversation of the timeline: a link that opens it, or the marked current one. */
function Row({ c, current }: { c: ContactConversation; current: boolean }) {
  const t = useT();
  const last = c.lastMessage;
  const preview = !last
    ? t('inbox.noMessages')
    : last.private
      ? t('inbox.notePreview', { text: last.text ?? '' })
      : (last.text ?? t('inbox.media', { type: last.contentType }));
  const label = (
    <Group gap={6} wrap="nowrap" justify="space-between">
      <Text size="sm" fw={600} truncate>
        {whereLabel(c.platform, c.channelName)}
      </Text>
      <Text
        component="time"
        dateTime={c.lastMessageAt}
        title={new Date(c.lastMessageAt).toLocaleString()}
        size="xs"
        c="dimmed"
        style={{ flexShrink: 0 }}
      >
        <FormattedRelativeTime
          value={Math.round((Date.parse(c.lastMessageAt) - Date.now()) / 1000)}
          numeric="auto"
          style="narrow"
          updateIntervalInSeconds={60}
        />
      </Text>
    </Group>
  );
  const description = (
    <Group gap={6} wrap="nowrap" justify="space-between" mt={2} component="span">
      <Text span size="xs" c="dimmed" truncate fs={last?.private ? 'italic' : undefined}>
        {preview}
      </Text>
      <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }} component="span">
        {current && (
          <Badge size="xs" variant="filled" color="dark">
            {t('contact.conversations.current')}
          </Badge>
        )}
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
  );
  const icon = (
    <Box
      component="span"
      display="inline-flex"
      p={3}
      bg="var(--mantine-color-body)"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: '50%' }}
    >
      <PlatformIcon platform={c.platform} />
    </Box>
  );
  const common = {
    label,
    description,
    leftSection: icon,
    px: 4,
    py: 6,
    'data-platform': c.platform,
    styles: { section: { marginInlineEnd: 8, alignSelf: 'flex-start' } },
  } as const;
  if (current)
    return (
      <NavLink {...common} component="div" aria-current="true" data-testid="contact-conversation-current" />
    );
  return (
    <NavLink
      {...common}
      data-testid="contact-conversation"
      renderRoot={(props) => (
        <Link
          {...props}
          from="/inbox/$conversationId"
          to="/inbox/$conversationId"
          params={{ conversationId: c.id }}
          search={(s) => ({ ...s, at: undefined })}
        />
      )}
    />
  );
}
