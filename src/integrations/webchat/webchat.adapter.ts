import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type {
  ChannelAdapter,
  OutboundRequest,
  ReadReceiptRequest,
  SendResult,
  TypingRequest,
} from '../contract/channel-adapter.ts';
import { parseWebchatEnvelope } from './webchat.envelope.ts';
import { emitWebchatSignal } from './webchat.live.ts';
import { ORIGIN_PATTERN } from './webchat.origins.ts';

/**
 * Channel config of a web chat: the sites that may embed the widget and, optionally, the secret
 * the host site's server signs its signed-in users with (webchat.identity.ts).
 */
export const WebchatConfigSchema = Type.Object({
  allowedOrigins: Type.Array(
    Type.String({
      pattern: ORIGIN_PATTERN,
      maxLength: 300,
      description: 'An origin: https://shop.example.com or http://localhost:8080 (no path).',
    }),
    {
      minItems: 1,
      maxItems: 50,
      description:
        'Origins of the sites allowed to embed the widget; requests from any other Origin are refused (403).',
    },
  ),
  identitySecret: Type.Optional(
    Type.String({
      minLength: 16,
      maxLength: 200,
      description:
        'Secret the host site’s server signs its signed-in users with (HMAC-SHA256); at least 16 characters (secret).',
    }),
  ),
});
export type WebchatConfig = Static<typeof WebchatConfigSchema>;

/**
 * The thread key of a visitor's conversation: `<channel id>:<visitor handle>`. The channel id makes
 * it unique across channels and workspaces, so a live signal that carries only the thread key
 * (`sendTyping`) reaches that one visitor.
 */
export function webchatThreadKey(channelId: string, handle: string): string {
  return `${channelId}:${handle}`;
}

/**
 * Delivering a reply needs no call: the message is already stored, and the visitor's stream (the
 * web chat module) shows it once it is `sent` — live when the visitor is connected, from the
 * history when they come back (offline messages). Resolves `{platformMessageId: req.messageId,
 * status: 'sent'}`; the widget then reports `delivered` and `read` as status updates.
 */
export async function sendWebchatMessage(req: OutboundRequest): Promise<SendResult> {
  return { platformMessageId: req.messageId, status: 'sent' };
}

/**
 * Shows the visitor of `req.threadKey` that someone is typing: a live signal to their open stream
 * (webchat.live.ts), dropped when they are not connected (the widget hides the dots after 6 s or
 * at the next message). Rejects only when the signal could not be announced (the database is
 * unreachable).
 */
export async function sendWebchatTyping(req: TypingRequest): Promise<void> {
  await emitWebchatSignal({ kind: 'typing', threadKey: req.threadKey });
}

/**
 * Tells the visitor of `req.threadKey` that their messages up to `req.platformMessageId` (the
 * widget's message id) were read: a live signal; the widget marks them "Seen". Dropped when the
 * visitor is not connected. Rejects as {@link sendWebchatTyping}.
 */
export async function markWebchatRead(req: ReadReceiptRequest): Promise<void> {
  await emitWebchatSignal({
    kind: 'read',
    threadKey: req.threadKey,
    platformMessageId: req.platformMessageId,
  });
}

/** Options of {@link createWebchatAdapter}. */
export interface WebchatAdapterOptions {
  /** Receipt time of envelopes whose time is unreadable, ms since the epoch (tests pin it). */
  now?: () => number;
}

/**
 * The web chat channel: Omnify's own embeddable widget (widget/, served at `/webchat/widget.js`)
 * and its routes (src/modules/webchat/). There is no platform: visitor messages reach the inbox
 * through the web chat module, which builds a {@link WebchatEnvelope} per message and hands it to
 * `parse` like a verified webhook body, so they are stored and answered exactly as on other
 * channels.
 *
 * `verify` accepts nothing: a POST to `/webhooks/{channelId}` of a web chat channel is refused with
 * 401 `OMNIFY_ERR_SIGNATURE_INVALID` (no one can sign for the widget; it talks to
 * `/webchat/{channelId}/…`). Capabilities: inbound media (images and documents the visitor
 * attaches: the web chat module checks and keeps them in the media store when they are uploaded,
 * so there is nothing to download later and no `downloadMedia`), outbound text, delivery status
 * (the widget reports `delivered` and `read`), typing (`sendTyping`) and read receipts
 * (`markRead`: "Seen" under the visitor's messages), both live signals to the visitor's open
 * stream. No outbound media, edits, reactions, quoting or threads.
 */
export function createWebchatAdapter(options: WebchatAdapterOptions = {}): ChannelAdapter<WebchatConfig> {
  const now = options.now ?? Date.now;
  return {
    platform: 'webchat',
    capabilities: {
      inboundMedia: true,
      outboundText: true,
      deliveryStatus: true,
      edits: false,
      reactions: false,
      replies: false,
      handshake: false,
      threads: false,
      typing: true,
      readReceipts: true,
    },
    configSchema: WebchatConfigSchema,
    secretFields: ['identitySecret'],
    // `allowedOrigins` are never called: they only restrict who may call us.
    urlFields: [],
    // No platform API: nothing is ever requested from this base URL.
    apiBaseUrl: () => 'about:blank',
    verify: () => {
      throw new OmnifyError(
        'OMNIFY_ERR_SIGNATURE_INVALID',
        'Web chat channels take no webhook deliveries: the widget talks to /webchat/{channelId}/….',
      );
    },
    parse: (body) => parseWebchatEnvelope(body, new Date(now())),
    send: sendWebchatMessage,
    sendTyping: (req) => sendWebchatTyping(req),
    markRead: (req) => markWebchatRead(req),
  };
}

/** The web chat adapter on the real clock (the one the registry serves). */
export const webchatAdapter = createWebchatAdapter();
