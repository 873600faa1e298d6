import { Badge, Group, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import {
  IconBrandDiscord,
  IconBrandInstagram,
  IconBrandMessenger,
  IconBrandSlack,
  IconBrandTeams,
  IconBrandTelegram,
  IconBrandTwilio,
  IconBrandWhatsapp,
  IconFlask,
  IconMail,
  IconMessageDots,
  IconMessages,
  type IconProps,
  IconWebhook,
} from '@tabler/icons-react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import type { ComponentType } from 'react';
import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { ChannelConnected } from './ChannelConnected.tsx';
import { PlatformForm } from './PlatformForm.tsx';
import type { Platform } from './platform-fields.ts';
import { SandboxPanel } from './SandboxPanel.tsx';
import { WizardFrame } from './WizardFrame.tsx';

/** What the channel step offers: the sandbox demo first (no account needed), then the platforms. */
export type ChannelChoice = 'sandbox' | Platform;

const CHOICES: Array<{ value: ChannelChoice; icon: ComponentType<IconProps>; badge?: MessageId }> = [
  { value: 'sandbox', icon: IconFlask, badge: 'setup.channel.sandbox.badge' },
  { value: 'whatsapp', icon: IconBrandWhatsapp },
  { value: 'telegram', icon: IconBrandTelegram },
  { value: 'slack', icon: IconBrandSlack },
  { value: 'twilio', icon: IconBrandTwilio },
  { value: 'messenger', icon: IconBrandMessenger },
  { value: 'instagram', icon: IconBrandInstagram },
  { value: 'discord', icon: IconBrandDiscord },
  { value: 'email', icon: IconMail },
  { value: 'teams', icon: IconBrandTeams },
  { value: 'respondio', icon: IconMessages },
  { value: 'webchat', icon: IconMessageDots },
  { value: 'webhook', icon: IconWebhook },
];

/**
 * `/setup/channel`, the wizard's step 2: pick the sandbox demo or one of the twelve platforms
 * (WhatsApp, Telegram, Slack, Twilio, Messenger, Instagram, Discord, e-mail, Microsoft Teams,
 * respond.io, web chat, signed webhook). A platform shows its exact setup steps and a form creating
 * the channel with every config field a user sets (platform-fields.ts); once created (`channelId`
 * in the URL) the webhook URL to copy and a live "waiting for your first message" check. The
 * choice and the channel are search params, so a reload stays on them.
 */
export function ChannelStep() {
  const t = useT();
  const search = useSearch({ from: '/setup/channel' });
  const navigate = useNavigate({ from: '/setup/channel' });
  const choice: ChannelChoice = search.platform ?? 'sandbox';
  const next = (channelId: string) => navigate({ to: '/setup/agent', search: { channelId } });
  return (
    <WizardFrame active={1} title={t('setup.channel.title')} subtitle={t('setup.channel.subtitle')}>
      <Radio.Group
        value={choice}
        onChange={(v) => navigate({ search: { platform: v as ChannelChoice }, replace: true })}
        label={t('setup.channel.choose')}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
          {CHOICES.map((c) => (
            <Radio.Card key={c.value} value={c.value} p="sm" radius="md" data-testid={`choice-${c.value}`}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator mt={2} />
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <c.icon size={18} aria-hidden />
                    <Text fw={600} size="sm">
                      {t(`setup.channel.${c.value}`)}
                    </Text>
                    {c.badge && (
                      <Badge size="xs" variant="filled" color="teal.9">
                        {t(c.badge)}
                      </Badge>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t(`setup.channel.${c.value}.desc`)}
                  </Text>
                </Stack>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
      {choice === 'sandbox' ? (
        <SandboxPanel onContinue={next} />
      ) : search.channelId ? (
        <ChannelConnected
          channelId={search.channelId}
          onContinue={() => next(search.channelId!)}
          onAnother={() => navigate({ search: { platform: choice }, replace: true })}
        />
      ) : (
        <PlatformForm
          key={choice}
          platform={choice}
          onCreated={(id) => navigate({ search: { platform: choice, channelId: id }, replace: true })}
        />
      )}
    </WizardFrame>
  );
}
