import {
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  List,
  Loader,
  Paper,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
} from '@mantine/core';
import { IconAlertCircle, IconArrowRight, IconCheck, IconSend } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client.ts';
import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { messagesQuery } from '../inbox/queries.ts';
import { Timeline } from '../inbox/Timeline.tsx';
import { FirstMessageCheck } from './FirstMessageCheck.tsx';
import { agentQuery, channelQuery, firstConversationQuery } from './queries.ts';
import { WizardFrame } from './WizardFrame.tsx';

/**
 * Whether the agent answered the conversation's newest customer message: `waiting`, `replied` (an
 * agent message after it, not failed), `failed` (its delivery failed) — refreshed by live events,
 * and every 2 s as a fallback while waiting.
 */
function ReplyStatus({ conversationId, hasAgent }: { conversationId: string; hasAgent: boolean }) {
  const t = useT();
  const qc = useQueryClient();
  const q = useInfiniteQuery(messagesQuery(conversationId));
  const newestFirst = q.data?.pages.flatMap((p) => p.data) ?? [];
  const inboundAt = newestFirst.findIndex((m) => m.direction === 'inbound');
  const reply = newestFirst.slice(0, Math.max(inboundAt, 0)).find((m) => m.senderKind === 'agent');
  const state = reply ? (reply.status === 'failed' ? 'failed' : 'replied') : 'waiting';
  useEffect(() => {
    if (state !== 'waiting' || !hasAgent) return undefined;
    const timer = window.setInterval(
      () => void qc.invalidateQueries({ queryKey: ['messages', conversationId] }),
      2000,
    );
    return () => window.clearInterval(timer);
  }, [state, hasAgent, qc, conversationId]);
  if (!hasAgent)
    return (
      <Text size="sm" c="dimmed">
        {t('setup.test.noAgent')}
      </Text>
    );
  return (
    <Group gap="xs" role="status" data-testid="reply-status" data-state={state} wrap="nowrap">
      {state === 'waiting' ? (
        <Loader size="xs" type="dots" aria-hidden />
      ) : (
        <ThemeIcon color={state === 'replied' ? 'green' : 'red'} radius="xl" size="sm">
          {state === 'replied' ? <IconCheck size={14} /> : <IconAlertCircle size={14} />}
        </ThemeIcon>
      )}
      <Text size="sm" fw={state === 'waiting' ? undefined : 600}>
        {t(`setup.test.state.${state}` as MessageId, { reason: reply?.error?.message ?? '' })}
      </Text>
    </Group>
  );
}

/**
 * `/setup/test?channelId=`, the wizard's last step: a first reply. On a sandbox channel a test
 * message is delivered through the sandbox (`POST /channels/{id}/sandbox/messages`: the real
 * webhook, agent and send path); on a real channel the user messages their number or bot. Either
 * way the conversation appears live with the agent's answer.
 */
export function TestStep() {
  const t = useT();
  const { channelId = '' } = useSearch({ from: '/setup/test' });
  const navigate = useNavigate();
  const channel = useQuery({ ...channelQuery(channelId), enabled: !!channelId });
  const agentId = channel.data?.agentId;
  const agent = useQuery({ ...agentQuery(agentId ?? ''), enabled: !!agentId });
  const first = useQuery({
    ...firstConversationQuery(channelId),
    enabled: !!channelId && channel.data?.sandbox === false,
  });
  const [text, setText] = useState<string | null>(null);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: async (body: { text: string }) =>
      unwrap(
        await api.POST('/api/v1/channels/{id}/sandbox/messages', {
          params: { path: { id: channelId } },
          body,
        }),
      ),
    onSuccess: (r) => setConversationId(r.conversationId),
  });
  const entries =
    agent.data?.kind === 'faq' ? (agent.data.config.entries as Array<{ question: string }>) : [];
  const sample = text ?? entries[0]?.question ?? t('setup.faq.example.q1');
  const shown = conversationId ?? first.data?.id ?? null;
  const c = channel.data;
  return (
    <WizardFrame active={3} title={t('setup.test.stepTitle')} subtitle={t('setup.test.subtitle')}>
      {!channelId || channel.isError ? (
        <Alert color="yellow" title={t('setup.noChannel')}>
          <Anchor component={Link} to="/setup/channel">
            {t('setup.noChannel.link')}
          </Anchor>
        </Alert>
      ) : !c ? (
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
      ) : (
        <Stack gap="sm">
          {c.sandbox ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (sample.trim()) send.mutate({ text: sample });
              }}
            >
              <Group align="flex-end" wrap="wrap" gap="xs">
                <TextInput
                  style={{ flex: 1, minWidth: 220 }}
                  label={t('setup.test.sandboxLabel', { channel: c.name })}
                  value={sample}
                  onChange={(e) => setText(e.currentTarget.value)}
                />
                <Button type="submit" leftSection={<IconSend size={16} />} loading={send.isPending}>
                  {t('setup.test.send')}
                </Button>
              </Group>
            </form>
          ) : (
            <>
              <List type="ordered" spacing={6} size="sm">
                <List.Item>{t(`setup.test.real.${c.platform}` as MessageId)}</List.Item>
                <List.Item>{t('setup.test.real.watch')}</List.Item>
              </List>
              <FirstMessageCheck channelId={c.id} />
            </>
          )}
          {send.error && (
            <Alert color="red" role="alert">
              {send.error.message}
            </Alert>
          )}
          {shown && (
            <Paper withBorder radius="md" data-testid="test-conversation">
              <Box h={300} style={{ display: 'flex', flexDirection: 'column' }}>
                <Timeline conversationId={shown} />
              </Box>
              <Box px="sm" py={8} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
                <ReplyStatus conversationId={shown} hasAgent={!!agentId} />
              </Box>
            </Paper>
          )}
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => navigate({ to: '/setup/agent', search: { channelId } })}>
              {t('setup.back')}
            </Button>
            <Button
              rightSection={<IconArrowRight size={16} />}
              onClick={() =>
                shown
                  ? navigate({ to: '/inbox/$conversationId', params: { conversationId: shown } })
                  : navigate({ to: '/inbox' })
              }
            >
              {t('setup.finish')}
            </Button>
          </Group>
        </Stack>
      )}
    </WizardFrame>
  );
}
