import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, List, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type Resolver, useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { randomSecret, rememberCreated, showFieldErrors } from './queries.ts';

/** The platforms the wizard connects (each with its catalog texts `setup.<platform>.*`). */
export type Platform =
  | 'whatsapp'
  | 'telegram'
  | 'slack'
  | 'twilio'
  | 'messenger'
  | 'instagram'
  | 'discord'
  | 'email'
  | 'teams'
  | 'respondio'
  | 'webchat'
  | 'webhook';

/** One config field of `POST /channels` (its name is the API's), as the form shows it. */
interface FieldSpec {
  name: string;
  secret?: boolean;
  /** A value we make up for the user (tokens they choose themselves). */
  generate?: () => string;
  check?: 'url' | 'min16' | 'token' | 'origins';
  /** Sent as a list: one value per line or comma (web chat's allowed origins). */
  list?: boolean;
}

/** One or more origins (`https://host[:port]`), separated by commas or line breaks. */
const ORIGINS = /^https?:\/\/[^\s/?#,]+\/?(\s*[,\n]\s*https?:\/\/[^\s/?#,]+\/?)*$/;

/** The form's values as the API's config: list fields split into arrays. */
function asConfig(fields: FieldSpec[], values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const f of fields) if (f.list) out[f.name] = (values[f.name] ?? '').split(/[\s,]+/).filter(Boolean);
  return out;
}

/** Per platform: the steps in its console, the config fields (docs/channels.md) and the defaults. */
const SPECS: Record<Platform, { steps: number; fields: FieldSpec[] }> = {
  whatsapp: {
    steps: 4,
    fields: [
      { name: 'phoneNumberId' },
      { name: 'accessToken', secret: true },
      { name: 'appSecret', secret: true },
      { name: 'verifyToken', generate: () => randomSecret(12) },
    ],
  },
  telegram: {
    steps: 2,
    fields: [
      { name: 'botToken', secret: true },
      { name: 'secretToken', generate: () => randomSecret(16), check: 'token' },
    ],
  },
  slack: {
    steps: 3,
    fields: [
      { name: 'botToken', secret: true },
      { name: 'signingSecret', secret: true },
    ],
  },
  twilio: {
    steps: 2,
    fields: [{ name: 'accountSid' }, { name: 'authToken', secret: true }, { name: 'from' }],
  },
  messenger: {
    steps: 2,
    fields: [
      { name: 'pageId' },
      { name: 'pageAccessToken', secret: true },
      { name: 'appSecret', secret: true },
      { name: 'verifyToken', generate: () => randomSecret(12) },
    ],
  },
  instagram: {
    steps: 2,
    fields: [
      { name: 'pageId' },
      { name: 'instagramAccountId' },
      { name: 'pageAccessToken', secret: true },
      { name: 'appSecret', secret: true },
      { name: 'verifyToken', generate: () => randomSecret(12) },
    ],
  },
  discord: {
    steps: 2,
    fields: [{ name: 'applicationId' }, { name: 'publicKey' }, { name: 'botToken', secret: true }],
  },
  email: {
    steps: 3,
    fields: [
      { name: 'from' },
      { name: 'smtpHost' },
      { name: 'smtpUser' },
      { name: 'smtpPass', secret: true },
      { name: 'imapHost' },
      { name: 'inboundSecret', generate: () => randomSecret(32), check: 'min16' },
    ],
  },
  teams: {
    steps: 3,
    fields: [{ name: 'appId' }, { name: 'appPassword', secret: true }, { name: 'tenantId' }],
  },
  respondio: {
    steps: 3,
    fields: [
      { name: 'apiToken', secret: true },
      { name: 'webhookToken', generate: () => randomSecret(16), check: 'token' },
    ],
  },
  webchat: {
    steps: 2,
    fields: [
      { name: 'allowedOrigins', check: 'origins', list: true },
      { name: 'identitySecret', secret: true, generate: () => randomSecret(32), check: 'min16' },
    ],
  },
  webhook: {
    steps: 2,
    fields: [
      { name: 'callbackUrl', check: 'url' },
      { name: 'secret', generate: () => randomSecret(32), check: 'min16' },
    ],
  },
};

