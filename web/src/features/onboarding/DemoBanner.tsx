import { Alert, Badge, Button, Group, Text } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client.ts';
import { atLeast, meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { channelsQuery } from '../settings/queries.ts';

/** The ids of the workspace's demo channels (`demo: true`, loaded by `POST /demo/inbox`). */
export function useDemoChannelIds(): Set<string> {
  const channels = useQuery(channelsQuery).data ?? [];
  return new Set(channels.filter((c) => c.demo).map((c) => c.id));
}

/** "Demo" next to a conversation of a demo channel (the inbox's rows). */
export function DemoBadge({ channelId }: { channelId: string }) {
  const t = useT();
  if (!useDemoChannelIds().has(channelId)) return null;
  return (
    <Badge size="xs" variant="outline" color="grape" style={{ flexShrink: 0 }} data-testid="demo-badge">
      {t('onboarding.demo.badge')}
    </Badge>
  );
}

/**
 * The inbox's banner while the workspace holds the demo: says the conversations marked "Demo" are
 * samples, and lets admins connect a real channel or remove all demo data in one click
 * (`DELETE /demo/inbox`).
 */
export function DemoBanner() {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery(meQuery).data;
  const demo = useDemoChannelIds();
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/api/v1/demo/inbox')),
    onSuccess: async () => {
      // The banner and badges go at once; the lists follow when their refetch answers.
      qc.setQueryData(channelsQuery.queryKey, (old) => old?.filter((c) => !c.demo));
      await navigate({ to: '/inbox' });
      await qc.invalidateQueries();
    },
  });
  if (demo.size === 0) return null;
  const admin = atLeast(me, 'admin');
  return (
    <Alert
      color="grape"
      variant="light"
      radius={0}
      py={8}
      icon={<IconFlask size={18} />}
      data-testid="demo-banner"
    >
      <Group justify="space-between" gap="xs">
        <Text size="sm">{t('onboarding.demo.banner')}</Text>
        {admin && (
          <Group gap="xs">
            <Button size="compact-sm" variant="subtle" color="grape" component={Link} to="/setup/channel">
              {t('onboarding.demo.connect')}
            </Button>
            <Button
              size="compact-sm"
              color="grape"
              loading={remove.isPending}
              onClick={() => remove.mutate()}
            >
              {t('onboarding.demo.remove')}
            </Button>
          </Group>
        )}
      </Group>
      {remove.error && (
        <Text size="sm" c="red" role="alert">
          {remove.error.message}
        </Text>
      )}
    </Alert>
  );
}
