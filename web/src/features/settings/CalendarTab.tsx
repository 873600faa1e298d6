import { zodResolver } from '@hookform/resolvers/zod';
import { Badge, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconCalendarEvent, IconCalendarPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useIntl } from 'react-intl';
import { z } from 'zod/mini';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { atLeast, type Me } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { CreateForm, CursorPager, DangerAction, ListTable, useConfirmedAction } from './list-parts.tsx';
import { ConfirmDialog, Empty, NO_TRUNCATE } from './parts.tsx';
import { type KnownEvent, knownEventsQuery } from './queries.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const schema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  startsOn: z.string().check(z.regex(DAY)),
  endsOn: z.string().check(z.regex(DAY)),
  recursYearly: z.boolean(),
});
type Form = z.infer<typeof schema>;

/** The API's field errors that belong to a form field (`/body/endsOn` → `endsOn`). */
const FIELDS = {
  '/body/name': 'name',
  '/body/startsOn': 'startsOn',
  '/body/endsOn': 'endsOn',
} as const;

const EMPTY: Form = { name: '', startsOn: '', endsOn: '', recursYearly: false };

/** Milliseconds of a `YYYY-MM-DD` day at 00:00 UTC. */
const utc = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * The Calendar tab (admins and owners): the workspace's known events — holidays, sales, outages —
 * that label the anomaly insights falling on their days ("Christmas: …", compared with earlier years
 * for a yearly event; docs/intelligence.md, "Known events (calendar)"). A form adds one (name, first
 * and last day, every year); the API's refusals land on their field. The list shows each event's
 * days and an "Every year" badge; deleting asks first. Viewers (who reach no settings) would see
 * the list only.
 */
export function CalendarTab({ me }: { me: Me }) {
  const t = useT();
  const intl = useIntl();
  const qc = useQueryClient();
  const canEdit = atLeast(me, 'admin');
  // The cursors of the pages before the current one (the first page has none).
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useQuery(knownEventsQuery(cursors.at(-1)));
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: EMPTY });
  const add = useMutation({
    mutationFn: async (body: Form) =>
      unwrap(
        await api.POST('/api/v1/intelligence/known-events', { body: { ...body, name: body.name.trim() } }),
      ),
    onSuccess: async () => {
      form.reset(EMPTY);
      await qc.invalidateQueries({ queryKey: ['known-events'] });
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      for (const f of e.fields) {
        const name = FIELDS[f.path as keyof typeof FIELDS];
        if (name) form.setError(name, { message: f.message });
      }
    },
  });
  const remove = useConfirmedAction<KnownEvent>(
    async (id) =>
      unwrap(await api.DELETE('/api/v1/intelligence/known-events/{id}', { params: { path: { id } } })),
    ['known-events'],
  );
  const rows = list.data?.data ?? [];
  const next = list.data?.nextCursor;
  // A deletion can empty the last page: go back one.
  const emptyPage = list.isSuccess && rows.length === 0 && cursors.length > 0;
  useEffect(() => {
    if (emptyPage) setCursors((c) => c.slice(0, -1));
  }, [emptyPage]);

  // Errors shown on a field are not repeated above the form.
  const onField = add.error instanceof ApiError && add.error.fields.some((f) => f.path in FIELDS);
  const errors = form.formState.errors;
  const days = (e: KnownEvent) =>
    intl.formatDateTimeRange(utc(e.startsOn), utc(e.endsOn), {
      month: 'short',
      day: 'numeric',
      ...(e.recursYearly ? {} : { year: 'numeric' }),
      timeZone: 'UTC',
    });

  return (
    <Stack gap="lg">
      {canEdit && (
        <CreateForm
          title={t('settings.calendar.title')}
          help={t('settings.calendar.help')}
          mutation={{ ...add, error: onField ? null : add.error }}
          onSubmit={form.handleSubmit((v) => {
            if (v.endsOn < v.startsOn) {
              form.setError('endsOn', { message: t('settings.calendar.range') });
              return;
            }
            add.mutate(v);
          })}
          submitLabel={t('settings.calendar.add')}
          submitIcon={<IconCalendarPlus size={16} />}
        >
          <TextInput
            label={t('settings.calendar.name')}
            placeholder={t('settings.calendar.name.placeholder')}
            required
            maxLength={200}
            autoComplete="off"
            error={errors.name && (errors.name.message || t('settings.calendar.name.required'))}
            style={{ flex: '1 1 200px' }}
            {...form.register('name')}
          />
          <TextInput
            type="date"
            label={t('settings.calendar.startsOn')}
            required
            error={errors.startsOn && (errors.startsOn.message || t('settings.calendar.day.required'))}
            style={{ flex: '0 1 160px' }}
            {...form.register('startsOn')}
          />
          <TextInput
            type="date"
            label={t('settings.calendar.endsOn')}
            required
            error={errors.endsOn && (errors.endsOn.message || t('settings.calendar.day.required'))}
            style={{ flex: '0 1 160px' }}
            {...form.register('endsOn')}
          />
          <Checkbox label={t('settings.calendar.yearly')} mt={32} {...form.register('recursYearly')} />
        </CreateForm>
      )}
      <ListTable
        query={list}
        empty={
          rows.length === 0 &&
          cursors.length === 0 && (
            <Empty
              icon={<IconCalendarEvent />}
              title={t('settings.calendar.empty')}
              body={t('settings.calendar.empty.body')}
            />
          )
        }
        label={t('settings.calendar.list')}
        head={
          <>
            <Table.Th>{t('settings.calendar.name')}</Table.Th>
            <Table.Th>{t('settings.calendar.days')}</Table.Th>
          </>
        }
        footer={<CursorPager cursors={cursors} next={next} onChange={setCursors} />}
      >
        {rows.map((e) => (
          <Table.Tr key={e.id} data-testid="known-event-row">
            <Table.Td style={{ maxWidth: 0, width: '100%' }}>
              <Text size="sm" fw={500} truncate title={e.name}>
                {e.name}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {days(e)}
                </Text>
                {e.recursYearly && (
                  <Badge variant="light" color="indigo" radius="sm" styles={NO_TRUNCATE}>
                    {t('settings.calendar.yearly')}
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {t('settings.calendar.length', { count: (utc(e.endsOn) - utc(e.startsOn)) / 86_400_000 + 1 })}
              </Text>
            </Table.Td>
            <Table.Td>
              {canEdit && (
                <DangerAction
                  tooltip={t('settings.calendar.delete')}
                  label={t('settings.calendar.deleteWhich', { name: e.name })}
                  icon={<IconTrash size={16} />}
                  onClick={() => remove.ask(e)}
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <ConfirmDialog
        {...remove.dialog}
        title={t('settings.calendar.delete.title')}
        body={t('settings.calendar.delete.body', { name: remove.target?.name ?? '' })}
        confirmLabel={t('settings.calendar.delete')}
      />
    </Stack>
  );
}