/**
 * The form that connects a channel on `platform` (`POST /channels`): the platform's setup steps,
 * its config fields under the API's names with help texts, our made-up values for tokens the user
 * chooses (verify token, secret token, shared secret), and the API's field errors on the fields.
 * Calls `onCreated` with the new channel's id.
 */
export function PlatformForm({
  platform,
  onCreated,
}: {
  platform: Platform;
  onCreated: (id: string) => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const spec = SPECS[platform];
  const label = (f: string, part = '') => t(`setup.field.${platform}.${f}${part}` as MessageId);
  const schema = useMemo(() => {
    const required = t('setup.field.required');
    const rule = (f: FieldSpec) => {
      if (f.check === 'url')
        return z.string().check(z.trim(), z.regex(/^https?:\/\/\S+$/, t('setup.field.url')));
      if (f.check === 'min16') return z.string().check(z.trim(), z.minLength(16, t('setup.field.min16')));
      if (f.check === 'origins')
        return z.string().check(z.trim(), z.regex(ORIGINS, t('setup.field.origins')));
      if (f.check === 'token')
        return z.string().check(z.trim(), z.regex(/^[A-Za-z0-9_-]+$/, t('setup.field.token')));
      return z.string().check(z.trim(), z.minLength(1, required));
    };
    return z.object({
      name: z.string().check(z.trim(), z.minLength(1, required)),
      ...Object.fromEntries(spec.fields.map((f) => [f.name, rule(f)])),
    });
  }, [spec, t]);
  const form = useForm<Record<string, string>>({
    // The fields depend on the platform: the schema is built at run time.
    resolver: zodResolver(schema) as unknown as Resolver<Record<string, string>>,
    defaultValues: {
      name: t(`setup.channel.${platform}.defaultName`),
      ...Object.fromEntries(spec.fields.map((f) => [f.name, f.generate?.() ?? ''])),
    },
  });
  const create = useMutation({
    mutationFn: async ({ name, ...config }: Record<string, string>) =>
      unwrap(
        await api.POST('/api/v1/channels', {
          body: { platform, name, config: asConfig(spec.fields, config) },
        }),
      ),
    onSuccess: async (c, { name: _, ...config }) => {
      rememberCreated(c.id, config);
      await qc.invalidateQueries({ queryKey: ['channels'] });
      onCreated(c.id);
    },
    onError: (e) => showFieldErrors(e, form.setError, ['name', ...spec.fields.map((f) => f.name)]),
  });
  const err = (k: string) => form.formState.errors[k]?.message;
  return (
    <Stack gap="sm">
      <Title order={2} size="h5">
        {t(`setup.${platform}.howto`)}
      </Title>
      <List type="ordered" spacing={6} size="sm">
        {Array.from({ length: spec.steps }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the steps are a fixed list
          <List.Item key={i}>{t(`setup.${platform}.step${i + 1}` as MessageId)}</List.Item>
        ))}
      </List>
      {create.error && (
        <Alert color="red" role="alert">
          {create.error instanceof ApiError && create.error.fields.length > 0
            ? t('setup.field.fix', { message: create.error.message })
            : create.error.message}
        </Alert>
      )}
      <form onSubmit={form.handleSubmit((v) => create.mutate(v))} noValidate>
        <Stack gap="sm">
          <TextInput label={t('setup.field.name')} required error={err('name')} {...form.register('name')} />
          {spec.fields.map((f) => {
            const Input = f.secret ? PasswordInput : TextInput;
            return (
              <Input
                key={f.name}
                label={label(f.name)}
                description={label(f.name, '.hint')}
                required
                autoComplete="off"
                spellCheck={false}
                error={err(f.name)}
                {...form.register(f.name)}
              />
            );
          })}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t(`setup.${platform}.submit`)}
            </Button>
          </Group>
        </Stack>
      </form>
      <Text size="xs" c="dimmed">
        {t('setup.secrets.note')}
      </Text>
    </Stack>
  );
}
