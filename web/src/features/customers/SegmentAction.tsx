/**
 * "Add to segment" for the selected customers: pick an existing segment (`GET /segments`) or name a
 * new one (`POST /segments`), then `POST /segments/{id}/members {contactIds}`; shows how many were
 * added. For admins (the caller shows it only to them); errors are shown as the API words them.
 */
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconUsersPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { ErrorAlert } from '../settings/parts.tsx';

const NEW = '__new__';

/** The button and dialog; `contactIds` are the selected customers, `onDone` clears the selection. */
export function SegmentAction({ contactIds, onDone }: { contactIds: string[]; onDone: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<string | null>(NEW);
  const [name, setName] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const segments = useQuery({
    queryKey: ['segments'],
    queryFn: async () => unwrap(await api.GET('/api/v1/segments')).data,
    enabled: open,
  });
  const add = useMutation({
    mutationFn: async () => {
      let id = choice;
      if (!id || id === NEW)
        id = unwrap(await api.POST('/api/v1/segments', { body: { name: name.trim() } })).id;
      return unwrap(
        await api.POST('/api/v1/segments/{id}/members', { params: { path: { id } }, body: { contactIds } }),
      );
    },
    onSuccess: (r) => {
      setResult(
        t('customers.segment.done', { added: r.added, segment: r.segment.name, members: r.segment.members }),
      );
      setOpen(false);
      onDone();
      void qc.invalidateQueries({ queryKey: ['segments'] });
    },
  });
  return (
    <Group gap="sm">
      <Button
        variant="default"
        leftSection={<IconUsersPlus size={16} />}
        disabled={contactIds.length === 0}
        onClick={() => {
          setResult(null);
          setOpen(true);
        }}
      >
        {t('customers.segment.add', { count: contactIds.length })}
      </Button>
      {result && (
        <Text size="sm" role="status" data-testid="segment-result">
          {result}
        </Text>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('customers.segment.title')} centered>
        <Stack>
          <Select
            label={t('customers.segment.choose')}
            value={choice}
            onChange={setChoice}
            allowDeselect={false}
            data={[
              { value: NEW, label: t('customers.segment.new') },
              ...(segments.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.members})` })),
            ]}
          />
          {choice === NEW && (
            <TextInput
              label={t('customers.segment.name')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
          )}
          {add.error && <ErrorAlert message={add.error.message} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('settings.cancel')}
            </Button>
            <Button
              loading={add.isPending}
              disabled={choice === NEW && name.trim() === ''}
              onClick={() => add.mutate()}
            >
              {t('customers.segment.confirm', { count: contactIds.length })}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
