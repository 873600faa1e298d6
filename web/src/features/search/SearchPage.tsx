import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Center,
  Group,
  Loader,
  Mark,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconLock } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { FormattedDate } from 'react-intl';
import { useT } from '../../i18n/useT.ts';
import { PlatformIcon } from '../inbox/PlatformIcon.tsx';
import { type SearchHit, searchQuery } from './queries.ts';
import { SearchBox } from './SearchBox.tsx';

/**
 * `/inbox/search?q=`: every message, reply and private note matching `q`, newest first, with the
 * matching words highlighted (`<mark>`, from the API's plain-text snippet parts: no HTML is ever
 * injected); "Load more" pages on. A hit opens its conversation at that message
 * (`/inbox/<conversationId>?at=<messageId>`).
 */
export function SearchPage() {
  const t = useT();
  const { q = '' } = useSearch({ from: '/app/inbox/search' });
  const query = q.trim();
  const hits = useInfiniteQuery(searchQuery(query));
  const rows = hits.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Box style={{ flex: 1, overflowY: 'auto' }}>
      <Stack gap="md" p="md" maw={880} mx="auto">
        <Group gap="xs">
          <Anchor component={Link} to="/inbox" size="sm">
            <Group gap={4} wrap="nowrap">
              <IconArrowLeft size={14} aria-hidden />
              {t('search.back')}
            </Group>
          </Anchor>
        </Group>
        <Title order={1} size="h3">
          {query ? t('search.title', { q: query }) : t('search.titleEmpty')}
        </Title>
        <SearchBox key={query} initial={query} autoFocus={!query} />
        <Text size="xs" c="dimmed">
          {t('search.hint')}
        </Text>
        {!query ? (
          <Text c="dimmed">{t('search.prompt')}</Text>
        ) : hits.isPending ? (
          <Center p="xl">
            <Loader size="sm" role="status" aria-label={t('search.loading')} />
          </Center>
        ) : hits.isError ? (
          <Alert color="red" title={t('search.error')} role="alert">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{hits.error.message}</Text>
              <Button size="xs" variant="light" onClick={() => void hits.refetch()}>
                {t('app.error.retry')}
              </Button>
            </Stack>
          </Alert>
        ) : rows.length === 0 ? (
          <Stack gap={4} py="xl" align="center" ta="center" data-testid="search-empty">
            <Text fw={600}>{t('search.empty', { q: query })}</Text>
          </Stack>
        ) : (
          <Stack
            gap="xs"
            component="ol"
            aria-label={t('search.results')}
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            {rows.map((h) => (
              <HitRow key={h.messageId} h={h} />
            ))}
          </Stack>
        )}
        {hits.hasNextPage && (
          <Center>
            <Button
              variant="default"
              loading={hits.isFetchingNextPage}
              onClick={() => void hits.fetchNextPage()}
            >
              {t('search.loadMore')}
            </Button>
          </Center>
        )}
      </Stack>
    </Box>
  );
}

/** Who wrote a hit, when it is not the contact. */
function senderLabel(h: SearchHit, t: ReturnType<typeof useT>): string | null {
  if (h.private) return h.senderKind === 'agent' ? t('search.draft') : t('search.note');
  if (h.direction === 'inbound') return null;
  return h.senderKind === 'agent' ? t('search.sender.agent') : t('search.sender.team');
}

function HitRow({ h }: { h: SearchHit }) {
  const t = useT();
  const sender = senderLabel(h, t);
  return (
    <li>
      <Link
        to="/inbox/$conversationId"
        params={{ conversationId: h.conversationId }}
        search={{ at: h.messageId }}
        data-testid="search-hit"
        data-message-id={h.messageId}
        style={{
          display: 'block',
          color: 'inherit',
          textDecoration: 'none',
          borderRadius: 'var(--mantine-radius-md)',
        }}
      >
        <Paper
          withBorder
          p="sm"
          radius="md"
          // A private note looks like one in the timeline: yellow, dashed.
          style={
            h.private
              ? { borderColor: 'var(--mantine-color-yellow-filled)', borderStyle: 'dashed' }
              : undefined
          }
        >
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
              <PlatformIcon platform={h.platform} />
              <Text fw={600} size="sm" truncate>
                {h.contact.name ?? t('inbox.unknownContact')}
              </Text>
              {h.private ? (
                <Badge
                  size="sm"
                  variant="light"
                  color="yellow"
                  leftSection={<IconLock size={11} aria-hidden />}
                  // The theme's text colour: the light variant's yellow text is too faint on its background.
                  styles={{ root: { color: 'var(--mantine-color-text)', flexShrink: 0 } }}
                >
                  {sender}
                </Badge>
              ) : (
                sender && (
                  <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                    {sender}
                  </Text>
                )
              )}
            </Group>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              <FormattedDate value={h.createdAt} dateStyle="medium" timeStyle="short" />
            </Text>
          </Group>
          <Text size="sm" mt={4} style={{ overflowWrap: 'anywhere' }} data-testid="search-snippet">
            {h.snippet.map((p, i) =>
              p.hit ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts never reorder
                <Mark key={i} color="yellow">
                  {p.text}
                </Mark>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts never reorder
                <span key={i}>{p.text}</span>
              ),
            )}
          </Text>
        </Paper>
      </Link>
    </li>
  );
}
