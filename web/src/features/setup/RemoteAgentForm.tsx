import { zodResolver } from '@hookform/resolvers/zod';
import { Button, Group, PasswordInput, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { type Resolver, useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { useT } from '../../i18n/useT.ts';
import type { AgentDraft } from './agent-save.ts';
import { randomSecret } from './platform-fields.ts';
import type { Agent } from './queries.ts';

type Kind = 'openai' | 'http';

/** Form fields: OpenAI-compatible `{baseUrl, apiKey, model, systemPrompt}`, HTTP `{url, secret}`. */
type Values = Record<'name' | 'baseUrl' | 'apiKey' | 'model' | 'systemPrompt' | 'url' | 'secret', string>;

const URL_RE = /^https?:\/\/\S+$/;

/**
 * The form of an agent that calls out: an OpenAI-compatible Chat Completions endpoint, or an HTTP
 * endpoint of one's own (signed POSTs, docs/agents.md). With `existing` of the same kind, its
 * settings are the defaults and a secret left empty keeps the saved one (the API never shows it).
 */
export function RemoteAgentForm({
  kind,
  existing,
  saving,
  onSave,
}: {
  kind: Kind;
  existing?: Agent;
  saving: boolean;
  onSave: (d: AgentDraft) => void;
}) {
  const t = useT();
  const same = existing?.kind === kind ? existing : undefined;
  const saved = (k: string) => (typeof same?.config[k] === 'string' ? (same.config[k] as string) : undefined);
  const schema = useMemo(() => {
    const required = z.string().check(z.trim(), z.minLength(1, t('setup.field.required')));
    const url = z.string().check(z.trim(), z.regex(URL_RE, t('setup.field.url')));
    const optional = z.string().check(z.trim());
    // A saved secret is kept when the field stays empty.
    const secret = (min: number) =>
      same
        ? z.string().check(
            z.trim(),
            z.refine((v) => v === '' || v.length >= min, t('setup.field.min16')),
          )
        : z
            .string()
            .check(z.trim(), z.minLength(min, min > 1 ? t('setup.field.min16') : t('setup.field.required')));
    return kind === 'openai'
      ? z.object({ name: required, baseUrl: url, apiKey: secret(1), model: required, systemPrompt: optional })
      : z.object({ name: required, url, secret: secret(16) });
  }, [kind, same, t]);
  const form = useForm<Values>({
    // One form for two kinds: the schema checks the fields of the kind shown.
    resolver: zodResolver(schema) as unknown as Resolver<Values>,
    defaultValues: {
      name: same?.name ?? t(`setup.${kind}.defaultName`),
      baseUrl: saved('baseUrl') ?? 'https://api.openai.com/v1',
      apiKey: '',
      model: saved('model') ?? 'gpt-4o-mini',
      systemPrompt: saved('systemPrompt') ?? t('setup.openai.prompt.default'),
      url: saved('url') ?? '',
      secret: same ? '' : randomSecret(32),
    },
  });
  const err = (k: keyof Values) => form.formState.errors[k]?.message;
  const keep = same ? t('setup.secret.keep') : undefined;
  const submit = form.handleSubmit((v) => {
    const config: Record<string, unknown> =
      kind === 'openai'
        ? { baseUrl: v.baseUrl, model: v.model, ...(v.systemPrompt ? { systemPrompt: v.systemPrompt } : {}) }
        : { url: v.url };
    if (kind === 'openai' && v.apiKey) config.apiKey = v.apiKey;
    if (kind === 'http' && v.secret) config.secret = v.secret;
    onSave({ kind, name: v.name, config });
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t(`setup.${kind}.help`)}
        </Text>
        {kind === 'openai' ? (
          <>
            <TextInput
              label={t('setup.openai.baseUrl')}
              description={t('setup.openai.baseUrl.hint')}
              required
              error={err('baseUrl')}
              {...form.register('baseUrl')}
            />
            <PasswordInput
              label={t('setup.openai.apiKey')}
              placeholder={keep}
              required={!same}
              autoComplete="off"
              error={err('apiKey')}
              {...form.register('apiKey')}
            />
            <TextInput
              label={t('setup.openai.model')}
              required
              error={err('model')}
              {...form.register('model')}
            />
            <Textarea
              label={t('setup.openai.systemPrompt')}
              description={t('setup.openai.systemPrompt.hint')}
              autosize
              minRows={3}
              {...form.register('systemPrompt')}
            />
          </>
        ) : (
          <>
            <TextInput
              label={t('setup.http.url')}
              description={t('setup.http.url.hint')}
              placeholder="https://bot.example.com/omnify"
              required
              error={err('url')}
              {...form.register('url')}
            />
            <TextInput
              label={t('setup.http.secret')}
              description={t('setup.http.secret.hint')}
              placeholder={keep}
              required={!same}
              autoComplete="off"
              spellCheck={false}
              error={err('secret')}
              {...form.register('secret')}
            />
          </>
        )}
        <TextInput label={t('setup.agent.name')} required error={err('name')} {...form.register('name')} />
        <Group justify="flex-end">
          <Button type="submit" loading={saving}>
            {t('setup.agent.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
