import {
  ActionIcon,
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Loader,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { IconArrowRight, IconCheck, IconCopy, IconWorldOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { MessageId } from '../../i18n/messages.ts';
import { useT } from '../../i18n/useT.ts';
import { FirstMessageCheck } from './FirstMessageCheck.tsx';
import type { Platform } from './platform-fields.ts';
import { channelQuery, createdConfig, unreachableFromPlatforms } from './queries.ts';

/** A read-only value with a copy button (webhook URL, tokens, commands). */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const t = useT();
  return (
    <TextInput
      label={label}
      value={value}
      readOnly
      data-testid={testId}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      onFocus={(e) => e.currentTarget.select()}
      rightSection={
        <CopyButton value={value} timeout={1500}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('setup.copied') : t('setup.copy')}>
              <ActionIcon
                variant="subtle"
                color={copied ? 'teal' : 'gray'}
                onClick={copy}
                aria-label={t('setup.copyLabel', { label })}
              >
                {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

/** How many "what is left to do" steps (`setup.<platform>.after<n>`) each platform has. */
const AFTER_STEPS: Partial<Record<Platform, number>> = {
  whatsapp: 3,
  telegram: 2,
  slack: 2,
  twilio: 2,
  messenger: 2,
  instagram: 2,
  discord: 2,
  email: 2,
  teams: 2,
  respondio: 3,
  webchat: 2,
  webhook: 1,
};

/**
 * A channel just connected: the webhook URL to copy, what is left to do in the platform's console
 * (WhatsApp's webhook settings with the verify token, Telegram's `setWebhook` command, the webhook
 * channel's signed POST), a warning when the platform cannot reach this server's address, and the
 * live "waiting for your first message" check.
 */
export function ChannelConnected({
  channelId,
  onContinue,
  onAnother,
}: {
  channelId: string;
  onContinue: () => void;
  onAnother: () => void;
}) {
  const t = useT();
  const q = useQuery(channelQuery(channelId));
  const top = useRef<HTMLDivElement>(null);
  const loaded = q.isSuccess;
  // Just connected: bring what is left to do into view (the choices above stay for "another").
  useEffect(() => {
    if (loaded) top.current?.scrollIntoView({ block: 'start' });
  }, [loaded]);
  if (q.isPending) return <Loader size="sm" role="status" aria-label={t('app.loading')} />;
  if (q.isError)
    return (
      <Alert color="red" role="alert">
        {q.error.message}
      </Alert>
    );
  const c = q.data;
  const plain = createdConfig(c.id);
  const masked = (k: string) => String(plain?.[k] ?? c.config[k] ?? '');
  const platform = c.platform as Platform;
  const after = (n: number) => t(`setup.${platform}.after${n}` as MessageId);
  return (
    <Stack gap="sm" ref={top}>
      <Group gap="sm" wrap="nowrap">
        <ThemeIcon color="green" radius="xl" size="md">
          <IconCheck size={16} />
        </ThemeIcon>
        <Text fw={600}>{t('setup.connected', { name: c.name })}</Text>
      </Group>
      {platform !== 'webhook' && platform !== 'webchat' && unreachableFromPlatforms(c.webhookUrl) && (
        <Alert
          color="yellow"
          icon={<IconWorldOff size={18} />}
          title={t('setup.publicUrl.title')}
          // Mantine's yellow title is too light on the yellow background (WCAG AA).
          styles={{ title: { color: 'var(--mantine-color-text)' } }}
        >
          {t('setup.publicUrl.body', { platform: t(`setup.channel.${platform}`), url: c.webhookUrl })}
        </Alert>
      )}
      {platform === 'webchat' ? (
        // The widget's one tag, from the server's public address (the webhook URL's origin and prefix).
        <CopyField
          label={t('setup.webchat.snippet')}
          value={`<script src="${c.webhookUrl.replace(/\/webhooks\/[^/]+$/, '')}/webchat/widget.js" data-channel="${c.id}" async></script>`}
          testId="webchat-snippet"
        />
      ) : (
        <CopyField label={t('setup.webhookUrl')} value={c.webhookUrl} testId="webhook-url" />
      )}
      <List type="ordered" spacing={6} size="sm">
        {Array.from({ length: AFTER_STEPS[platform] ?? 1 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the steps are a fixed list
          <List.Item key={i}>{after(i + 1)}</List.Item>
        ))}
      </List>
      {(platform === 'whatsapp' || platform === 'messenger' || platform === 'instagram') && (
        <CopyField label={t(`setup.field.${platform}.verifyToken`)} value={masked('verifyToken')} />
      )}
      {platform === 'telegram' && (
        <CopyField
          label={t('setup.telegram.command')}
          value={`curl -s "https://api.telegram.org/bot${String(plain?.botToken ?? '<bot token>')}/setWebhook" -d "url=${c.webhookUrl}" -d "secret_token=${String(plain?.secretToken ?? '<secret token>')}"`}
        />
      )}
      {platform === 'respondio' && (
        <CopyField
          label={t('setup.respondio.url')}
          value={masked('webhookToken') ? `${c.webhookUrl}?token=${masked('webhookToken')}` : c.webhookUrl}
        />
      )}
      {platform === 'webchat' && (
        <CopyField label={t('setup.field.webchat.identitySecret')} value={masked('identitySecret')} />
      )}
      {platform === 'webhook' && (
        <Code block>
          {`POST ${c.webhookUrl}\nX-Omnify-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>\n\n{"type":"message","id":"msg-1","from":{"id":"customer-1","name":"Ada"},"text":"Hello!"}`}
        </Code>
      )}
      <FirstMessageCheck channelId={c.id} />
      <Group justify="space-between">
        <Button variant="subtle" onClick={onAnother}>
          {t('setup.another')}
        </Button>
        <Button rightSection={<IconArrowRight size={16} />} onClick={onContinue}>
          {t('setup.continue')}
        </Button>
      </Group>
    </Stack>
  );
}
