import { Badge, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconPlugConnected, IconRobot } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { PlatformIcon } from '../inbox/PlatformIcon.tsx';
import { Empty, ErrorAlert, NO_TRUNCATE } from './parts.tsx';
import { agentsQuery, channelsQuery } from './queries.ts';

/**
 * The Channels and agents tab, read-only for now: each channel with its platform, whether it is a
 * sandbox, and the agent that answers on it; each agent with its kind and the channels it serves.
 * `addChannel` (the link to the channel wizard) is shown above the channels.
 */
export function ChannelsTab({ addChannel }: { addChannel?: ReactNode }) {
  const t = useT();
  const channels = useQuery(channelsQuery);
  const agents = useQuery(agentsQuery);
  if (channels.isPending || agents.isPending)
    return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (channels.isError || agents.isError)
    return <ErrorAlert message={(channels.error ?? agents.error)?.message ?? ''} />;
  const agentName = new Map(agents.data.map((a) => [a.id, a.name]));

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h5">
            {t('settings.channels.title')}
          </Title>
          {addChannel}
        </Group>
        {channels.data.length === 0 ? (
          <Empty
            icon={<IconPlugConnected />}
            title={t('settings.channels.empty')}
            body={t('settings.channels.empty.body')}
          />
        ) : (
          <Table verticalSpacing="sm" aria-label={t('settings.channels.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.channels.name')}</Table.Th>
                <Table.Th>{t('settings.channels.platform')}</Table.Th>
                <Table.Th>{t('settings.channels.agent')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {channels.data.map((c) => (
                <Table.Tr key={c.id} data-testid="channel-row">
                  <Table.Td style={{ maxWidth: 0, width: '50%' }}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500} truncate>
                        {c.name}
                      </Text>
                      {c.sandbox && (
                        <Badge size="xs" variant="light" color="violet" styles={NO_TRUNCATE}>
                          {t('settings.channels.sandbox')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <PlatformIcon platform={c.platform} />
                      <Text size="sm" visibleFrom="xs">
                        {c.platform}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={c.agentId ? undefined : 'dimmed'} truncate>
                      {c.agentId
                        ? (agentName.get(c.agentId) ?? t('settings.channels.unknownAgent'))
                        : t('settings.channels.noAgent')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Stack gap="sm">
        <Title order={2} size="h5">
          {t('settings.agents.title')}
        </Title>
        {agents.data.length === 0 ? (
          <Empty
            icon={<IconRobot />}
            title={t('settings.agents.empty')}
            body={t('settings.agents.empty.body')}
          />
        ) : (
          <Table verticalSpacing="sm" aria-label={t('settings.agents.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.agents.name')}</Table.Th>
                <Table.Th>{t('settings.agents.kind')}</Table.Th>
                <Table.Th>{t('settings.agents.channels')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agents.data.map((a) => {
                const on = channels.data.filter((c) => c.agentId === a.id).map((c) => c.name);
                return (
                  <Table.Tr key={a.id} data-testid="agent-row">
                    <Table.Td style={{ maxWidth: 0, width: '50%' }}>
                      <Text size="sm" fw={500} truncate>
                        {a.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t(kindLabel(a.kind))}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={on.length ? undefined : 'dimmed'}>
                        {on.length ? on.join(', ') : t('settings.agents.unused')}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Stack>
  );
}

/** The message id of an agent kind's label (unknown kinds read as "Other"). */
function kindLabel(kind: string): MessageId {
  if (kind === 'faq') return 'settings.agents.kind.faq';
  if (kind === 'openai') return 'settings.agents.kind.openai';
  if (kind === 'http') return 'settings.agents.kind.http';
  return 'settings.agents.kind.other';
}
