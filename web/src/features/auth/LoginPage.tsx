import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { ApiError, api, setCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';

const schema = z.object({
  email: z.string().check(z.trim(), z.minLength(3)),
  password: z.string().check(z.minLength(1)),
});
type Form = z.infer<typeof schema>;

/** `/login`: e-mail and password; on success goes to `next` (where the visitor was headed) or the inbox. */
export function LoginPage() {
  const t = useT();
  const navigate = useNavigate();
  const { next, notice } = useSearch({ from: '/login' });
  const qc = useQueryClient();
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { email: '', password: '' } });
  const login = useMutation({
    mutationFn: async (body: Form) => unwrap(await api.POST('/api/v1/auth/login', { body })),
    onSuccess: async (me) => {
      setCsrfToken(me.csrfToken);
      qc.setQueryData(['me'], me);
      await navigate({ to: next?.startsWith('/') ? next : '/inbox' });
    },
  });
  const error =
    login.error instanceof ApiError && login.error.status === 401 ? t('auth.failed') : login.error?.message;
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400} component="main">
        <form onSubmit={form.handleSubmit((v) => login.mutate(v))} noValidate>
          <Stack>
            <Title order={1} size="h3">
              {t('auth.title')}
            </Title>
            {notice === 'password-reset' && !error && (
              <Alert color="green" role="status">
                {t('auth.reset.done')}
              </Alert>
            )}
            {notice === 'session-ended' && !error && (
              <Alert color="blue" role="status">
                {t('auth.sessionEnded')}
              </Alert>
            )}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              {...form.register('email')}
            />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              required
              {...form.register('password')}
            />
            <Button type="submit" loading={login.isPending}>
              {t('auth.submit')}
            </Button>
            <Anchor size="sm" component={Link} to="/forgot-password">
              {t('auth.forgot')}
            </Anchor>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
