import {
  ActionIcon,
  Badge,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconTrash, IconUsers } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { FormattedDate } from 'react-intl';
import { api, unwrap } from '../../api/client.ts';
import { atLeast, type Me, type Role } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { ConfirmDialog, Empty, ErrorAlert, RoleBadge } from './parts.tsx';
import { type Member, membersQuery, ROLES } from './queries.ts';

/**
 * The Members tab: every member with their role and join date. Owners change roles and remove
 * members (the account remains); the API refuses to leave the workspace without an owner and its
 * message is shown as is. Changing one's own role reloads the session (and its guards).
 */
export function MembersTab({ me }: { me: Me }) {
  const t = useT();
  const qc = useQueryClient();
  const router = useRouter();
  const members = useQuery(membersQuery);
  const isOwner = atLeast(me, 'owner');
  const [removing, setRemoving] = useState<Member | null>(null);

  const afterChange = async (userId: string) => {
    await qc.invalidateQueries({ queryKey: ['members'] });
    if (userId === me.user.id) {
      await qc.invalidateQueries({ queryKey: ['me'] });
      await router.invalidate();
    }
  };
  const changeRole = useMutation({
    mutationFn: async ({ id, role }: { id: string; role: Role }) =>
      unwrap(await api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: { role } })),
    onSuccess: (m) => afterChange(m.id),
  });
  const remove = useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })),
    onSuccess: async (_, id) => {
      setRemoving(null);
      await afterChange(id);
    },
  });

  if (members.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (members.isError) return <ErrorAlert message={members.error.message} />;
  if (members.data.length === 0)
    return (
      <Empty
        icon={<IconUsers />}
        title={t('settings.members.empty')}
        body={t('settings.members.empty.body')}
      />
    );

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {isOwner ? t('settings.members.help.owner') : t('settings.members.help')}
      </Text>
      {changeRole.error && (
        <ErrorAlert message={changeRole.error.message} onClose={() => changeRole.reset()} />
      )}
      <Table verticalSpacing="sm" highlightOnHover aria-label={t('settings.tab.members')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.members.member')}</Table.Th>
            <Table.Th w={150}>{t('settings.role')}</Table.Th>
            <Table.Th visibleFrom="sm">{t('settings.members.joined')}</Table.Th>
            {isOwner && (
              <Table.Th w={48}>
                <VisuallyHidden>{t('settings.actions')}</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.data.map((m) => (
            <Table.Tr key={m.id} data-testid="member-row">
              <Table.Td style={{ maxWidth: 0, width: '100%' }}>
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={500} truncate>
                    {m.name}
                  </Text>
                  {m.id === me.user.id && (
                    <Badge size="xs" variant="outline" color="gray">
                      {t('settings.members.you')}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" truncate>
                  {m.email}
                </Text>
              </Table.Td>
              <Table.Td>
                {isOwner ? (
                  <Select
                    size="xs"
                    w={130}
                    aria-label={t('settings.members.roleOf', { name: m.name })}
                    value={m.role}
                    allowDeselect={false}
                    data={ROLES.map((r) => ({ value: r, label: t(`settings.role.${r}`) }))}
                    onChange={(v) => v && v !== m.role && changeRole.mutate({ id: m.id, role: v as Role })}
                    disabled={changeRole.isPending}
                  />
                ) : (
                  <RoleBadge role={m.role} />
                )}
              </Table.Td>
              <Table.Td visibleFrom="sm">
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  <FormattedDate value={m.createdAt} dateStyle="medium" />
                </Text>
              </Table.Td>
              {isOwner && (
                <Table.Td>
                  <Tooltip label={t('settings.members.remove')}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('settings.members.removeWho', { name: m.name })}
                      onClick={() => {
                        remove.reset();
                        setRemoving(m);
                      }}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ConfirmDialog
        opened={!!removing}
        title={t('settings.members.remove.title')}
        body={t('settings.members.remove.body', {
          name: removing?.name ?? '',
          workspace: me.workspace.name,
        })}
        confirmLabel={t('settings.members.remove')}
        loading={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => setRemoving(null)}
      />
    </Stack>
  );
}
