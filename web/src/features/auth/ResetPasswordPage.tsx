import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { ApiError, api, setCsrfToken, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { AuthCard } from './AuthCard.tsx';

const schema = z
  .object({
    password: z.string().check(z.minLength(10), z.maxLength(1000)),
    repeat: z.string(),
  })
  .check(z.refine((v) => v.password === v.repeat, { path: ['repeat'], message: 'mismatch' }));
type Form = z.infer<typeof schema>;

/**
 * `/reset-password?token=…` (the one-time link of `omnify users reset-password` or a reset e-mail):
 * the new password twice → `POST /auth/password-reset/confirm`, which also ends every session of
 * the account; then the sign-in page says the password was changed. A bad, used or expired link
 * says so and offers a new one.
 */
export function ResetPasswordPage() {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { token } = useSearch({ from: '/reset-password' });
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { password: '', repeat: '' } });
  const confirm = useMutation({
    mutationFn: async ({ password }: Form) =>
      unwrap(
        await api.POST('/api/v1/auth/password-reset/confirm', { body: { token: token ?? '', password } }),
      ),
    onSuccess: async () => {
      // Every session of the account has ended, maybe this browser's too.
      setCsrfToken(null);
      qc.removeQueries({ queryKey: ['me'] });
      await navigate({ to: '/login', search: { notice: 'password-reset' } });
    },
  });
  const invalid =
    !token || (confirm.error instanceof ApiError && confirm.error.code === 'OMNIFY_ERR_TOKEN_INVALID');
  const err = form.formState.errors;
  return (
    <AuthCard title={t('auth.reset.title')} subtitle={!invalid && t('auth.reset.subtitle')}>
      {invalid ? (
        <Alert color="red" role="alert" title={t('auth.reset.invalid.title')}>
          {t('auth.reset.invalid')}{' '}
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('auth.reset.again')}
          </Anchor>
        </Alert>
      ) : (
        <form onSubmit={form.handleSubmit((v) => confirm.mutate(v))} noValidate>
          <Stack>
            {confirm.error && (
              <Alert color="red" role="alert">
                {confirm.error.message}
              </Alert>
            )}
            <PasswordInput
              label={t('auth.reset.password')}
              description={t('setup.password.hint')}
              autoComplete="new-password"
              required
              error={err.password && t('auth.password.tooShort')}
              {...form.register('password')}
            />
            <PasswordInput
              label={t('auth.reset.repeat')}
              autoComplete="new-password"
              required
              error={err.repeat && t('auth.reset.mismatch')}
              {...form.register('repeat')}
            />
            <Button type="submit" loading={confirm.isPending}>
              {t('auth.reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm">
        {t('auth.backToSignIn')}
      </Anchor>
    </AuthCard>
  );
}
