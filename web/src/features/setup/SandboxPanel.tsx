import { Alert, Button, Group, Loader, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconArrowRight, IconCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { channelsQuery } from '../settings/queries.ts';

/**
 * "Try it with sandbox data": explains the demo, loads it (`POST /demo/inbox`: demo sandbox channels,
 * a FAQ agent, sample conversations replayed through the pipeline), then offers to continue with
 * the demo WhatsApp channel. Shows the loaded state when the workspace already holds the demo.
 */
export function SandboxPanel({ onContinue }: { onContinue: (channelId: string) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const channels = useQuery(channelsQuery);
  const demo = (channels.data ?? []).filter((c) => c.demo);
  const load = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/demo/inbox')),
    onSuccess: async () => {
      await Promise.all(
        ['channels', 'agents', 'conversations', 'conversation-counts'].map((k) =>
          qc.invalidateQueries({ queryKey: [k] }),
        ),
      );
    },
  });
  const first = demo.find((c) => c.platform === 'whatsapp') ?? demo[0];
  if (channels.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  return (
    <Paper withBorder p="md" radius="md">
      {first ? (
        <Stack gap="sm" data-testid="sandbox-loaded">
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <ThemeIcon color="green" radius="xl" size="md">
              <IconCheck size={16} />
            </ThemeIcon>
            <div>
              <Text fw={600} size="sm">
                {t('setup.sandbox.loaded', { count: demo.length })}
              </Text>
              <Text size="sm" c="dimmed">
                {t('setup.sandbox.remove.hint')}
              </Text>
            </div>
          </Group>
          <Group justify="flex-end">
            <Button rightSection={<IconArrowRight size={16} />} onClick={() => onContinue(first.id)}>
              {t('setup.continue')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm">{t('setup.sandbox.body')}</Text>
          {load.error && (
            <Alert color="red" role="alert" title={t('setup.sandbox.failed')}>
              {load.error.message}
            </Alert>
          )}
          <Group justify="space-between" wrap="wrap">
            <Text size="sm" c="dimmed" role="status">
              {load.isPending ? t('setup.sandbox.loading') : ''}
            </Text>
            <Button onClick={() => load.mutate()} loading={load.isPending}>
              {t('setup.sandbox.load')}
            </Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
