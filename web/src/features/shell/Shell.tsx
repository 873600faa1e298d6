import {
  ActionIcon,
  Alert,
  AppShell,
  Box,
  Burger,
  Button,
  Group,
  Menu,
  NavLink,
  Text,
  Tooltip,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconChartLine,
  IconInbox,
  IconLogout,
  IconMoon,
  IconSelector,
  IconSettings,
  IconSun,
  IconUsers,
} from '@tabler/icons-react';
import { useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { api, setCsrfToken, unwrap } from '../../api/client.ts';
import { connectLive, useLiveState } from '../../api/live.ts';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { DemoBanner } from '../onboarding/DemoBanner.tsx';
import { OnboardingChecklist } from '../onboarding/OnboardingChecklist.tsx';
import { ShortcutLayer, ShortcutsMenuItem } from '../shortcuts/ShortcutLayer.tsx';

/** The signed-in layout: navigation, workspace switcher, theme toggle and sign-out around a page. */
export function Shell() {
  const t = useT();
  const [opened, { toggle, close }] = useDisclosure();
  const { data: me } = useSuspenseQuery(meQuery);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const path = useRouterState({ select: (s) => s.location.pathname });
  const { toggleColorScheme, colorScheme } = useMantineColorScheme();
  const live = useLiveState();
  const workspaceId = me?.workspace.id;
  // One live connection per signed-in workspace; switching workspaces reconnects.
  useEffect(() => (workspaceId ? connectLive(qc) : undefined), [qc, workspaceId]);

  const logout = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v1/auth/logout')),
    onSettled: async () => {
      setCsrfToken(null);
      qc.clear();
      await navigate({ to: '/login', search: {} });
    },
  });
  const switchWorkspace = useMutation({
    mutationFn: async (workspaceId: string) =>
      unwrap(await api.POST('/api/v1/auth/workspace', { body: { workspaceId } })),
    onSuccess: async (next) => {
      setCsrfToken(next.csrfToken);
      qc.clear();
      qc.setQueryData(['me'], next);
      await navigate({ to: '/inbox' });
    },
  });
  if (!me) return null;

  const nav = [
    { to: '/inbox', label: t('nav.inbox'), icon: IconInbox },
    { to: '/dashboard', label: t('nav.dashboard'), icon: IconChartLine },
    { to: '/contacts', label: t('nav.contacts'), icon: IconUsers },
    // Settings are for admins and owners (the route also sends others away).
    ...(atLeast(me, 'admin')
      ? ([{ to: '/settings', label: t('nav.settings'), icon: IconSettings }] as const)
      : []),
  ] as const;

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
    >
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Text fw={700}>{t('app.name')}</Text>
            {me.workspaces.length > 1 ? (
              <Menu position="bottom-start">
                <Menu.Target>
                  <Button
                    variant="subtle"
                    size="xs"
                    rightSection={<IconSelector size={14} />}
                    aria-label={t('nav.workspace')}
                  >
                    {me.workspace.name}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{t('nav.workspace')}</Menu.Label>
                  {me.workspaces.map((w) => (
                    <Menu.Item
                      key={w.id}
                      onClick={() => w.id !== me.workspace.id && switchWorkspace.mutate(w.id)}
                      fw={w.id === me.workspace.id ? 700 : undefined}
                    >
                      {w.name}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            ) : (
              <Text size="sm" c="dimmed" visibleFrom="xs">
                {me.workspace.name}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Tooltip label={t('nav.theme')}>
              <ActionIcon variant="subtle" onClick={toggleColorScheme} aria-label={t('nav.theme')}>
                {colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="light" radius="xl" aria-label={me.user.name ?? me.user.email}>
                  {(me.user.name ?? me.user.email).slice(0, 1).toUpperCase()}
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.user.email}</Menu.Label>
                <ShortcutsMenuItem />
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()}>
                  {t('nav.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {nav.map((n) => (
          <NavLink
            key={n.to}
            component={Link}
            to={n.to}
            label={n.label}
            leftSection={<n.icon size={18} />}
            active={path.startsWith(n.to)}
            onClick={close}
          />
        ))}
        <Box mt="auto" pt="xs">
          <OnboardingChecklist onNavigate={close} />
        </Box>
      </AppShell.Navbar>
      <AppShell.Main h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
        {live === 'closed' && (
          <Alert color="yellow" variant="light" radius={0} py={6} role="status">
            {t('live.reconnecting')}
          </Alert>
        )}
        {path.startsWith('/inbox') && <DemoBanner />}
        <Outlet />
        {/* Keyboard shortcuts, the command palette (Ctrl/⌘+K) and the unread count in the tab title. */}
        <ShortcutLayer onSignOut={() => logout.mutate()} />
      </AppShell.Main>
    </AppShell>
  );
}
