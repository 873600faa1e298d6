/**
 * Pieces the settings tabs that list and create things share: a list's loading, error, empty and
 * table states; the previous/next pager of a keyset-paged list; a red row action behind a confirmation dialog (button and hook); the bordered form
 * that creates an item, and its role select.
 */
import {
  ActionIcon,
  Button,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEventHandler, type ReactNode, useState } from 'react';
import { type Control, Controller, type FieldPathByValue, type FieldValues } from 'react-hook-form';
import type { Role } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { ErrorAlert } from './parts.tsx';

/**
 * A list's area: a loader while `query` is pending, its error in a red alert, `empty` when it is
 * truthy (the empty state: pass it only when there is nothing to list), else a table labelled
 * `label`. Its header row is `head` (the `Table.Th` cells) and a last, visually hidden "Actions"
 * header `actionsWidth` pixels wide; `children` are the body rows and `footer` follows the table.
 */
export function ListTable({
  query,
  empty,
  label,
  head,
  actionsWidth = 48,
  footer,
  children,
}: {
  query: { isPending: boolean; isError: boolean; error: Error | null };
  empty?: ReactNode;
  label: string;
  head: ReactNode;
  actionsWidth?: number;
  footer?: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  if (query.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (query.isError) return <ErrorAlert message={query.error?.message ?? ''} />;
  if (empty) return <>{empty}</>;
  return (
    <>
      <Table verticalSpacing="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {head}
            <Table.Th w={actionsWidth}>
              <VisuallyHidden>{t('settings.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
      {footer}
    </>
  );
}

/**
 * A red, subtle icon button for a row's destructive action (revoke, delete): `tooltip` is the
 * action ("Revoke"), `label` its accessible name with the item ("Revoke the key Deploy"), `icon` a
 * 16 px icon; `onClick` should ask first (see `useConfirmedAction`).
 */
export function DangerAction({
  tooltip,
  label,
  icon,
  onClick,
}: {
  tooltip: string;
  label: string;
  icon: ReactNode;
  onClick: () => void;
}) {
  return (
    <Tooltip label={tooltip}>
      <ActionIcon variant="subtle" color="red" aria-label={label} onClick={onClick}>
        {icon}
      </ActionIcon>
    </Tooltip>
  );
}

/**
 * A destructive action on one item of a list, confirmed in a `ConfirmDialog`. `ask(item)` forgets
 * the last attempt's error and opens the dialog for `item` (`target` until it closes). Confirming
 * runs `run(item.id)` (a DELETE through the typed client, throwing the API's error, whose text the
 * dialog shows); on success the dialog closes and the queries under `invalidates` are refetched.
 * `dialog` holds the dialog's state props: spread them and add its title, body and confirm label.
 */
export function useConfirmedAction<T extends { id: string }>(
  run: (id: string) => Promise<unknown>,
  invalidates: QueryKey,
) {
  const qc = useQueryClient();
  const [target, setTarget] = useState<T | null>(null);
  const mutation = useMutation({
    mutationFn: run,
    onSuccess: async () => {
      setTarget(null);
      await qc.invalidateQueries({ queryKey: invalidates });
    },
  });
  return {
    target,
    ask: (item: T) => {
      mutation.reset();
      setTarget(item);
    },
    dialog: {
      opened: !!target,
      loading: mutation.isPending,
      error: mutation.error?.message,
      onConfirm: () => {
        if (target) mutation.mutate(target.id);
      },
      onClose: () => setTarget(null),
    },
  };
}

/**
 * The bordered form above a list that creates an item: `title`, the `help` sentence, the last
 * attempt's error from `mutation` (closing it resets the mutation), then one wrapping row of
 * `children` (the inputs) and the submit button (`submitLabel`, `submitIcon`, spinning while the
 * mutation is pending). `onSubmit` is the form's handler (react-hook-form's `handleSubmit(…)`); the
 * browser's own validation is off.
 */
export function CreateForm({
  title,
  help,
  mutation,
  onSubmit,
  submitLabel,
  submitIcon,
  children,
}: {
  title: string;
  help: string;
  mutation: { error: Error | null; isPending: boolean; reset: () => void };
  onSubmit: FormEventHandler<HTMLFormElement>;
  submitLabel: string;
  submitIcon: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h5">
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {help}
          </Text>
          {mutation.error && <ErrorAlert message={mutation.error.message} onClose={() => mutation.reset()} />}
          <Group align="flex-start" gap="sm" wrap="wrap">
            {children}
            <Button type="submit" mt={25} leftSection={submitIcon} loading={mutation.isPending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * The "Role" select of a react-hook-form form, bound to its field `name` (a `Role`): it offers
 * `roles` under their translated names and cannot be cleared.
 */
export function RoleSelect<T extends FieldValues>({
  control,
  name,
  roles,
}: {
  control: Control<T>;
  name: FieldPathByValue<T, Role>;
  roles: readonly Role[];
}) {
  const t = useT();
  return (
    <Controller
      control={control}
      name={name}
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
  );
}

/**
 * The pager under a keyset-paged list: "Previous page", "Page n" and "Next page". `cursors` are the
 * cursors of the pages before this one (empty on the first page), `next` the cursor the list's last
 * answer gave (null or undefined on the last page); `busy` disables "Next page" while the answer
 * shown is still the previous page's. Renders nothing for a list that fits on one page.
 */
export function CursorPager({
  cursors,
  next,
  busy = false,
  onChange,
}: {
  cursors: string[];
  next: string | null | undefined;
  busy?: boolean;
  onChange: (cursors: string[]) => void;
}) {
  const t = useT();
  if (cursors.length === 0 && !next) return null;
  return (
    <Group justify="space-between">
      <Button
        variant="default"
        size="xs"
        disabled={cursors.length === 0}
        onClick={() => onChange(cursors.slice(0, -1))}
      >
        {t('settings.list.page.previous')}
      </Button>
      <Text size="sm" c="dimmed">
        {t('settings.list.page', { page: cursors.length + 1 })}
      </Text>
      <Button
        variant="default"
        size="xs"
        disabled={!next || busy}
        onClick={() => next && onChange([...cursors, next])}
      >
        {t('settings.list.page.next')}
      </Button>
    </Group>
  );
}
