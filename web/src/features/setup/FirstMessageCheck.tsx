import { Group, Loader, Paper, Text, ThemeIcon } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useT } from '../../i18n/useT.ts';
import { firstConversationQuery } from './queries.ts';

/**
 * "Waiting for your first message…" for a channel, turning green with the sender's name and text as
 * soon as a conversation exists on it (live events, else a 2-second poll). `data-state` is
 * `waiting` or `received` (tests wait on it).
 */
export function FirstMessageCheck({ channelId }: { channelId: string }) {
  const t = useT();
  const first = useQuery(firstConversationQuery(channelId)).data;
  const received = !!first;
  return (
    <Paper
      withBorder
      p="sm"
      role="status"
      data-testid="first-message"
      data-state={received ? 'received' : 'waiting'}
      bg={received ? 'var(--mantine-color-green-light)' : undefined}
    >
      <Group gap="sm" wrap="nowrap">
        {received ? (
          <ThemeIcon color="green" radius="xl" size="md">
            <IconCheck size={16} />
          </ThemeIcon>
        ) : (
          <Loader size="sm" type="dots" aria-hidden />
        )}
        <div style={{ minWidth: 0 }}>
          <Text fw={600} size="sm">
            {received ? t('setup.received') : t('setup.waiting')}
          </Text>
          <Text size="sm" c="dimmed" truncate>
            {received
              ? t('setup.received.from', {
                  name: first.contact.name ?? t('inbox.unknownContact'),
                  text: first.lastMessage?.text ?? '…',
                })
              : t('setup.waiting.hint')}
          </Text>
        </div>
      </Group>
    </Paper>
  );
}
