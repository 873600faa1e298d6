import {
  IconBrandDiscord,
  IconBrandInstagram,
  IconBrandMessenger,
  IconBrandSlack,
  IconBrandTeams,
  IconBrandTelegram,
  IconBrandTwilio,
  IconBrandWhatsapp,
  IconMail,
  IconMessageCircle,
  IconMessageDots,
  IconMessages,
  IconWebhook,
} from '@tabler/icons-react';

const ICONS = {
  whatsapp: IconBrandWhatsapp,
  telegram: IconBrandTelegram,
  slack: IconBrandSlack,
  twilio: IconBrandTwilio,
  messenger: IconBrandMessenger,
  instagram: IconBrandInstagram,
  discord: IconBrandDiscord,
  email: IconMail,
  teams: IconBrandTeams,
  respondio: IconMessages,
  webchat: IconMessageDots,
  webhook: IconWebhook,
} as const;

/**
 * The channel's platform as an icon with its name as label (accessible name, and the browser's own
 * hover tooltip through the SVG `<title>`: a Mantine Tooltip per list row cost the inbox's first
 * render ~50 ms of floating-ui work on a cold load).
 */
export function PlatformIcon({ platform }: { platform: string }) {
  const Icon = ICONS[platform as keyof typeof ICONS] ?? IconMessageCircle;
  return <Icon size={16} aria-label={platform} role="img" title={platform} style={{ flexShrink: 0 }} />;
}
