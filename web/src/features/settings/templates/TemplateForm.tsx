import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { ApiError, api, unwrap } from '../../../api/client.ts';
import { useT } from '../../../i18n/useT.ts';
import type { Template } from '../../templates/queries.ts';
import { TEMPLATE_VARIABLES } from '../../templates/render.ts';
import { ErrorAlert } from '../parts.tsx';

/** A shortcode as typed: an optional leading `/` (dropped), then 1–40 letters, digits, `-` or `_`. */
const SHORTCODE = /^\/?[A-Za-z0-9_-]{1,40}$/;

const schema = z.object({
  shortcode: z.string().check(z.trim(), z.regex(SHORTCODE)),
  title: z.string().check(z.trim(), z.maxLength(200)),
  content: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)),
});
type Form = z.infer<typeof schema>;

/** The API's field errors that belong to a form field (`/body/shortcode` → `shortcode`). */
const FIELDS = {
  '/body/shortcode': 'shortcode',
  '/body/title': 'title',
  '/body/content': 'content',
} as const;

/**
 * The create / edit dialog of a canned response: shortcode (typed after `/` in the composer), an
 * optional title and the message, with buttons that insert a `{{variable}}` at the caret. `editing`
 * null creates. The API's refusals land on their field (a taken shortcode: 409; an unknown
 * variable: 400 naming the allowed ones); other errors above the form.
 */
export function TemplateForm({
  opened,
  editing,
  onClose,
}: {
  opened: boolean;
  editing: Template | null;
  onClose: () => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const content = useRef<HTMLTextAreaElement | null>(null);
  const form = useForm<Form>({
    resolver: zodResolver(schema),
    values: {
      shortcode: editing?.shortcode ?? '',
      title: editing?.title ?? '',
      content: editing?.content ?? '',
    },
  });
  const save = useMutation({
    mutationFn: async (v: Form) => {
      const body = { shortcode: v.shortcode.replace(/^\//, ''), title: v.title || null, content: v.content };
      return editing
        ? unwrap(await api.PATCH('/api/v1/templates/{id}', { params: { path: { id: editing.id } }, body }))
        : unwrap(await api.POST('/api/v1/templates', { body }));
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['templates'] });
      onClose();
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      for (const f of e.fields) {
        const name = FIELDS[f.path as keyof typeof FIELDS];
        if (name) form.setError(name, { message: e.message });
      }
    },
  });
  // Errors shown on a field are not repeated above the form.
  const onField =
    save.error instanceof ApiError && save.error.fields.some((f) => f.path in FIELDS) ? null : save.error;
  const { ref: contentRef, ...contentField } = form.register('content');

  /** Puts `{{name}}` at the caret of the message (or at its end) and puts the caret after it. */
  const insertVariable = (name: string) => {
    const el = content.current;
    const value = form.getValues('content');
    const token = `{{${name}}}`;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    form.setValue('content', value.slice(0, start) + token + value.slice(end), { shouldDirty: true });
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const close = () => {
    save.reset();
    form.reset();
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={
        editing
          ? t('templates.settings.editWhich', { shortcode: editing.shortcode })
          : t('templates.settings.new')
      }
      size="lg"
      centered
    >
      <form onSubmit={form.handleSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          {onField && <ErrorAlert message={onField.message} onClose={() => save.reset()} />}
          <Group align="flex-start" gap="sm" grow preventGrowOverflow={false} wrap="wrap">
            <TextInput
              label={t('templates.settings.shortcode')}
              description={t('templates.settings.shortcode.help')}
              leftSection={<Text c="dimmed">/</Text>}
              required
              maxLength={41}
              autoComplete="off"
              spellCheck={false}
              error={
                form.formState.errors.shortcode &&
                (form.formState.errors.shortcode.message || t('templates.settings.shortcode.invalid'))
              }
              style={{ flex: '1 1 200px' }}
              data-autofocus
              {...form.register('shortcode')}
            />
            <TextInput
              label={t('templates.settings.title')}
              description={t('templates.settings.title.placeholder')}
              maxLength={200}
              error={form.formState.errors.title?.message}
              style={{ flex: '1 1 200px' }}
              {...form.register('title')}
            />
          </Group>
          <Textarea
            label={t('templates.settings.content')}
            placeholder={t('templates.settings.content.placeholder', { example: '{{contact.first_name}}' })}
            required
            autosize
            minRows={4}
            maxRows={12}
            maxLength={4000}
            error={
              form.formState.errors.content &&
              (form.formState.errors.content.message || t('templates.settings.content.required'))
            }
            ref={(el) => {
              contentRef(el);
              content.current = el;
            }}
            {...contentField}
          />
          <Group gap={6} align="center">
            <Text size="sm" c="dimmed">
              {t('templates.settings.variables')}
            </Text>
            {TEMPLATE_VARIABLES.map((v) => (
              <Button
                key={v}
                size="compact-xs"
                variant="light"
                title={t('templates.settings.insertVariable', {
                  variable: t(`templates.settings.variable.${v}`),
                })}
                onClick={() => insertVariable(v)}
                styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              >
                {`{{${v}}}`}
              </Button>
            ))}
          </Group>
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>
              {t('settings.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {editing ? t('templates.settings.save') : t('templates.settings.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
