import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Center, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useForm } from 'react-hook-form';
import { z } from 'zod/mini';
import { ApiError, api, setCsrfToken, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import { meQuery } from '../../api/session.ts';
import { useT } from '../../i18n/useT.ts';
import { AuthCard } from './AuthCard.tsx';

const newUser = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  password: z.string().check(z.minLength(10), z.maxLength(1000)),
});
const existingUser = z.object({ name: z.string(), password: z.string().check(z.minLength(1)) });
type Form = z.infer<typeof newUser>;

/**
 * `/invite/$token`: what the link offers (`GET /invitations/lookup`: "Join <workspace> as
 * <role>"), then joins (`POST /invitations/accept`): a new e-mail chooses a name and password, an
 * existing account gives its password — or, already signed in as that account, just accepts. The
 * answer is a new session in the invited workspace; the app opens its inbox.
 */
export function InvitePage() {
  const t = useT();
  const { token } = useParams({ from: '/invite/$token' });
  const invitation = useQuery({
    queryKey: ['invitation', token],
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/invitations/lookup', { params: { query: { token } } })),
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (invitation.isPending)
    return (
      <Center mih="100dvh">
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
      </Center>
    );
  const inv = invitation.data;
  if (invitation.isError || !inv) {
    const bad = invitation.error instanceof ApiError && invitation.error.code === 'OMNIFY_ERR_TOKEN_INVALID';
    return (
      <AuthCard title={t('invite.invalid.title')}>
        <Alert color="red" role="alert">
          {bad ? t('invite.invalid') : invitation.error?.message}
        </Alert>
        <Anchor component={Link} to="/login" size="sm">
          {t('auth.backToSignIn')}
        </Anchor>
      </AuthCard>
    );
  }

  return <AcceptForm token={token} inv={inv} />;
}

/** What an invitation link offers (`GET /invitations/lookup`). */
type Lookup = paths['/api/v1/invitations/lookup']['get']['responses'][200]['content']['application/json'];

/** The join form of a valid invitation: name and password, a password, or one button. */
function AcceptForm({ token, inv }: { token: string; inv: Lookup }) {
  const t = useT();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const me = useQuery(meQuery).data;
  const signedInAsInvitee = !!me && me.user.email.toLowerCase() === inv.email.toLowerCase();
  const form = useForm<Form>({
    resolver: zodResolver(inv.userExists ? existingUser : newUser),
    defaultValues: { name: '', password: '' },
  });
  const accept = useMutation({
    mutationFn: async (v: Partial<Form>) =>
      unwrap(
        await api.POST('/api/v1/invitations/accept', {
          body: {
            token,
            ...(v.name ? { name: v.name } : {}),
            ...(v.password ? { password: v.password } : {}),
          },
        }),
      ),
    onSuccess: async (next) => {
      setCsrfToken(next.csrfToken);
      qc.clear();
      qc.setQueryData(['me'], next);
      await navigate({ to: '/inbox' });
    },
  });
  const role = t(`settings.role.${inv.role}`);
  const error =
    accept.error instanceof ApiError && accept.error.code === 'OMNIFY_ERR_UNAUTHORIZED'
      ? t('invite.wrongPassword')
      : accept.error?.message;
  const err = form.formState.errors;
  return (
    <AuthCard
      title={t('invite.title', { workspace: inv.workspaceName, role })}
      subtitle={t(`invite.role.${inv.role}`)}
    >
      <Text size="sm">
        {signedInAsInvitee
          ? t('invite.signedIn', { email: inv.email })
          : inv.userExists
            ? t('invite.existing', { email: inv.email })
            : t('invite.new', { email: inv.email })}
      </Text>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {signedInAsInvitee ? (
        <Button loading={accept.isPending} onClick={() => accept.mutate({})}>
          {t('invite.submit', { workspace: inv.workspaceName })}
        </Button>
      ) : (
        <form onSubmit={form.handleSubmit((v) => accept.mutate(v))} noValidate>
          <Stack>
            <TextInput
              label={t('auth.email')}
              value={inv.email}
              readOnly
              variant="filled"
              autoComplete="username"
            />
            {!inv.userExists && (
              <TextInput
                label={t('setup.name')}
                autoComplete="name"
                required
                error={err.name && t('invite.nameRequired')}
                {...form.register('name')}
              />
            )}
            <PasswordInput
              label={inv.userExists ? t('auth.password') : t('invite.newPassword')}
              description={inv.userExists ? undefined : t('setup.password.hint')}
              autoComplete={inv.userExists ? 'current-password' : 'new-password'}
              required
              error={
                err.password && (inv.userExists ? t('invite.passwordRequired') : t('auth.password.tooShort'))
              }
              {...form.register('password')}
            />
            <Button type="submit" loading={accept.isPending}>
              {t('invite.submit', { workspace: inv.workspaceName })}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
