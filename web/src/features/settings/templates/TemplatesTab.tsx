import {
  ActionIcon,
  Button,
  Code,
  Group,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconMessageBolt, IconPencil, IconPlus, IconSearch, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { FormattedDate } from 'react-intl';
import { api, unwrap } from '../../../api/client.ts';
import { useT } from '../../../i18n/useT.ts';
import { type Template, templatesQuery } from '../../templates/queries.ts';
import { CursorPager, DangerAction, ListTable, useConfirmedAction } from '../list-parts.tsx';
import { ConfirmDialog, Empty } from '../parts.tsx';
import { TemplateForm } from './TemplateForm.tsx';

/** Rows per page of the table. */
const PAGE_SIZE = 20;

/**
 * The Canned responses tab (admins and owners, as the API's writes): the workspace's templates by
 * shortcode, searched on the server (shortcode prefix, title or text) and paged with the API's
 * cursor (previous / next); create and edit in a dialog, delete after a confirmation. Agents use
 * them in the composer by typing `/`.
 */
export function TemplatesTab() {
  const t = useT();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  // The cursors of the pages before the current one (the first page has none).
  const [cursors, setCursors] = useState<string[]>([]);
  const [form, setForm] = useState<{ editing: Template | null } | null>(null);
  const cursor = cursors.at(-1);
  const list = useQuery(templatesQuery({ q, cursor, limit: PAGE_SIZE }));
  const remove = useConfirmedAction<Template>(
    async (id) => unwrap(await api.DELETE('/api/v1/templates/{id}', { params: { path: { id } } })),
    ['templates'],
  );
  const rows = list.data?.data ?? [];
  const next = list.data?.nextCursor;
  // A deletion can empty the last page: go back one.
  const emptyPage = list.isSuccess && !list.isPlaceholderData && rows.length === 0 && cursors.length > 0;
  useEffect(() => {
    if (emptyPage) setCursors((c) => c.slice(0, -1));
  }, [emptyPage]);

  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
            <div style={{ flex: '1 1 280px' }}>
              <Title order={2} size="h5">
                {t('settings.tab.templates')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('templates.settings.help')}
              </Text>
            </div>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ editing: null })}>
              {t('templates.settings.new')}
            </Button>
          </Group>
          <TextInput
            aria-label={t('templates.settings.search')}
            placeholder={t('templates.settings.search.placeholder')}
            leftSection={<IconSearch size={16} />}
            value={search}
            maxLength={200}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setCursors([]);
            }}
          />
        </Stack>
      </Paper>
      <ListTable
        query={list}
        empty={
          rows.length === 0 &&
          cursors.length === 0 &&
          (q ? (
            <Empty
              icon={<IconSearch />}
              title={t('templates.settings.noMatch')}
              body={t('templates.settings.noMatch.body')}
            />
          ) : (
            <Empty
              icon={<IconMessageBolt />}
              title={t('templates.settings.empty')}
              body={t('templates.settings.empty.body')}
            />
          ))
        }
        label={t('settings.tab.templates')}
        head={
          <>
            <Table.Th>{t('templates.settings.shortcode')}</Table.Th>
            <Table.Th>{t('templates.settings.content')}</Table.Th>
            <Table.Th visibleFrom="sm">{t('templates.settings.updated')}</Table.Th>
          </>
        }
        actionsWidth={84}
        footer={
          <CursorPager cursors={cursors} next={next} busy={list.isPlaceholderData} onChange={setCursors} />
        }
      >
        {rows.map((r) => (
          <Table.Tr key={r.id} data-testid="template-row">
            <Table.Td style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>
              <Code fz="sm">/{r.shortcode}</Code>
            </Table.Td>
            <Table.Td style={{ maxWidth: 0, width: '100%', verticalAlign: 'top' }}>
              {r.title && (
                <Text size="sm" fw={500} truncate>
                  {r.title}
                </Text>
              )}
              <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                {r.content}
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="sm" style={{ verticalAlign: 'top' }}>
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                <FormattedDate value={r.updatedAt} dateStyle="medium" />
              </Text>
            </Table.Td>
            <Table.Td style={{ verticalAlign: 'top' }}>
              <Group gap={4} wrap="nowrap">
                <Tooltip label={t('templates.settings.edit')}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('templates.settings.editWhich', { shortcode: r.shortcode })}
                    onClick={() => setForm({ editing: r })}
                  >
                    <IconPencil size={16} />
                  </ActionIcon>
                </Tooltip>
                <DangerAction
                  tooltip={t('templates.settings.delete')}
                  label={t('templates.settings.deleteWhich', { shortcode: r.shortcode })}
                  icon={<IconTrash size={16} />}
                  onClick={() => remove.ask(r)}
                />
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <TemplateForm opened={!!form} editing={form?.editing ?? null} onClose={() => setForm(null)} />
      <ConfirmDialog
        {...remove.dialog}
        title={t('templates.settings.delete.title')}
        body={t('templates.settings.delete.body', { shortcode: remove.target?.shortcode ?? '' })}
        confirmLabel={t('templates.settings.delete')}
      />
    </Stack>
  );
}
