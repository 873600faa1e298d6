import { Tooltip } from '@mantine/core';
import { IconBrandTelegram, IconBrandWhatsapp, IconMessageCircle, IconWebhook } from '@tabler/icons-react';

const ICONS = { whatsapp: IconBrandWhatsapp, telegram: IconBrandTelegram, webhook: IconWebhook } as const;

/** The channel's platform as an icon with its name as label (tooltip and accessible name). */
export function PlatformIcon({ platform }: { platform: string }) {
  const Icon = ICONS[platform as keyof typeof ICONS] ?? IconMessageCircle;
  return (
    <Tooltip label={platform}>
      <Icon size={16} aria-label={platform} role="img" style={{ flexShrink: 0 }} />
    </Tooltip>
  );
}
