import { zodResolver } from '@hookform/resolvers/zod';
import {
  ActionIcon,
  Button,
  Code,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { FormattedDate, useIntl } from 'react-intl';
import { z } from 'zod/mini';
import { api, unwrap } from '../../api/client.ts';
import type { Role } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { ConfirmDialog, Empty, ErrorAlert, OnceSecret, RoleBadge } from './parts.tsx';
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
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { name: '', role: 'agent' } });
  const create = useMutation({
    mutationFn: async (body: Form) => unwrap(await api.POST('/api/v1/api-keys', { body })),
    onSuccess: (k) => {
      setCreated({ key: k.key, name: k.name });
      form.reset({ name: '', role: form.getValues('role') });
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      setRevoking(null);
      await qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });

  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <form
          onSubmit={form.handleSubmit((v) => {
            setCreated(null);
            create.mutate(v);
          })}
          noValidate
        >
          <Stack gap="sm">
            <Title order={2} size="h5">
              {t('settings.keys.create.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('settings.keys.help')}
            </Text>
            {create.error && <ErrorAlert message={create.error.message} onClose={() => create.reset()} />}
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label={t('settings.keys.name')}
                placeholder={t('settings.keys.name.placeholder')}
                required
                maxLength={100}
                error={form.formState.errors.name && t('settings.keys.name.required')}
                style={{ flex: '1 1 220px' }}
                {...form.register('name')}
              />
              <Controller
                control={form.control}
                name="role"
                render={({ field }) => (
                  <Select
                    label={t('settings.role')}
                    w={150}
                    allowDeselect={false}
                    data={ROLES.map((r) => ({ value: r, label: t(`settings.role.${r}`) }))}
                    value={field.value}
                    onChange={(v) => v && field.onChange(v as Role)}
                  />
                )}
              />
              <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={create.isPending}>
                {t('settings.keys.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {created && (
        <OnceSecret
          title={t('settings.keys.created', { name: created.name })}
          value={created.key}
          warning={t('settings.keys.once')}
          onDone={() => setCreated(null)}
          testId="new-api-key"
        />
      )}
      {keys.isPending ? (
        <Loader size="sm" aria-label={t('app.loading')} />
      ) : keys.isError ? (
        <ErrorAlert message={keys.error.message} />
      ) : keys.data.length === 0 ? (
        <Empty icon={<IconKey />} title={t('settings.keys.empty')} body={t('settings.keys.empty.body')} />
      ) : (
        <Table verticalSpacing="sm" aria-label={t('settings.tab.keys')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.keys.name')}</Table.Th>
              <Table.Th>{t('settings.role')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('settings.keys.created.at')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('settings.keys.lastUsed')}</Table.Th>
              <Table.Th w={48}>
                <VisuallyHidden>{t('settings.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.data.map((k) => (
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
                  <Tooltip label={t('settings.keys.revoke')}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('settings.keys.revokeWhich', { name: k.name })}
                      onClick={() => {
                        revoke.reset();
                        setRevoking(k);
                      }}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConfirmDialog
        opened={!!revoking}
        title={t('settings.keys.revoke.title')}
        body={t('settings.keys.revoke.body', { name: revoking?.name ?? '', prefix: revoking?.prefix ?? '' })}
        confirmLabel={t('settings.keys.revoke')}
        loading={revoke.isPending}
        error={revoke.error?.message}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => setRevoking(null)}
      />
    </Stack>
  );
}
