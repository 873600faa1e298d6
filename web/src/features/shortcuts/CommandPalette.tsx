import { Group, Kbd, Text, useMantineColorScheme } from '@mantine/core';
import {
  IconArrowBackUp,
  IconChartLine,
  IconCheck,
  IconInbox,
  IconKeyboard,
  IconLogout,
  IconMoon,
  IconSettings,
  IconSun,
  IconUserCheck,
  IconUsers,
} from '@tabler/icons-react';
import { type InfiniteData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Command, defaultFilter } from 'cmdk';
import { type ReactNode, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { PlatformIcon } from '../inbox/PlatformIcon.tsx';
import { type ConversationSummary, conversationQuery } from '../inbox/queries.ts';
import { useAppCommands } from './commands.ts';
import { ShortcutDialog } from './Dialog.tsx';
import classes from './palette.module.css';
import { keyCaps } from './registry.ts';

/** How many cached conversations the palette offers to jump to. */
const JUMP_LIMIT = 100;

/** Matches the search against an item's words (its `keywords`), never its internal value. */
const filter = (_value: string, search: string, keywords?: string[]) =>
  defaultFilter((keywords ?? []).join(' '), search);

/**
 * The conversations the page already has (every cached conversation-list page, any filter),
 * newest activity first, without duplicates; nothing is fetched for the palette.
 */
function useCachedConversations(): ConversationSummary[] {
  const qc = useQueryClient();
  const byId = new Map<string, ConversationSummary>();
  for (const [, data] of qc.getQueriesData<InfiniteData<{ data: ConversationSummary[] }>>({
    queryKey: ['conversations'],
  })) {
    if (!data || !Array.isArray(data.pages)) continue;
    for (const page of data.pages) for (const c of page.data) if (!byId.has(c.id)) byId.set(c.id, c);
  }
  return [...byId.values()]
    .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt))
    .slice(0, JUMP_LIMIT);
}

/**
 * Focuses the search as soon as it is in the page, so what is typed right after Ctrl+K lands in
 * it (the modal's focus trap would only move focus a task later).
 */
const focusOnMount = (el: HTMLInputElement | null) => el?.focus({ preventScroll: true });

function Shortcut({ keys }: { keys: string }) {
  return (
    <Group gap={4} ml="auto" wrap="nowrap" aria-hidden>
      {keyCaps(keys).caps.map((k) => (
        <Kbd key={k} size="xs">
          {k}
        </Kbd>
      ))}
    </Group>
  );
}

/**
 * The command palette (Ctrl/⌘+K, cmdk in a Mantine modal): go to the inbox tabs, the dashboard,
 * customers and (admins) settings; resolve, reopen or take the open conversation; toggle dark mode;
 * show the shortcuts; sign out; and jump to any conversation the page has loaded. Typing filters
 * (fuzzy), ↑/↓ move, Enter runs, Escape closes.
 */
