import { Alert, Button, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck, IconWorld } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useIntl } from 'react-intl';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { ErrorAlert } from './parts.tsx';
import { workspaceQuery } from './queries.ts';

/** The IANA zones this browser knows (ECMA-402 `Intl.supportedValuesOf`), with UTC first. */
function knownZones(current: string | undefined): string[] {
  const listed = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = ['UTC', ...listed.filter((z) => z !== 'UTC')];
  // A zone the server accepted but this browser does not list (ICU versions differ) stays choosable.
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

/** The browser's own zone, when it names one. */
const browserZone = (): string | undefined => Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;

/**
 * The Workspace tab (admins and owners): the workspace's name and time zone. The zone decides the
 * workspace's "today" and "yesterday" — the as-of day of its churn and LTV runs, the default sync
 * days of its ad accounts, the local hour of its scheduled model run — so the form shows the time
 * it is there now, and offers the browser's zone in one click. The API checks the name of the zone
 * and its message (with the closest known zone) is shown as is.
 */
export function WorkspaceTab() {
  const t = useT();
  const intl = useIntl();
  const qc = useQueryClient();
  const workspace = useQuery(workspaceQuery);
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState<string | null>(null);
  useEffect(() => {
    if (workspace.data) {
      setName(workspace.data.name);
      setTimeZone(workspace.data.timeZone);
    }
  }, [workspace.data]);
  const zones = useMemo(() => knownZones(workspace.data?.timeZone), [workspace.data?.timeZone]);
  const save = useMutation({
    mutationFn: async (body: { name?: string; timeZone?: string }) =>
      unwrap(await api.PATCH('/api/v1/workspace', { body })),
    onSuccess: async (saved) => {
      qc.setQueryData(workspaceQuery.queryKey, saved);
      // The workspace's name is also in the session (the header, the switcher).
      await qc.invalidateQueries({ queryKey: ['me'] });
    },
  });

  if (workspace.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (workspace.isError) return <ErrorAlert message={workspace.error.message} />;
  const current = workspace.data;
  const mine = browserZone();
  const localNow = (zone: string | null) => {
    try {
      return zone
        ? intl.formatDate(new Date(), {
            timeZone: zone,
            weekday: 'short',
            hour: 'numeric',
            minute: '2-digit',
          })
        : '';
    } catch {
      return '';
    }
  };
  const changes = {
    ...(name.trim() && name.trim() !== current.name ? { name: name.trim() } : {}),
    ...(timeZone && timeZone !== current.timeZone ? { timeZone } : {}),
  };
  const dirty = Object.keys(changes).length > 0;

  return (
    <Paper withBorder p="md">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty) save.mutate(changes);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('settings.workspace.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('settings.workspace.help')}
          </Text>
          {save.error && <ErrorAlert message={save.error.message} onClose={() => save.reset()} />}
          {save.isSuccess && !dirty && (
            <Alert color="green" variant="light" icon={<IconCheck size={18} />} data-testid="workspace-saved">
              {t('settings.workspace.saved')}
            </Alert>
          )}
          <TextInput
            label={t('settings.workspace.name')}
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={name.trim() === '' ? t('settings.workspace.name.required') : undefined}
            style={{ maxWidth: 420 }}
          />
          <Select
            label={t('settings.workspace.timeZone')}
            description={t('settings.workspace.timeZone.help')}
            searchable
            allowDeselect={false}
            limit={50}
            nothingFoundMessage={t('settings.workspace.timeZone.none')}
            data={zones}
            value={timeZone}
            onChange={setTimeZone}
            leftSection={<IconWorld size={16} />}
            style={{ maxWidth: 420 }}
          />
          {timeZone && (
            <Text size="sm" c="dimmed" data-testid="workspace-local-time">
              {t('settings.workspace.timeZone.now', { zone: timeZone, time: localNow(timeZone) })}
            </Text>
          )}
          <Group gap="sm">
            <Button type="submit" disabled={!dirty || name.trim() === ''} loading={save.isPending}>
              {t('settings.workspace.save')}
            </Button>
            {mine && mine !== timeZone && (
              <Button variant="subtle" onClick={() => setTimeZone(mine)}>
                {t('settings.workspace.timeZone.useBrowser', { zone: mine })}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
