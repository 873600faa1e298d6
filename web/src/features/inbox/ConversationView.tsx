import { ActionIcon, Box, Center, Group, Loader, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { Composer } from './Composer.tsx';
import { ConversationActions } from './ConversationActions.tsx';
import { PlatformIcon } from './PlatformIcon.tsx';
import { conversationQuery } from './queries.ts';
import { Timeline } from './Timeline.tsx';

/**
 * `/inbox/$conversationId` (`?at=<messageId>` opens the timeline at that message): header with
 * status actions, the timeline and (for agents and up) the composer.
 */
export function ConversationView() {
  const t = useT();
  const { conversationId } = useParams({ from: '/app/inbox/$conversationId' });
  const { at } = useSearch({ from: '/app/inbox/$conversationId' });
  const navigate = useNavigate({ from: '/inbox/$conversationId' });
  const { data: me } = useQuery(meQuery);
  const c = useQuery(conversationQuery(conversationId));
  if (c.isPending)
    return (
      <Center style={{ flex: 1 }}>
        <Loader size="sm" aria-label={t('app.loading')} />
      </Center>
    );
  if (c.isError)
    return (
      <Center style={{ flex: 1 }}>
        <Text c="red">{c.error.message}</Text>
      </Center>
    );
  const conv = c.data;
  const canWrite = atLeast(me, 'agent');
  return (
    <Box
      component="section"
      aria-label={conv.contact.name ?? t('inbox.unknownContact')}
      style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }}
    >
      <Group
        px="sm"
        py={8}
        justify="space-between"
        gap="xs"
        // On a phone the actions go below the name rather than squeezing it out.
        wrap="wrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0, flex: '1 1 140px' }}>
          <ActionIcon
            component={Link}
            to="/inbox"
            search={true}
            variant="subtle"
            hiddenFrom="sm"
            aria-label={t('conversation.back')}
          >
            <IconArrowLeft size={18} />
          </ActionIcon>
          <PlatformIcon platform={conv.platform} />
          <Title
            order={2}
            size="h5"
            style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}
          >
            {conv.contact.name ?? t('inbox.unknownContact')}
          </Title>
        </Group>
        {canWrite && (
          // On a phone the actions wrap onto a second line rather than being cut off.
          <Box style={{ maxWidth: '100%' }}>
            <ConversationActions c={conv} />
          </Box>
        )}
      </Group>
      {/* A fresh timeline per conversation: its opening position is its own. */}
      <Timeline
        key={conversationId}
        conversationId={conversationId}
        at={at}
        onLeaveAt={() => void navigate({ search: (s) => ({ ...s, at: undefined }), replace: true })}
      />
      {canWrite && <Composer conversationId={conversationId} />}
    </Box>
  );
}
