import { zodResolver } from '@hookform/resolvers/zod';
import {
  ActionIcon,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { useT } from '../../i18n/useT.ts';
import type { AgentDraft } from './agent-save.ts';
import type { Agent } from './queries.ts';

interface FaqValues {
  name: string;
  entries: Array<{ question: string; answer: string }>;
  fallback: string;
}

/**
 * The built-in FAQ agent's editor: question/answer entries (add, edit, remove), the optional
 * fallback sent when nothing matches, and the name. Starts from `existing` when the channel has a
 * FAQ agent, else from three example entries to edit. `onSave` gets the agent's draft.
 */
export function FaqForm({
  existing,
  saving,
  onSave,
}: {
  existing?: Agent;
  saving: boolean;
  onSave: (d: AgentDraft) => void;
}) {
  const t = useT();
  const schema = useMemo(() => {
    const required = z.string().check(z.trim(), z.minLength(1, t('setup.field.required')));
    return z.object({
      name: required,
      entries: z
        .array(z.object({ question: required, answer: required }))
        .check(z.minLength(1, t('setup.faq.atLeastOne'))),
      fallback: z.string().check(z.trim()),
    });
  }, [t]);
  const config = existing?.kind === 'faq' ? (existing.config as Partial<FaqValues>) : undefined;
  const form = useForm<FaqValues>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: existing?.kind === 'faq' ? existing.name : t('setup.faq.defaultName'),
      entries:
        config?.entries ??
        [1, 2, 3].map((n) => ({
          question: t(`setup.faq.example.q${n as 1 | 2 | 3}`),
          answer: t(`setup.faq.example.a${n as 1 | 2 | 3}`),
        })),
      fallback: config ? (config.fallback ?? '') : t('setup.faq.example.fallback'),
    },
  });
  const entries = useFieldArray({ control: form.control, name: 'entries' });
  const errors = form.formState.errors;
  const submit = form.handleSubmit((v) =>
    onSave({
      kind: 'faq',
      name: v.name,
      config: { entries: v.entries, ...(v.fallback ? { fallback: v.fallback } : {}) },
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('setup.faq.help')}
        </Text>
        {entries.fields.map((f, i) => (
          <Paper key={f.id} withBorder p="sm" radius="md" data-testid="faq-entry">
            <Group align="flex-start" wrap="nowrap" gap="xs">
              <SimpleGrid
                cols={{ base: 1, sm: 2 }}
                spacing="xs"
                verticalSpacing={6}
                style={{ flex: 1, minWidth: 0 }}
              >
                <Textarea
                  autosize
                  minRows={1}
                  label={t('setup.faq.question', { n: i + 1 })}
                  required
                  error={errors.entries?.[i]?.question?.message}
                  {...form.register(`entries.${i}.question`)}
                />
                <Textarea
                  label={t('setup.faq.answer', { n: i + 1 })}
                  required
                  autosize
                  minRows={1}
                  error={errors.entries?.[i]?.answer?.message}
                  {...form.register(`entries.${i}.answer`)}
                />
              </SimpleGrid>
              <Tooltip label={t('setup.faq.remove', { n: i + 1 })}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={26}
                  disabled={entries.fields.length === 1}
                  onClick={() => entries.remove(i)}
                  aria-label={t('setup.faq.remove', { n: i + 1 })}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </Group>
          </Paper>
        ))}
        {errors.entries?.root?.message && (
          <Text c="red" size="sm">
            {errors.entries.root.message}
          </Text>
        )}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() => entries.append({ question: '', answer: '' })}
          >
            {t('setup.faq.add')}
          </Button>
        </Group>
        <Textarea
          label={t('setup.faq.fallback')}
          description={t('setup.faq.fallback.hint')}
          autosize
          minRows={2}
          {...form.register('fallback')}
        />
        <TextInput
          label={t('setup.agent.name')}
          required
          error={errors.name?.message}
          {...form.register('name')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {t('setup.agent.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
