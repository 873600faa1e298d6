import { zodResolver } from '@hookform/resolvers/zod';
import { Badge, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconMailPlus, IconSend, IconX } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormattedDate, useIntl } from 'react-intl';
import { z } from 'zod/mini';
import { api, unwrap } from '../../api/client.ts';
import type { Me } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { CreateForm, DangerAction, ListTable, RoleSelect, useConfirmedAction } from './list-parts.tsx';
import { ConfirmDialog, Empty, NO_TRUNCATE, OnceSecret, RoleBadge } from './parts.tsx';
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
 * link is e-mailed when the server sends e-mail (SMTP_URL) and shown once with a copy button (only
 * its hash is stored). Below, every invitation with
 * its status and expiry; pending ones can be revoked.
 */
export function InvitationsTab({ me }: { me: Me }) {
  const t = useT();
  const intl = useIntl();
  const qc = useQueryClient();
  const list = useQuery(invitationsQuery);
  const [link, setLink] = useState<{ url: string; email: string; emailed: boolean } | null>(null);
  const form = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { email: '', role: 'agent' },
  });
  const invite = useMutation({
    mutationFn: async (body: Form) => unwrap(await api.POST('/api/v1/invitations', { body })),
    onSuccess: (made) => {
      setLink({ url: made.url, email: made.email, emailed: made.emailed });
      form.reset({ email: '', role: form.getValues('role') });
      void qc.invalidateQueries({ queryKey: ['invitations'] });
    },
  });
  const revoke = useConfirmedAction<Invitation>(
    async (id) => unwrap(await api.DELETE('/api/v1/invitations/{id}', { params: { path: { id } } })),
    ['invitations'],
  );

  return (
    <Stack gap="lg">
      <CreateForm
        title={t('settings.invite.title')}
        help={t('settings.invite.help')}
        mutation={invite}
        onSubmit={form.handleSubmit((v) => {
          setLink(null);
          invite.mutate(v);
        })}
        submitLabel={t('settings.invite.submit')}
        submitIcon={<IconSend size={16} />}
      >
        <TextInput
          label={t('auth.email')}
          type="email"
          placeholder="name@example.com"
          required
          error={form.formState.errors.email && t('settings.invite.emailInvalid')}
          style={{ flex: '1 1 220px' }}
          {...form.register('email')}
        />
        <RoleSelect control={form.control} name="role" roles={rolesUpTo(me)} />
      </CreateForm>
      {link && (
        <OnceSecret
          title={t(link.emailed ? 'settings.invite.emailed' : 'settings.invite.created', {
            email: link.email,
          })}
          value={link.url}
          warning={t(link.emailed ? 'settings.invite.emailed.once' : 'settings.invite.once')}
          onDone={() => setLink(null)}
          testId="invitation-link"
        />
      )}
      <ListTable
        query={list}
        empty={
          list.data?.length === 0 && (
            <Empty
              icon={<IconMailPlus />}
              title={t('settings.invitations.empty')}
              body={t('settings.invitations.empty.body')}
            />
          )
        }
        label={t('settings.tab.invitations')}
        head={
          <>
            <Table.Th>{t('auth.email')}</Table.Th>
            <Table.Th>{t('settings.role')}</Table.Th>
            <Table.Th>{t('settings.invitations.status')}</Table.Th>
            <Table.Th visibleFrom="sm">{t('settings.invitations.expires')}</Table.Th>
          </>
        }
      >
        {list.data?.map((i) => (
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
                <DangerAction
                  tooltip={t('settings.invitations.revoke')}
                  label={t('settings.invitations.revokeFor', { email: i.email })}
                  icon={<IconX size={16} />}
                  onClick={() => revoke.ask(i)}
                />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </ListTable>
      <ConfirmDialog
        {...revoke.dialog}
        title={t('settings.invitations.revoke.title')}
        body={t('settings.invitations.revoke.body', { email: revoke.target?.email ?? '' })}
        confirmLabel={t('settings.invitations.revoke')}
      />
    </Stack>
  );
}
