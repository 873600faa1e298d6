import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import type { ChannelAdapter } from '../contract/channel-adapter.ts';
import { markMetaSeen, sendMetaTyping } from '../messenger/messenger.actions.ts';
import { messengerConfigFields, metaApiBaseUrl } from '../messenger/messenger.adapter.ts';
import { downloadMetaAttachment } from '../messenger/messenger.media.ts';
import { parseMetaMessaging } from '../messenger/messenger.normalize.ts';
import { sendMetaText } from '../messenger/messenger.send.ts';
import { verifyWhatsAppSignature, whatsappHandshake } from '../whatsapp/whatsapp.signature.ts';

/**
 * Config of an Instagram messaging channel (Messenger API for Instagram: an Instagram professional
 * account linked to a Facebook Page): the Messenger fields — the linked Page's id and access token
 * (`instagram_manage_messages`), app secret, verify token, API base URL — plus the Instagram
 * account id (`entry[].id` of the webhooks, the sender of our echoes).
 */
export const InstagramConfigSchema = Type.Object({
  ...messengerConfigFields,
  instagramAccountId: Type.String({
    minLength: 1,
    description: 'Id of the Instagram professional account (IGID) linked to the Page',
  }),
});
export type InstagramConfig = Static<typeof InstagramConfigSchema>;

/**
 * Instagram messaging through the Messenger Platform (Meta docs: "Messenger API for Instagram").
 * Same webhook signature, handshake, item shapes and Send API as Messenger (the shared code lives
 * in `../messenger/`), with `object: "instagram"` bodies, IGSIDs as handles, `read.mid`
 * (`messaging_seen`) as read receipts. Instagram sends no delivery receipts and no edits.
 */
export const instagramAdapter: ChannelAdapter<InstagramConfig> = {
  platform: 'instagram',
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
  configSchema: InstagramConfigSchema,
  secretFields: ['pageAccessToken', 'appSecret', 'verifyToken'],
  urlFields: ['apiBaseUrl'],
  apiBaseUrl: metaApiBaseUrl,
  handshake: (req, config) => whatsappHandshake(req, config.verifyToken),
  verify: (req, config) => verifyWhatsAppSignature(req, config.appSecret),
  parse: (body, config) =>
    parseMetaMessaging(body, { object: 'instagram', ownIds: [config.instagramAccountId, config.pageId] }),
  send: (req, config, ctx) => sendMetaText(req, config, ctx, 'Instagram Send API'),
  downloadMedia: (media, _config, ctx) => downloadMetaAttachment(media, ctx, 'Instagram attachment'),
  sendTyping: (req, config, ctx) => sendMetaTyping(req, config, ctx, 'Instagram Send API'),
  markRead: (req, config, ctx) => markMetaSeen(req, config, ctx, 'Instagram Send API'),
};
