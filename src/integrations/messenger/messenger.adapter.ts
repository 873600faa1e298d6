import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import type { ChannelAdapter } from '../contract/channel-adapter.ts';
import { verifyWhatsAppSignature, whatsappHandshake } from '../whatsapp/whatsapp.signature.ts';
import { markMetaSeen, sendMetaTyping } from './messenger.actions.ts';
import { downloadMetaAttachment } from './messenger.media.ts';
import { parseMetaMessaging } from './messenger.normalize.ts';
import { sendMetaText } from './messenger.send.ts';

/** The real Graph API host; the Send API path adds the version (`/v21.0/{pageId}/messages`). */
export const META_GRAPH_BASE_URL = 'https://graph.facebook.com';

/** Config fields of a Messenger channel (Meta App Dashboard, "Messenger > Messenger API Settings"). */
export const messengerConfigFields = {
  pageId: Type.String({ minLength: 1, description: 'Id of the Facebook Page the channel answers for' }),
  pageAccessToken: Type.String({
    minLength: 1,
    description: 'Page access token with pages_messaging (secret); sent as a Bearer header',
  }),
  appSecret: Type.String({ minLength: 1, description: 'App secret; signs X-Hub-Signature-256 (secret)' }),
  verifyToken: Type.String({
    minLength: 1,
    description: 'Token Meta echoes in the webhook GET handshake (secret)',
  }),
  apiBaseUrl: Type.Optional(
    Type.String({ format: 'uri', description: `Graph API base URL; default ${META_GRAPH_BASE_URL}` }),
  ),
};

/** Config of a Facebook Messenger channel: Page id, Page access token, app secret, verify token, API base URL. */
export const MessengerConfigSchema = Type.Object(messengerConfigFields);
export type MessengerConfig = Static<typeof MessengerConfigSchema>;

/** `config.apiBaseUrl` without trailing slashes, else the real Graph API host. */
export const metaApiBaseUrl = (config: { apiBaseUrl?: string }): string =>
  (config.apiBaseUrl ?? META_GRAPH_BASE_URL).replace(/\/+$/, '');

/**
 * The Facebook Messenger channel (Meta docs: developers.facebook.com/docs/messenger-platform).
 * Inbound: webhook POSTs signed with `X-Hub-Signature-256` (the same Meta Webhooks scheme as
 * WhatsApp, whose check is reused) and the `hub.challenge` GET handshake; `object: "page"` bodies
 * parsed by `parseMetaMessaging`. Outbound: text through the Send API with the 24-hour window and
 * the `HUMAN_AGENT` tag (`sendMetaText`); typing indicators and read receipts as the sender actions
 * `typing_on` and `mark_seen` (`messenger.actions.ts`).
 */
export const messengerAdapter: ChannelAdapter<MessengerConfig> = {
  platform: 'messenger',
  capabilities: {
    inboundMedia: true,
    outboundText: true,
    deliveryStatus: true,
    edits: true,
    reactions: true,
    replies: true,
    handshake: true,
    threads: false,
    typing: true,
    readReceipts: true,
  },
  configSchema: MessengerConfigSchema,
  secretFields: ['pageAccessToken', 'appSecret', 'verifyToken'],
  urlFields: ['apiBaseUrl'],
  apiBaseUrl: metaApiBaseUrl,
  handshake: (req, config) => whatsappHandshake(req, config.verifyToken),
  verify: (req, config) => verifyWhatsAppSignature(req, config.appSecret),
  parse: (body, config) => parseMetaMessaging(body, { object: 'page', ownIds: [config.pageId] }),
  send: (req, config, ctx) => sendMetaText(req, config, ctx, 'Messenger Send API'),
  downloadMedia: (media, _config, ctx) => downloadMetaAttachment(media, ctx, 'Messenger attachment'),
  sendTyping: (req, config, ctx) => sendMetaTyping(req, config, ctx, 'Messenger Send API'),
  markRead: (req, config, ctx) => markMetaSeen(req, config, ctx, 'Messenger Send API'),
};
