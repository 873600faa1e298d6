import { zodResolver } from '@hookform/resolvers/zod';
import {
  ActionIcon,
  Badge,
  Button,
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
import { IconMailPlus, IconSend, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { FormattedDate, useIntl } from 'react-intl';
import { z } from 'zod/mini';
import { api, unwrap } from '../../api/client.ts';
import type { Me, Role } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { ConfirmDialog, Empty, ErrorAlert, NO_TRUNCATE, OnceSecret, RoleBadge } from './parts.tsx';
import { type Invitation, invitationsQuery, rolesUpTo } from './queries.ts';

const schema = z.object({
  email: z.email(),
  role: z.enum(['viewer', 'agent', 'admin', 'owner']),
});
type Form = z.infer<typeof schema>;

const STATUS_COLOR: Record<Invitation['status'], string> = {
  pending: 'blue',
  accepted: 'green',
  revoked: 'gray',
  expired: 'gray',
};

/**
 * The Invitations tab: invite an e-mail with a role up to one's own (`POST /invitations`); the
 * link is shown once with a copy button (only its hash is stored). Below, every invitation with
 * its status and expiry; pending ones can be revoked.
 */
export function InvitationsTab({ me }: { me: Me }) {
  const t = useT();
  const intl = useIntl();
  const qc = useQueryClient();
  const list = useQuery(invitationsQuery);
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const form = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', role: 'agent' },
  });
  const invite = useMutation({
    mutationFn: async (body: Form) => unwrap(await api.POST('/api/v1/invitations', { body })),
    onSuccess: (made) => {
      setLink({ url: made.url, email: made.email });
      form.reset({ email: '', role: form.getValues('role') });
      void qc.invalidateQueries({ queryKey: ['invitations'] });
    },
  });
  const revoke = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/invitations/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      setRevoking(null);
      await qc.invalidateQueries({ queryKey: ['invitations'] });
    },
  });
  const roles = rolesUpTo(me);

  return (
    <Stack gap="lg">
      <Paper withBorder p="md">
        <form
          onSubmit={form.handleSubmit((v) => {
            setLink(null);
            invite.mutate(v);
          })}
          noValidate
        >
          <Stack gap="sm">
            <Title order={2} size="h5">
              {t('settings.invite.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('settings.invite.help')}
            </Text>
            {invite.error && <ErrorAlert message={invite.error.message} onClose={() => invite.reset()} />}
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label={t('auth.email')}
                type="email"
                placeholder="name@example.com"
                required
                error={form.formState.errors.email && t('settings.invite.emailInvalid')}
                style={{ flex: '1 1 220px' }}
                {...form.register('email')}
              />
              <Controller
                control={form.control}
                name="role"
                render={({ field }) => (
                  <Select
                    label={t('settings.role')}
                    w={150}
                    allowDeselect={false}
                    data={roles.map((r) => ({ value: r, label: t(`settings.role.${r}`) }))}
                    value={field.value}
                    onChange={(v) => v && field.onChange(v as Role)}
                  />
                )}
              />
              <Button type="submit" mt={25} leftSection={<IconSend size={16} />} loading={invite.isPending}>
                {t('settings.invite.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
      {link && (
        <OnceSecret
          title={t('settings.invite.created', { email: link.email })}
          value={link.url}
          warning={t('settings.invite.once')}
          onDone={() => setLink(null)}
          testId="invitation-link"
        />
      )}
      {list.isPending ? (
        <Loader size="sm" aria-label={t('app.loading')} />
      ) : list.isError ? (
        <ErrorAlert message={list.error.message} />
      ) : list.data.length === 0 ? (
        <Empty
          icon={<IconMailPlus />}
          title={t('settings.invitations.empty')}
          body={t('settings.invitations.empty.body')}
        />
      ) : (
        <Table verticalSpacing="sm" aria-label={t('settings.tab.invitations')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('auth.email')}</Table.Th>
              <Table.Th>{t('settings.role')}</Table.Th>
              <Table.Th>{t('settings.invitations.status')}</Table.Th>
              <Table.Th visibleFrom="sm">{t('settings.invitations.expires')}</Table.Th>
              <Table.Th w={48}>
                <VisuallyHidden>{t('settings.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((i) => (
              <Table.Tr key={i.id} data-testid="invitation-row">
                <Table.Td style={{ maxWidth: 0, width: '100%' }}>
                  <Text size="sm" truncate>
                    {i.email}
                  </Text>
                  {i.status === 'pending' && (
                    <Text size="xs" c="dimmed" hiddenFrom="sm">
                      {t('settings.invitations.expiresOn', {
                        date: intl.formatDate(i.expiresAt, { dateStyle: 'medium' }),
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <RoleBadge role={i.role} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="dot" color={STATUS_COLOR[i.status]} styles={NO_TRUNCATE}>
                    {t(`settings.invitations.status.${i.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {i.status === 'pending' ? (
                      <FormattedDate value={i.expiresAt} dateStyle="medium" timeStyle="short" />
                    ) : (
                      '—'
                    )}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {i.status === 'pending' && (
                    <Tooltip label={t('settings.invitations.revoke')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t('settings.invitations.revokeFor', { email: i.email })}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(i);
                        }}
                      >
                        <IconX size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ConfirmDialog
        opened={!!revoking}
        title={t('settings.invitations.revoke.title')}
        body={t('settings.invitations.revoke.body', { email: revoking?.email ?? '' })}
        confirmLabel={t('settings.invitations.revoke')}
        loading={revoke.isPending}
        error={revoke.error?.message}
        onConfirm={() => revoking && revoke.mutate(revoking.id)}
        onClose={() => setRevoking(null)}
      />
    </Stack>
  );
}
