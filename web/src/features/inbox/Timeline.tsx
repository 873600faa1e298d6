import { Box, Button, Center, Divider, Group, Loader, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertCircle, IconCheck, IconChecks, IconClock } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useRef } from 'react';
import { FormattedDate, FormattedTime } from 'react-intl';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { fillComposerWithDraft } from './Composer.tsx';
import { type Message, messagesQuery } from './queries.ts';

/** Local calendar day of an ISO timestamp, for day separators. */
const dayOf = (iso: string) => new Date(iso).toDateString();

/**
 * A conversation's messages, oldest at the top, with day separators, sender kinds and delivery
 * ticks; opens at the newest message and loads older pages on demand.
 */
export function Timeline({ conversationId }: { conversationId: string }) {
  const t = useT();
  const q = useInfiniteQuery(messagesQuery(conversationId));
  const bottom = useRef<HTMLDivElement>(null);
  const messages = (q.data?.pages.flatMap((p) => p.data) ?? []).slice().reverse();
  const newest = messages.at(-1)?.id;
  useEffect(() => {
    if (newest) bottom.current?.scrollIntoView({ block: 'end' });
  }, [newest]);
  if (q.isPending)
    return (
      <Center style={{ flex: 1 }}>
        <Loader size="sm" aria-label={t('app.loading')} />
      </Center>
    );
  return (
    <Box style={{ flex: 1, overflowY: 'auto' }} px="md" py="sm" role="log" aria-live="polite">
      {q.hasNextPage && (
        <Center mb="sm">
          <Button size="xs" variant="subtle" loading={q.isFetchingNextPage} onClick={() => q.fetchNextPage()}>
            {t('conversation.loadOlder')}
          </Button>
        </Center>
      )}
      <Stack gap={6}>
        {messages.map((m, i) => (
          <Fragment key={m.id}>
            {(i === 0 || dayOf(messages[i - 1]!.createdAt) !== dayOf(m.createdAt)) && (
              <Divider
                my="xs"
                labelPosition="center"
                label={<FormattedDate value={m.createdAt} dateStyle="medium" />}
              />
            )}
            <Bubble m={m} />
          </Fragment>
        ))}
      </Stack>
      <div ref={bottom} />
    </Box>
  );
}

function Bubble({ m }: { m: Message }) {
  const t = useT();
  // Viewers read drafts but cannot send them (they have no composer).
  const canWrite = atLeast(useQuery(meQuery).data, 'agent');
  const mine = m.direction === 'outbound';
  return (
    <Group
      justify={mine ? 'flex-end' : 'flex-start'}
      data-testid="message"
      data-sender={m.senderKind}
      data-private={m.private ? 'true' : undefined}
    >
      <Paper
        px="sm"
        py={6}
        maw="75%"
        radius="lg"
        bg={
          m.private
            ? 'var(--mantine-color-yellow-light)'
            : mine
              ? m.senderKind === 'agent'
                ? 'var(--mantine-color-teal-light)'
                : 'var(--mantine-primary-color-light)'
              : 'var(--mantine-color-default-hover)'
        }
        withBorder={m.private}
        style={
          m.private ? { borderColor: 'var(--mantine-color-yellow-filled)', borderStyle: 'dashed' } : undefined
        }
      >
        {m.private && (
          <Text size="xs" fw={600} c="yellow.9">
            {m.senderKind === 'agent' ? t('conversation.draft') : t('conversation.note')}
          </Text>
        )}
        {!m.private && m.senderKind !== 'contact' && (
          <Text size="xs" fw={600} c="dimmed">
            {t(`conversation.sender.${m.senderKind}`)}
          </Text>
        )}
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {m.text ?? (
            <Text span fs="italic" c="dimmed">
              {t('inbox.media', { type: m.contentType })}
            </Text>
          )}
        </Text>
        <Group gap={4} justify="flex-end">
          <Text size="xs" c="dimmed">
            <FormattedTime value={m.createdAt} />
          </Text>
          {mine && m.status && <Tick status={m.status} reason={m.error?.message ?? m.error?.code} />}
        </Group>
        {canWrite && m.private && m.senderKind === 'agent' && m.text && (
          <Button
            size="compact-xs"
            variant="light"
            color="yellow"
            mt={4}
            onClick={() => fillComposerWithDraft(m.conversationId, m.text!)}
          >
            {t('conversation.useDraft')}
          </Button>
        )}
      </Paper>
    </Group>
  );
}

function Tick({ status, reason }: { status: NonNullable<Message['status']>; reason?: string | null }) {
  const t = useT();
  const label = status === 'failed' && reason ? `${t('status.failed')}: ${reason}` : t(`status.${status}`);
  const icon =
    status === 'queued' ? (
      <IconClock size={14} />
    ) : status === 'sent' ? (
      <IconCheck size={14} />
    ) : status === 'failed' ? (
      <IconAlertCircle size={14} color="var(--mantine-color-red-6)" />
    ) : (
      <IconChecks size={14} color={status === 'read' ? 'var(--mantine-color-blue-6)' : undefined} />
    );
  return (
    <Tooltip label={label}>
      <span role="img" aria-label={label} data-status={status} style={{ display: 'inline-flex' }}>
        {icon}
      </span>
    </Tooltip>
  );
}
