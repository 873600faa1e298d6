import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Code, Stack, Text, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { api, unwrap } from '../../api/client.ts';
import { useT } from '../../i18n/useT.ts';
import { AuthCard } from './AuthCard.tsx';

const schema = z.object({ email: z.email() });
type Form = z.infer<typeof schema>;

/**
 * `/forgot-password`: asks for a reset link (`POST /auth/password-reset`, always 202, so nobody
 * learns which e-mails have accounts) and says what happens next, as the answer's `delivery` tells:
 * check your mailbox (the server sends e-mail), or ask an administrator, who prints the link with
 * `omnify users reset-password <email>` (no SMTP configured).
 */
export function ForgotPasswordPage() {
  const t = useT();
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { email: '' } });
  const request = useMutation({
    mutationFn: async (body: Form) => {
      const { delivery } = unwrap(await api.POST('/api/v1/auth/password-reset', { body }));
      return { email: body.email, delivery };
    },
  });
  return (
    <AuthCard title={t('auth.forgot.title')} subtitle={!request.isSuccess && t('auth.forgot.subtitle')}>
      {request.isSuccess ? (
        <Stack>
          <Alert color="green" variant="light" icon={<IconMailCheck size={18} />} role="status">
            {t(request.data.delivery === 'email' ? 'auth.forgot.emailed' : 'auth.forgot.sent', {
              email: request.data.email,
            })}
          </Alert>
          {request.data.delivery === 'administrator' && (
            <>
              <Text size="sm" c="dimmed">
                {t('auth.forgot.noSmtp')}
              </Text>
              <Code block>omnify users reset-password {request.data.email}</Code>
            </>
          )}
        </Stack>
      ) : (
        <form onSubmit={form.handleSubmit((v) => request.mutate(v))} noValidate>
          <Stack>
            {request.error && (
              <Alert color="red" role="alert">
                {request.error.message}
              </Alert>
            )}
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              required
              error={form.formState.errors.email && t('auth.emailInvalid')}
              {...form.register('email')}
            />
            <Button type="submit" loading={request.isPending}>
              {t('auth.forgot.submit')}
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