export function CommandPalette({
  opened,
  onClose,
  onShowHelp,
  onSignOut,
}: {
  opened: boolean;
  onClose: () => void;
  onShowHelp: () => void;
  onSignOut: () => void;
}) {
  const t = useT();
  const cmd = useAppCommands();
  const { colorScheme, toggleColorScheme } = useMantineColorScheme();
  const open = useQuery({
    ...conversationQuery(cmd.conversationId ?? ''),
    enabled: opened && !!cmd.conversationId,
  }).data;
  const conversations = useCachedConversations();
  // A fresh palette (empty search, first item selected) on each open; kept while it fades out.
  // The session moves on in the render that opens it (React's "adjusting state when a prop
  // changes"), not in an effect after it, so the palette is never re-mounted under keys already
  // typed into it.
  const [session, setSession] = useState(opened ? 1 : 0);
  const [wasOpened, setWasOpened] = useState(opened);
  if (opened !== wasOpened) {
    setWasOpened(opened);
    if (opened) setSession((n) => n + 1);
  }

  /** One entry: runs `run` and closes the palette. */
  const item = (
    value: string,
    label: string,
    icon: ReactNode,
    run: () => void,
    keys?: string,
    extra = '',
  ) => (
    <Command.Item
      key={value}
      value={value}
      keywords={[label, extra]}
      className={classes.item}
      onSelect={() => {
        onClose();
        run();
      }}
    >
      {icon}
      <span>{label}</span>
      {keys && <Shortcut keys={keys} />}
    </Command.Item>
  );

  return (
    <ShortcutDialog opened={opened} onClose={onClose} label={t('shortcuts.palette.label')}>
      {session > 0 && (
        <Command key={session} label={t('shortcuts.palette.label')} filter={filter} loop vimBindings={false}>
          <Command.Input
            ref={focusOnMount}
            data-autofocus
            className={classes.input}
            placeholder={t('shortcuts.palette.placeholder')}
          />
          <Command.List className={classes.list} label={t('shortcuts.palette.results')}>
            <Command.Empty className={classes.empty}>{t('shortcuts.palette.empty')}</Command.Empty>
            {cmd.canWrite && open && (
              <Command.Group heading={t('shortcuts.palette.group.conversation')}>
                {open.status === 'resolved'
                  ? item('reopen', t('shortcuts.palette.reopen'), <IconArrowBackUp size={18} />, () =>
                      cmd.setStatus('open'),
                    )
                  : item(
                      'resolve',
                      t('shortcuts.resolve'),
                      <IconCheck size={18} />,
                      () => cmd.setStatus('resolved'),
                      'e',
                    )}
                {open.assignee?.userId !== cmd.me?.user.id &&
                  item(
                    'assign-me',
                    t('shortcuts.assignMe'),
                    <IconUserCheck size={18} />,
                    cmd.assignToMe,
                    'a',
                  )}
              </Command.Group>
            )}
            <Command.Group heading={t('shortcuts.group.goto')}>
              {item('inbox-mine', t('shortcuts.palette.mine'), <IconInbox size={18} />, () =>
                cmd.goInbox('mine'),
              )}
              {item('inbox-unassigned', t('shortcuts.palette.unassigned'), <IconInbox size={18} />, () =>
                cmd.goInbox('unassigned'),
              )}
              {item(
                'inbox-all',
                t('shortcuts.palette.all'),
                <IconInbox size={18} />,
                () => cmd.goInbox('all'),
                'g i',
              )}
              {item(
                'dashboard',
                t('shortcuts.goDashboard'),
                <IconChartLine size={18} />,
                cmd.goDashboard,
                'g d',
                'insights',
              )}
              {item(
                'customers',
                t('shortcuts.goCustomers'),
                <IconUsers size={18} />,
                cmd.goCustomers,
                'g c',
                'contacts',
              )}
              {cmd.canAdmin &&
                item(
                  'settings',
                  t('shortcuts.goSettings'),
                  <IconSettings size={18} />,
                  cmd.goSettings,
                  'g s',
                  'members team api keys channels',
                )}
            </Command.Group>
            <Command.Group heading={t('shortcuts.group.general')}>
              {item(
                'theme',
                t('nav.theme'),
                colorScheme === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />,
                toggleColorScheme,
                undefined,
                'theme light dark',
              )}
              {item('help', t('shortcuts.help'), <IconKeyboard size={18} />, onShowHelp, '?', 'keyboard')}
              {item('sign-out', t('nav.logout'), <IconLogout size={18} />, onSignOut, undefined, 'log out')}
            </Command.Group>
            {conversations.length > 0 && (
              <Command.Group heading={t('shortcuts.palette.group.jump')}>
                {conversations.map((c) => {
                  const name = c.contact.name ?? t('inbox.unknownContact');
                  return (
                    <Command.Item
                      key={c.id}
                      value={`conversation-${c.id}`}
                      keywords={[name, c.lastMessage?.text ?? '']}
                      className={classes.item}
                      onSelect={() => {
                        onClose();
                        cmd.openConversation(c.id);
                      }}
                    >
                      <PlatformIcon platform={c.platform} />
                      <span style={{ flexShrink: 0 }}>{name}</span>
                      <Text span size="xs" c="dimmed" truncate>
                        {c.lastMessage?.text ?? ''}
                      </Text>
                    </Command.Item>
                  );
                })}
              </Command.Group>
            )}
          </Command.List>
          <Group gap="md" className={classes.footer} aria-hidden>
            <Text size="xs" c="dimmed">
              <Kbd size="xs">↑</Kbd> <Kbd size="xs">↓</Kbd> {t('shortcuts.palette.move')}
            </Text>
            <Text size="xs" c="dimmed">
              <Kbd size="xs">Enter</Kbd> {t('shortcuts.palette.run')}
            </Text>
            <Text size="xs" c="dimmed">
              <Kbd size="xs">Esc</Kbd> {t('shortcuts.palette.close')}
            </Text>
          </Group>
        </Command>
      )}
    </ShortcutDialog>
  );
}
