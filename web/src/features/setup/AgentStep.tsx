import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Text,
  ThemeIcon,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowRight, IconCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useT } from '../../i18n/useT.ts';
import { AgentTester } from './AgentTester.tsx';
import { type AgentKind, useSaveAgent } from './agent-save.ts';
import { FaqForm } from './FaqForm.tsx';
import { agentQuery, type Channel, channelQuery } from './queries.ts';
import { RemoteAgentForm } from './RemoteAgentForm.tsx';
import { WizardFrame } from './WizardFrame.tsx';

/** The channel step's choice that shows `c` again (the demo's channels: the sandbox). */
const back = (c: Channel) => (c.demo ? 'sandbox' : (c.platform as 'whatsapp' | 'telegram' | 'webhook'));

/**
 * `/setup/agent?channelId=`, the wizard's step 3: who answers on the channel. The built-in FAQ
 * agent with editable entries is the default (the channel's own agent when it has one, e.g. the
 * demo's); an OpenAI-compatible or HTTP agent are the alternatives. Saving creates or updates the
 * agent and puts it on the channel; "Test this agent" then asks it one question for real.
 */
export function AgentStep() {
  const t = useT();
  const { channelId } = useSearch({ from: '/setup/agent' });
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 36em)');
  const channel = useQuery({ ...channelQuery(channelId ?? ''), enabled: !!channelId });
  const agentId = channel.data?.agentId;
  const agent = useQuery({ ...agentQuery(agentId ?? ''), enabled: !!agentId });
  const [kind, setKind] = useState<AgentKind | null>(null);
  const save = useSaveAgent(channel.data, agent.data);
  const current = kind ?? ((agent.data?.kind as AgentKind | undefined) || 'faq');
  // The channel's agent, once saved in the kind shown, can be tested.
  const tested = agent.data && agent.data.kind === current ? agent.data : undefined;
  const sample =
    current === 'faq' && agent.data?.kind === 'faq'
      ? ((agent.data.config.entries as Array<{ question: string }> | undefined)?.[0]?.question ?? '')
      : t(current === 'faq' ? 'setup.faq.example.q1' : 'setup.tester.sample');

  const frame = (body: ReactNode) => (
    <WizardFrame active={2} title={t('setup.agent.title')} subtitle={t('setup.agent.subtitle')}>
      {body}
    </WizardFrame>
  );
  if (!channelId || channel.isError)
    return frame(
      <Alert color="yellow" title={t('setup.noChannel')}>
        <Anchor component={Link} to="/setup/channel">
          {t('setup.noChannel.link')}
        </Anchor>
      </Alert>,
    );
  if (channel.isPending || (agentId && agent.isPending))
    return frame(<Loader size="sm" role="status" aria-label={t('app.loading')} />);
  const formProps = {
    existing: agent.data,
    saving: save.isPending,
    onSave: (d: Parameters<typeof save.mutate>[0]) => save.mutate(d),
  };
  return frame(
    <Stack gap="md">
      <SegmentedControl
        fullWidth
        orientation={phone ? 'vertical' : 'horizontal'}
        value={current}
        onChange={(v) => setKind(v as AgentKind)}
        aria-label={t('setup.agent.kind')}
        data={[
          { value: 'faq', label: t('setup.agent.kind.faq') },
          { value: 'openai', label: t('setup.agent.kind.openai') },
          { value: 'http', label: t('setup.agent.kind.http') },
        ]}
      />
      {tested && <AgentTester key={tested.id} agentId={tested.id} kind={tested.kind} sample={sample} />}
      {save.error && (
        <Alert color="red" role="alert">
          {save.error.message}
        </Alert>
      )}
      {current === 'faq' ? (
        <FaqForm key={`faq-${agent.data?.id}`} {...formProps} />
      ) : (
        <RemoteAgentForm key={current} kind={current} {...formProps} />
      )}
      {save.isSuccess && (
        <Group gap="xs" role="status">
          <ThemeIcon color="green" radius="xl" size="sm">
            <IconCheck size={14} />
          </ThemeIcon>
          <Text size="sm">{t('setup.agent.saved', { channel: channel.data.name })}</Text>
        </Group>
      )}
      <Group justify="space-between">
        <Button
          variant="subtle"
          onClick={() =>
            navigate({
              to: '/setup/channel',
              search: { platform: back(channel.data), channelId: channel.data.demo ? undefined : channelId },
            })
          }
        >
          {t('setup.back')}
        </Button>
        <Button
          rightSection={<IconArrowRight size={16} />}
          disabled={!agentId}
          onClick={() => navigate({ to: '/setup/test', search: { channelId } })}
        >
          {t('setup.continue')}
        </Button>
      </Group>
      {!agentId && (
        <Text size="xs" c="dimmed" ta="right">
          {t('setup.agent.saveFirst')}
        </Text>
      )}
    </Stack>,
  );
}
