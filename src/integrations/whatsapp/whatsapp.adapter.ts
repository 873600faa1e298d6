import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import type { ChannelAdapter } from '../contract/channel-adapter.ts';
import { markWhatsAppRead, sendWhatsAppTyping } from './whatsapp.actions.ts';
import { downloadWhatsAppMedia } from './whatsapp.media.ts';
import { parseWhatsAppWebhook } from './whatsapp.normalize.ts';
import { sendWhatsAppText } from './whatsapp.send.ts';
import { verifyWhatsAppSignature, whatsappHandshake } from './whatsapp.signature.ts';

/** The real Graph API base URL outbound calls use when the channel config names none. */
export const WHATSAPP_DEFAULT_API_BASE_URL = 'https://graph.facebook.com/v21.0';

/**
 * Config of a WhatsApp Cloud API channel (values from the Meta App Dashboard, "WhatsApp > API Setup"
 * and "Webhooks"): the business phone number id, a system-user access token, the app secret that
 * signs webhooks, the verify token of the GET handshake, and an optional API base URL override.
 */
export const WhatsAppConfigSchema = Type.Object({
  phoneNumberId: Type.String({ minLength: 1, description: 'Business phone number id (Meta App Dashboard)' }),
  accessToken: Type.String({ minLength: 1, description: 'System-user or temporary access token' }),
  appSecret: Type.String({ minLength: 1, description: 'App secret; signs X-Hub-Signature-256' }),
  verifyToken: Type.String({ minLength: 1, description: 'Token Meta echoes in the webhook GET handshake' }),
  apiBaseUrl: Type.Optional(
    Type.String({
      format: 'uri',
      description: `Graph API base URL; default ${WHATSAPP_DEFAULT_API_BASE_URL}`,
    }),
  ),
});

export type WhatsAppConfig = Static<typeof WhatsAppConfigSchema>;

/**
 * The WhatsApp Cloud API channel (Meta docs: developers.facebook.com/docs/whatsapp/cloud-api).
 * Inbound: signed webhook POSTs (`X-Hub-Signature-256`) and the `hub.challenge` GET handshake.
 * Outbound: text messages through `POST /{phoneNumberId}/messages`, and through the same endpoint
 * read receipts and typing indicators (`whatsapp.actions.ts`). Edits are not supported by the
 * Cloud API, so `edits` is false.
 */
export const whatsappAdapter: ChannelAdapter<WhatsAppConfig> = {
  platform: 'whatsapp',
  capabilities: {
    inboundMedia: true,
    outboundText: true,
    deliveryStatus: true,
    edits: false,
    reactions: true,
    replies: true,
    handshake: true,
    threads: false,
    typing: true,
    readReceipts: true,
  },
  configSchema: WhatsAppConfigSchema,
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  urlFields: ['apiBaseUrl'],
  apiBaseUrl: (config) => (config.apiBaseUrl ?? WHATSAPP_DEFAULT_API_BASE_URL).replace(/\/+$/, ''),
  handshake: (req, config) => whatsappHandshake(req, config.verifyToken),
  // One Meta app can serve several numbers through one callback URL: events name their number.
  account: (config) => config.phoneNumberId,
  verify: (req, config) => verifyWhatsAppSignature(req, config.appSecret),
  parse: (body) => parseWhatsAppWebhook(body),
  send: (req, config, ctx) => sendWhatsAppText(req, config, ctx),
  downloadMedia: (media, config, ctx) => downloadWhatsAppMedia(media, config, ctx),
  sendTyping: (req, config, ctx) => sendWhatsAppTyping(req, config, ctx),
  markRead: (req, config, ctx) => markWhatsAppRead(req, config, ctx),
};
