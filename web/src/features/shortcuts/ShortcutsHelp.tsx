import { Group, Kbd, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { atLeast, meQuery } from '../../api/session.ts';
import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { ShortcutDialog } from './Dialog.tsx';
import { keyCaps, SHORTCUTS, type Shortcut } from './registry.ts';

const GROUPS: { id: Shortcut['group']; label: MessageId }[] = [
  { id: 'inbox', label: 'shortcuts.group.inbox' },
  { id: 'goto', label: 'shortcuts.group.goto' },
  { id: 'general', label: 'shortcuts.group.general' },
];

/** The keys of one shortcut: alternatives separated by "or", sequences by "then". */
function Keys({ s }: { s: Shortcut }) {
  const t = useT();
  return (
    <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
      {s.keys.map((combo, i) => {
        const { caps, sequence } = keyCaps(combo);
        return (
          <Fragment key={combo}>
            {i > 0 && (
              <Text span size="xs" c="dimmed">
                {t('shortcuts.or')}
              </Text>
            )}
            {caps.map((cap, j) => (
              <Fragment key={cap}>
                {j > 0 && (
                  <Text span size="xs" c="dimmed">
                    {sequence ? t('shortcuts.then') : '+'}
                  </Text>
                )}
                <Kbd size="sm">{cap}</Kbd>
              </Fragment>
            ))}
          </Fragment>
        );
      })}
    </Group>
  );
}

/** The help dialog (`?`): every shortcut the user's role may use, by group, with its keys. */
export function ShortcutsHelp({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT();
  const me = useQuery(meQuery).data;
  const mine = SHORTCUTS.filter((s) => !s.role || atLeast(me, s.role));
  return (
    <ShortcutDialog
      opened={opened}
      onClose={onClose}
      title={t('shortcuts.help.title')}
      closeLabel={t('shortcuts.close')}
      width={780}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('shortcuts.help.intro')}
        </Text>
        {/* Two columns on wide screens: the inbox's keys, then going places and the rest. */}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl" verticalSpacing="md">
          {[GROUPS.slice(0, 1), GROUPS.slice(1)].map((column) => (
            <Stack key={column[0]!.id} gap="md">
              {column.map((g) => (
                <section key={g.id} aria-labelledby={`shortcuts-${g.id}`}>
                  <Title order={3} size="h6" id={`shortcuts-${g.id}`} mb={4}>
                    {t(g.label)}
                  </Title>
                  <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                    {mine
                      .filter((s) => s.group === g.id)
                      .map((s) => (
                        <Group
                          key={s.id}
                          component="li"
                          justify="space-between"
                          wrap="nowrap"
                          gap="sm"
                          py={6}
                          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
                        >
                          <Text size="sm">{t(s.label)}</Text>
                          <Keys s={s} />
                        </Group>
                      ))}
                  </Stack>
                </section>
              ))}
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </ShortcutDialog>
  );
}
