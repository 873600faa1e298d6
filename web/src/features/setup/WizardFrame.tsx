import { Anchor, Box, Center, Group, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useEffect } from 'react';
import { connectLive } from '../../api/live.ts';
import { useT } from '../../i18n/useT.ts';

/** The wizard's steps, in order: account, channel, agent, first reply. */
const STEPS = ['setup.step.account', 'setup.step.channel', 'setup.step.agent', 'setup.step.test'] as const;

/**
 * The first-run wizard's page: the four-step stepper (`active`: 0–3; labels hidden at phone width,
 * where "Step n of 4" says where one is), a title and subtitle, then the step. Steps after the
 * account are signed in: they keep the live event stream open (answers and first messages appear
 * without reload) and offer to skip the rest of the setup.
 */
export function WizardFrame({
  active,
  title,
  subtitle,
  children,
}: {
  active: number;
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  const t = useT();
  const qc = useQueryClient();
  const phone = useMediaQuery('(max-width: 36em)');
  const signedIn = active > 0;
  useEffect(() => (signedIn ? connectLive(qc) : undefined), [qc, signedIn]);
  return (
    <Center mih="100dvh" p={{ base: 'xs', sm: 'md' }}>
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} w="100%" maw={760} component="main">
        <Stack>
          <Stepper active={active} size="sm" allowNextStepsSelect={false} aria-label={t('setup.steps')}>
            {STEPS.map((s) => (
              <Stepper.Step key={s} label={phone ? undefined : t(s)} aria-label={t(s)} />
            ))}
          </Stepper>
          <Box>
            {phone && (
              <Text size="xs" c="dimmed" fw={600}>
                {t('setup.stepOf', { n: active + 1, total: STEPS.length, name: t(STEPS[active]!) })}
              </Text>
            )}
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Title order={1} size="h3">
                {title}
              </Title>
              {signedIn && active < STEPS.length - 1 && (
                <Anchor component={Link} to="/inbox" size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {t('setup.skip')}
                </Anchor>
              )}
            </Group>
            <Text c="dimmed" mt={4}>
              {subtitle}
            </Text>
          </Box>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
