import { Box, Button, Container, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconCalendarEvent,
  IconKey,
  IconMail,
  IconMessageBolt,
  IconPlugConnected,
  IconPlus,
  IconSettings,
  IconUsers,
} from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { ApiKeysTab } from './ApiKeysTab.tsx';
import { CalendarTab } from './CalendarTab.tsx';
import { ChannelsTab } from './ChannelsTab.tsx';
import { InvitationsTab } from './InvitationsTab.tsx';
import { MembersTab } from './MembersTab.tsx';
import { TemplatesTab } from './templates/TemplatesTab.tsx';
import { WorkspaceTab } from './WorkspaceTab.tsx';

/** The settings tabs, as kept in the URL (`/settings?tab=keys`). */
export const SETTINGS_TABS = [
  'members',
  'invitations',
  'keys',
  'channels',
  'templates',
  'workspace',
  'calendar',
] as const;
export type SettingsTab = (typeof SETTINGS_TABS)[number];

/**
 * `/settings` (admins and owners; the route sends others to the inbox), its sections listed down
 * the left on desktop and as pills on a phone: Members, Invitations,
 * API keys (owners only, like the API), Channels and agents, Canned responses, Workspace (its
 * name and time zone) and Calendar (the known events that label anomalies). The open tab
 * is the `tab` search param, so a reload or a shared link keeps it.
 */
export function SettingsPage() {
  const t = useT();
  const { data: me } = useSuspenseQuery(meQuery);
  const { tab } = useSearch({ from: '/app/settings' });
  const navigate = useNavigate({ from: '/settings' });
  const phone = useMediaQuery('(max-width: 48em)');
  if (!me) return null;
  const isOwner = atLeast(me, 'owner');
  const active: SettingsTab = tab === 'keys' && !isOwner ? 'members' : (tab ?? 'members');

  return (
    <Box style={{ flex: 1, overflowY: 'auto' }}>
      <Container size="lg" py="lg" px={{ base: 'sm', sm: 'md' }}>
        <Stack gap="md">
          <div>
            <Title order={1} size="h3">
              {t('settings.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('settings.subtitle', { workspace: me.workspace.name })}
            </Text>
          </div>
          <Tabs
            value={active}
            onChange={(v) => v && navigate({ search: { tab: v as SettingsTab }, replace: true })}
            keepMounted={false}
            // Seven sections: a list down the left on desktop (as most settings pages have), and
            // pills on a phone, which read better over two lines than wrapped underlined tabs.
            orientation={phone ? 'horizontal' : 'vertical'}
            variant={phone ? 'pills' : 'default'}
            styles={{
              panel: { flex: 1, minWidth: 0, paddingInlineStart: phone ? 0 : 'var(--mantine-spacing-lg)' },
              tabLabel: phone ? undefined : { textAlign: 'start' },
            }}
          >
            <Tabs.List mb={phone ? 'md' : 0} miw={phone ? undefined : 210}>
              <Tabs.Tab value="members" leftSection={<IconUsers size={16} />}>
                {t('settings.tab.members')}
              </Tabs.Tab>
              <Tabs.Tab value="invitations" leftSection={<IconMail size={16} />}>
                {t('settings.tab.invitations')}
              </Tabs.Tab>
              {isOwner && (
                <Tabs.Tab value="keys" leftSection={<IconKey size={16} />}>
                  {t('settings.tab.keys')}
                </Tabs.Tab>
              )}
              <Tabs.Tab value="channels" leftSection={<IconPlugConnected size={16} />}>
                {t('settings.tab.channels')}
              </Tabs.Tab>
              <Tabs.Tab value="templates" leftSection={<IconMessageBolt size={16} />}>
                {t('settings.tab.templates')}
              </Tabs.Tab>
              <Tabs.Tab value="workspace" leftSection={<IconSettings size={16} />}>
                {t('settings.tab.workspace')}
              </Tabs.Tab>
              <Tabs.Tab value="calendar" leftSection={<IconCalendarEvent size={16} />}>
                {t('settings.tab.calendar')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="members">
              <MembersTab me={me} />
            </Tabs.Panel>
            <Tabs.Panel value="invitations">
              <InvitationsTab me={me} />
            </Tabs.Panel>
            {isOwner && (
              <Tabs.Panel value="keys">
                <ApiKeysTab />
              </Tabs.Panel>
            )}
            <Tabs.Panel value="channels">
              <ChannelsTab
                addChannel={
                  <Button
                    component={Link}
                    to="/setup/channel"
                    size="xs"
                    variant="light"
                    leftSection={<IconPlus size={14} />}
                  >
                    {t('settings.channels.add')}
                  </Button>
                }
              />
            </Tabs.Panel>
            <Tabs.Panel value="templates">
              <TemplatesTab />
            </Tabs.Panel>
            <Tabs.Panel value="workspace">
              <WorkspaceTab />
            </Tabs.Panel>
            <Tabs.Panel value="calendar">
              <CalendarTab me={me} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      </Container>
    </Box>
  );
}
