import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';

/**
 * "Test this agent": sends one message to the saved agent (`POST /agents/{id}/test`: the real call,
 * nothing stored or sent) and shows its answer, that it gave none (and why that happens), or the
 * error with what to check.
 */
export function AgentTester({ agentId, kind, sample }: { agentId: string; kind: string; sample: string }) {
  const t = useT();
  const [text, setText] = useState(sample);
  const test = useMutation({
    mutationFn: async (body: { text: string }) =>
      unwrap(await api.POST('/api/v1/agents/{id}/test', { params: { path: { id: agentId } }, body })),
  });
  const code = test.error instanceof ApiError ? test.error.code : undefined;
  return (
    <Paper withBorder p="sm" radius="md" component="section" aria-label={t('setup.tester.title')}>
      <Stack gap="xs">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) test.mutate({ text });
          }}
        >
          <Group align="flex-end" wrap="wrap" gap="xs">
            <TextInput
              style={{ flex: 1, minWidth: 220 }}
              label={t('setup.tester.message')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
            />
            <Button
              type="submit"
              variant="light"
              leftSection={<IconPlayerPlay size={16} />}
              loading={test.isPending}
            >
              {t('setup.tester.title')}
            </Button>
          </Group>
        </form>
        {test.data && (
          <div role="status" data-testid="agent-test-result">
            {test.data.reply ? (
              <Paper bg="var(--mantine-color-teal-light)" px="sm" py={6} radius="lg" maw="90%">
                <Text size="xs" fw={600} c="dimmed">
                  {t('setup.tester.replied', { ms: test.data.durationMs })}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {test.data.reply}
                </Text>
              </Paper>
            ) : (
              <Text size="sm" c="dimmed">
                {kind === 'faq' ? t('setup.tester.noAnswer.faq') : t('setup.tester.noAnswer')}
              </Text>
            )}
          </div>
        )}
        {test.error && (
          <Alert color="red" role="alert" title={t('setup.tester.failed')}>
            <Text size="sm">{test.error.message}</Text>
            <Text size="sm" mt={4}>
              {code === 'OMNIFY_ERR_AGENT_REJECTED'
                ? t('setup.tester.hint.rejected')
                : t('setup.tester.hint.failed')}
            </Text>
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
