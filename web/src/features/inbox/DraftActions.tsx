import { Button, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useT } from '../../i18n/useT.ts';
import { fillComposerWithDraft, sendDraft } from './Composer.tsx';
import type { Message } from './queries.ts';

/**
 * A pending agent draft's actions: "Send" sends it as written (as the user's reply; the draft is
 * then marked sent), "Edit" puts it into the composer, whose Send then sends the edit.
 */
export function DraftActions({ m, text }: { m: Message; text: string }) {
  const t = useT();
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: () => sendDraft(m.conversationId, m.id),
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: ['messages', m.conversationId] });
      void qc.invalidateQueries({ queryKey: ['conversations'] });
    },
  });
  return (
    <>
      <Group gap={6} mt={4} justify="flex-end">
        <Button
          size="compact-xs"
          variant="default"
          aria-label={t('conversation.editDraft.label')}
          disabled={send.isPending}
          onClick={() => fillComposerWithDraft(m.conversationId, text, m.id)}
        >
          {t('conversation.editDraft')}
        </Button>
        <Button
          size="compact-xs"
          color="yellow"
          autoContrast
          aria-label={t('conversation.sendDraft.label')}
          loading={send.isPending}
          onClick={() => send.mutate()}
        >
          {t('conversation.sendDraft')}
        </Button>
      </Group>
      {send.error && (
        <Text size="xs" c="red" mt={2} role="alert">
          {t('conversation.sendDraft.failed', { reason: send.error.message })}
        </Text>
      )}
    </>
  );
}
