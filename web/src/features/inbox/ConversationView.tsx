import { ActionIcon, Box, Center, Group, Loader, Text, Title } from '@mantine/core';
import { useLocalStorage, useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconUser } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { Composer } from './Composer.tsx';
import { ConversationActions } from './ConversationActions.tsx';
import { PlatformIcon } from './PlatformIcon.tsx';
import { conversationQuery } from './queries.ts';
import { Timeline } from './Timeline.tsx';

// The contact panel is its own chunk, fetched when first shown: the inbox bundle does not carry it.
const ContactPane = lazy(() => import('../contact/ContactPane.tsx'));

/**
 * `/inbox/$conversationId` (`?at=<messageId>` opens the timeline at that message): header with
 * status actions, the timeline and (for agents and up) the composer, and the contact panel
 * (web/src/features/contact/): a column beside the timeline on wide screens (shown or hidden by the
 * header's "Contact details" button, remembered in this browser), a drawer elsewhere.
 */
export function ConversationView() {
  const t = useT();
  const { conversationId } = useParams({ from: '/app/inbox/$conversationId' });
  const { at } = useSearch({ from: '/app/inbox/$conversationId' });
  const navigate = useNavigate({ from: '/inbox/$conversationId' });
  const { data: me } = useQuery(meQuery);
  const c = useQuery(conversationQuery(conversationId));
  const wide = useMediaQuery('(min-width: 75em)') ?? false;
  const [columnOpen, setColumnOpen] = useLocalStorage({
    key: 'omnify.contactPanel.open',
    defaultValue: true,
  });
  const [sheetOpen, setSheetOpen] = useState(false);
  if (c.isPending)
    return (
      <Center style={{ flex: 1 }}>
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
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
          <ActionIcon
            variant={wide && columnOpen ? 'light' : 'subtle'}
            ml="auto"
            aria-label={t('contact.details')}
            aria-expanded={wide ? columnOpen : sheetOpen}
            onClick={() => (wide ? setColumnOpen((open) => !open) : setSheetOpen(true))}
          >
            <IconUser size={18} />
          </ActionIcon>
        </Group>
        {canWrite && (
          // On a phone the actions wrap onto a second line rather than being cut off.
          <Box style={{ maxWidth: '100%' }}>
            <ConversationActions c={conv} />
          </Box>
        )}
      </Group>
      <Box style={{ flex: 1, display: 'flex', minHeight: 0 }}>
        <Box style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          {/* A fresh timeline per conversation: its opening position is its own. */}
          <Timeline
            key={conversationId}
            conversationId={conversationId}
            at={at}
            onLeaveAt={() => void navigate({ search: (s) => ({ ...s, at: undefined }), replace: true })}
          />
          {canWrite && <Composer conversationId={conversationId} />}
        </Box>
        {(wide ? columnOpen : sheetOpen) && (
          <Suspense fallback={null}>
            <ContactPane
              contactId={conv.contact.id}
              conversationId={conversationId}
              mode={wide ? 'column' : 'sheet'}
              onClose={() => setSheetOpen(false)}
            />
          </Suspense>
        )}
      </Box>
    </Box>
  );
}
