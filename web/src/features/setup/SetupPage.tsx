import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { api, setCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { WizardFrame } from './WizardFrame.tsx';

const schema = z.object({
  name: z.string().check(z.trim(), z.minLength(1)),
  email: z.email(),
  password: z.string().check(z.minLength(10)),
  workspaceName: z.string().check(z.trim(), z.minLength(1)),
});
type Form = z.infer<typeof schema>;

/**
 * `/setup`, the first-run wizard's first step: the owner account and the workspace (the instance's
 * default workspace, which `OMNIFY_API_KEY` keys also belong to). Then `/setup/channel` connects a
 * channel (or loads the sandbox demo), `/setup/agent` chooses its agent and `/setup/test` sends a
 * test message.
 */
export function SetupPage() {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const form = useForm<Form>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', email: '', password: '', workspaceName: '' },
  });
  const create = useMutation({
    mutationFn: async (body: Form) => unwrap(await api.POST('/api/v1/setup', { body })),
    onSuccess: async (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(['me'], me);
      qc.setQueryData(['setup'], { needsOwner: false });
      await navigate({ to: '/setup/channel' });
    },
  });
  const err = (k: keyof Form) => form.formState.errors[k]?.message;
  return (
    <WizardFrame active={0} title={t('setup.title')} subtitle={t('setup.subtitle')}>
      {create.error && (
        <Alert color="red" role="alert">
          {create.error.message}
        </Alert>
      )}
      <form onSubmit={form.handleSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <TextInput
            label={t('setup.name')}
            autoComplete="name"
            required
            error={err('name')}
            {...form.register('name')}
          />
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            error={err('email')}
            {...form.register('email')}
          />
          <PasswordInput
            label={t('auth.password')}
            description={t('setup.password.hint')}
            autoComplete="new-password"
            required
            error={err('password')}
            {...form.register('password')}
          />
          <TextInput
            label={t('setup.workspace')}
            placeholder={t('setup.workspace.placeholder')}
            required
            error={err('workspaceName')}
            {...form.register('workspaceName')}
          />
          <Button type="submit" loading={create.isPending}>
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </WizardFrame>
  );
}
