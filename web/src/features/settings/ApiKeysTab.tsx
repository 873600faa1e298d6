import { zodResolver } from '@hookform/resolvers/zod';
import { Code, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormattedDate, useIntl } from 'react-intl';
import { z } from 'zod/mini';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { CreateForm, DangerAction, ListTable, RoleSelect, useConfirmedAction } from './list-parts.tsx';
import { ConfirmDialog, Empty, OnceSecret, RoleBadge } from './parts.tsx';
import { type ApiKey, apiKeysQuery, ROLES } from './queries.ts';

const schema = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  role: z.enum(['viewer', 'agent', 'admin', 'owner']),
});
type Form = z.infer<typeof schema>;

/**
 * The API keys tab (owners only, as the API): create a key with a name and a role — the key is
 * answered once, shown with a copy button and the warning that it will not be shown again —; the
 * list shows each key's first characters, role, creation and last use; revoking asks first (the
 * workspace's last owner key cannot be revoked: the API's 409 text is shown).
 */
export function ApiKeysTab() {
  const t = useT();
  const intl = useIntl();
  const qc = useQueryClient();
  const keys = useQuery(apiKeysQuery);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { name: '', role: 'agent' } });
  const create = useMutation({
    mutationFn: async (body: Form) => unwrap(await api.POST('/api/v1/api-keys', { body })),
    onSuccess: (k) => {
      setCreated({ key: k.key, name: k.name });
      form.reset({ name: '', role: form.getValues('role') });
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useConfirmedAction<ApiKey>(
    async (id) => unwrap(await api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    ['api-keys'],
  );

  return (
    <Stack gap="lg">
      <CreateForm
        title={t('settings.keys.create.title')}
        help={t('settings.keys.help')}
        mutation={create}
        onSubmit={form.handleSubmit((v) => {
          setCreated(null);
          create.mutate(v);
        })}
        submitLabel={t('settings.keys.create')}
        submitIcon={<IconPlus size={16} />}
      >
        <TextInput
          label={t('settings.keys.name')}
          placeholder={t('settings.keys.name.placeholder')}
          required
          maxLength={100}
          error={form.formState.errors.name && t('settings.keys.name.required')}
          style={{ flex: '1 1 220px' }}
          {...form.register('name')}
        />
        <RoleSelect control={form.control} name="role" roles={ROLES} />
      </CreateForm>
      {created && (
        <OnceSecret
          title={t('settings.keys.created', { name: created.name })}
          value={created.key}
          warning={t('settings.keys.once')}
          onDone={() => setCreated(null)}
          testId="new-api-key"
        />
      )}
      <ListTable
        query={keys}
        empty={
          keys.data?.length === 0 && (
            <Empty icon={<IconKey />} title={t('settings.keys.empty')} body={t('settings.keys.empty.body')} />
          )
        }
        label={t('settings.tab.keys')}
        head={
          <>
            <Table.Th>{t('settings.keys.name')}</Table.Th>
            <Table.Th>{t('settings.role')}</Table.Th>
            <Table.Th visibleFrom="sm">{t('settings.keys.created.at')}</Table.Th>
            <Table.Th visibleFrom="sm">{t('settings.keys.lastUsed')}</Table.Th>
          </>
        }
      >
        {keys.data?.map((k) => (
          <Table.Tr key={k.id} data-testid="api-key-row">
            <Table.Td style={{ maxWidth: 0, width: '100%' }}>
              <Text size="sm" fw={500} truncate>
                {k.name}
              </Text>
              <Code fz="xs">{k.prefix}…</Code>
              <Text size="xs" c="dimmed" hiddenFrom="sm">
                {k.lastUsedAt
                  ? t('settings.keys.lastUsedOn', {
                      date: intl.formatDate(k.lastUsedAt, { dateStyle: 'medium' }),
                    })
                  : t('settings.keys.neverUsed')}
              </Text>
            </Table.Td>
            <Table.Td>
              <RoleBadge role={k.role} />
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                <FormattedDate value={k.createdAt} dateStyle="medium" />
              </Text>
            </Table.Td>
            <Table.Td visibleFrom="sm">
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                {k.lastUsedAt ? (
                  <FormattedDate value={k.lastUsedAt} dateStyle="medium" timeStyle="short" />
                ) : (
                  t('settings.keys.never')
                )}
              </Text>
            </Table.Td>
            <Table.Td>
              <DangerAction
                tooltip={t('settings.keys.revoke')}
                label={t('settings.keys.revokeWhich', { name: k.name })}
                icon={<IconTrash size={16} />}
                onClick={() => revoke.ask(k)}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <ConfirmDialog
        {...revoke.dialog}
        title={t('settings.keys.revoke.title')}
        body={t('settings.keys.revoke.body', {
          name: revoke.target?.name ?? '',
          prefix: revoke.target?.prefix ?? '',
        })}
        confirmLabel={t('settings.keys.revoke')}
      />
    </Stack>
  );
}
