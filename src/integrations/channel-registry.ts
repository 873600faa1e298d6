import './contract/formats.ts';
import { OmnifyError } from '../kernel/errors/catalog.ts';
import type { ChannelAdapter } from './contract/channel-adapter.ts';
import type { Platform } from './contract/message.ts';
import { discordAdapter } from './discord/discord.adapter.ts';
import { emailAdapter } from './email/email.adapter.ts';
import { instagramAdapter } from './instagram/instagram.adapter.ts';
import { messengerAdapter } from './messenger/messenger.adapter.ts';
import { respondioAdapter } from './respondio/respondio.adapter.ts';
import { slackAdapter } from './slack/slack.adapter.ts';
import { teamsAdapter } from './teams/teams.adapter.ts';
import { telegramAdapter } from './telegram/telegram.adapter.ts';
import { twilioAdapter } from './twilio/twilio.adapter.ts';
import { webchatAdapter } from './webchat/webchat.adapter.ts';
import { webhookAdapter } from './webhook/webhook.adapter.ts';
import { whatsappAdapter } from './whatsapp/whatsapp.adapter.ts';

/**
 * An adapter with its config type erased, so adapters of different configs share one table. Sound
 * because a channel's config reaches its adapter only after passing the adapter's `configSchema`
 * (checked when the channel is saved).
 */
const erased = <Config>(adapter: ChannelAdapter<Config>): ChannelAdapter =>
  adapter as unknown as ChannelAdapter;

/** The adapters this build supports, by platform. Adding a platform = one folder + one line here. */
const ADAPTERS: Partial<Record<Platform, ChannelAdapter>> = {
  whatsapp: erased(whatsappAdapter),
  telegram: erased(telegramAdapter),
  twilio: erased(twilioAdapter),
  slack: erased(slackAdapter),
  messenger: erased(messengerAdapter),
  instagram: erased(instagramAdapter),
  discord: erased(discordAdapter),
  email: erased(emailAdapter),
  teams: erased(teamsAdapter),
  respondio: erased(respondioAdapter),
  webchat: erased(webchatAdapter),
  webhook: erased(webhookAdapter),
};

/** Platforms that can be connected now. */
export const SUPPORTED_PLATFORMS = Object.keys(ADAPTERS) as Platform[];

/** The adapter for `platform`; throws `OMNIFY_ERR_VALIDATION` when the platform is not supported. */
export function adapterFor(platform: string): ChannelAdapter {
  const a = ADAPTERS[platform as Platform];
  if (!a) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Platform "${platform}" is not supported.`, {
      fields: [{ path: '/platform', message: `must be one of: ${SUPPORTED_PLATFORMS.join(', ')}` }],
    });
  }
  return a;
}
