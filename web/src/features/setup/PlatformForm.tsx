import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, List, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { type Resolver, useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { ApiError, api, unwrap } from '../../api/client.ts';
import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { type FormValues, PlatformField } from './PlatformFields.tsx';
import {
  asConfig,
  type FieldSpec,
  initialValues,
  isShown,
  type Platform,
  passes,
  SPECS,
} from './platform-fields.ts';
import { rememberCreated, showFieldErrors } from './queries.ts';

type T = ReturnType<typeof useT>;

/** The schema of the fields shown for `values` (hidden ones are neither checked nor kept). */
function schemaFor(fields: FieldSpec[], values: FormValues, t: T) {
  const required = t('setup.field.required');
  const rule = (f: FieldSpec) => {
    if (f.kind === 'switch') return z.boolean();
    if (f.kind === 'choices') return z.array(z.string()).check(z.minLength(1, t('setup.field.choose')));
    return z.string().check(
      z.trim(),
      z.refine((v) => v !== '' || !!f.optional, required),
      z.refine((v) => v === '' || !f.check || passes(f.check, v), t(`setup.field.${f.check}` as MessageId)),
    );
  };
  return z.object({
    name: z.string().check(z.trim(), z.minLength(1, required)),
    ...Object.fromEntries(fields.filter((f) => isShown(f, values)).map((f) => [f.name, rule(f)])),
  });
}

/**
 * The form that connects a channel on `platform` (`POST /channels`): the platform's setup steps,
 * its config fields under the API's names with help texts saying where each is found
 * (platform-fields.ts: text, password, port, switch and check-box fields, optional ones, defaults
 * such as SMTP port 587 and IMAP 993), our made-up values for tokens the user chooses (verify token,
 * secret token, shared secret), and the API's field errors on the fields. A switch such as Twilio's
 * `statusCallback` saves the new channel's webhook URL into its config right after
 * (`PATCH /channels/{id}`). Calls `onCreated` with the new channel's id.
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
  const form = useForm<FormValues>({
    // The fields depend on the platform and on what is shown: the schema is built per validation.
    resolver: ((values, ctx, options) =>
      zodResolver(schemaFor(spec.fields, values, t))(
        values as never,
        ctx,
        options as never,
      )) as Resolver<FormValues>,
    defaultValues: { name: t(`setup.channel.${platform}.defaultName`), ...initialValues(spec.fields) },
  });
  // Switches that follow a port (TLS on 465, not on 143) until the user flips them.
  const flipped = useRef(new Set<string>());
  const watched = form.watch();
  const followers = spec.fields.filter((f) => f.follows);
  const followed = followers.map((f) => watched[f.follows!.field]).join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when a followed port changes
  useEffect(() => {
    for (const f of followers) {
      const on = f.follows!.on(String(form.getValues(f.follows!.field) ?? ''));
      if (!flipped.current.has(f.name) && form.getValues(f.name) !== on) form.setValue(f.name, on);
    }
  }, [followed]);
  const create = useMutation({
    mutationFn: async ({ name, ...values }: FormValues) => {
      const config = asConfig(spec.fields, values);
      const c = unwrap(
        await api.POST('/api/v1/channels', { body: { platform, name: String(name), config } }),
      );
      const later = spec.fields.filter((f) => f.webhookUrlWhenOn && values[f.name] === true);
      if (later.length > 0) {
        const extra = Object.fromEntries(later.map((f) => [f.name, c.webhookUrl]));
        // The channel exists and works without it: a failure here must not invite a second one.
        await api
          .PATCH('/api/v1/channels/{id}', { params: { path: { id: c.id } }, body: { config: extra } })
          .catch(() => undefined);
      }
      return { id: c.id, config };
    },
    onSuccess: async ({ id, config }) => {
      rememberCreated(id, config);
      await qc.invalidateQueries({ queryKey: ['channels'] });
      onCreated(id);
    },
    onError: (e) => showFieldErrors(e, form.setError, ['name', ...spec.fields.map((f) => f.name)]),
  });
  const err = (k: string) => form.formState.errors[k]?.message as string | undefined;
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
          {spec.fields
            .filter((f) => isShown(f, watched))
            .map((f) => (
              <PlatformField
                key={f.name}
                platform={platform}
                field={f}
                control={form.control}
                register={form.register}
                errors={form.formState.errors}
                onSet={(n) => flipped.current.add(n)}
              />
            ))}
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
