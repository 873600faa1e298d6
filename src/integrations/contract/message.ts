/**
 * The normalized message model. Adapters translate platform payloads into these types at the
 * edge; nothing in the core ever sees a platform type.
 */

/** Every platform Omnify knows the name of (PRODUCT.md, "Words we use"). */
export const PLATFORMS = [
  'whatsapp',
  'telegram',
  'slack',
  'discord',
  'instagram',
  'messenger',
  'teams',
  'twilio',
  'email',
  'respondio',
  'webchat',
  'webhook',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export type Direction = 'inbound' | 'outbound';
export type SenderKind = 'contact' | 'user' | 'agent' | 'system';
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/** Order in which delivery statuses may advance; a status never moves backwards (except to `failed`). */
export const DELIVERY_STATUS_RANK: Record<DeliveryStatus, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 4,
};

/**
 * A media reference kept instead of the bytes: `ChannelAdapter.downloadMedia` fetches them on
 * demand into the media store (docs/media.md).
 */
export interface MediaRef {
  /** The platform's media id (WhatsApp media id, Telegram file_id). */
  id: string;
  /**
   * Where the platform serves the file, when its payload says (Slack `url_private_download`, a Discord
   * attachment's CDN `url`, a Teams file's `downloadUrl`, a Respond.io attachment). Messenger,
   * Instagram and Twilio, whose id is the URL, leave it out.
   * Fetched only through the channel's guarded HTTP client, as it comes from the platform's payload.
   */
  url?: string;
  mimeType?: string;
  caption?: string;
  fileName?: string;
  sha256?: string;
  /** Size in bytes, when the platform says. */
  size?: number;
  /** Duration in seconds (audio, voice, video), when the platform says. */
  durationSeconds?: number;
  width?: number;
  height?: number;
  /**
   * True when the delivery itself carried the bytes (an e-mail's attachments: {@link CarriedFiles})
   * and the host kept them in the media store at ingest, under `sha256` (which the host then computed
   * from the bytes). Set by the host only: the value of an adapter's own event is dropped.
   */
  kept?: boolean;
}

/**
 * Bytes of the files a delivery itself carried (an e-mail's attachments), by the `MediaRef.id` of
 * the events `parse` makes of it. The host keeps them in the media store at ingest (never in the
 * database), so they can be opened later although the platform has no media API.
 */
export type CarriedFiles = ReadonlyMap<string, Uint8Array>;

/** What `ChannelAdapter.decode` answers for a delivery that carried files: the body `parse` reads, and the files. */
export class DecodedWithFiles {
  constructor(
    readonly body: unknown,
    readonly files: CarriedFiles,
  ) {}
}

export interface SharedContact {
  name: string;
  /** Phone numbers as sent by the platform (E.164 when the platform gives `wa_id`/international form). */
  phones: string[];
  emails: string[];
}

/** The content of a message, one variant per kind of content. */
export type MessageContent =
  | { type: 'text'; text: string }
  | {
      type: 'image' | 'audio' | 'voice' | 'video' | 'document' | 'sticker' | 'animation';
      media: MediaRef;
    }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string; url?: string }
  | { type: 'contacts'; contacts: SharedContact[] }
  /** A tap on a reply button, list row or template quick-reply. `replyId` is the payload/id, `title` the label. */
  | {
      type: 'interactive_reply';
      kind: 'button' | 'list' | 'quick_reply';
      replyId: string;
      title: string;
      description?: string;
    }
  /** A Telegram callback query (inline keyboard button press). */
  | { type: 'callback_query'; callbackId: string; data: string }
  /** A reaction to another message; `emoji` null means the reaction was removed. */
  | { type: 'reaction'; emoji: string | null; targetPlatformMessageId: string }
  /** Something we do not model yet; the raw payload is kept on the message. */
  | { type: 'unsupported'; platformType: string; reason?: string };

export type ContentType = MessageContent['type'];

/** The person who wrote an inbound message, as the platform identifies them. */
export interface InboundSender {
  /** Stable handle on the platform: E.164 phone for WhatsApp (without '+', as `wa_id`), user id for Telegram. */
  handle: string;
  displayName?: string;
  /** Phone number in E.164 (with '+'), when known. */
  phoneE164?: string;
  /** Platform username (Telegram `@username` without '@'). */
  username?: string;
  /**
   * An e-mail address the platform vouches for as this sender's (the e-mail channel's `From`, a
   * signed web-chat identity). An address merely typed by the sender does not belong here.
   */
  email?: string;
}

/** One inbound message, normalized. */
export interface InboundMessage {
  kind: 'message';
  /** The platform's id for the message (WhatsApp `wamid…`, Telegram `chat_id:message_id`). */
  platformMessageId: string;
  /**
   * Key that makes redeliveries idempotent within a channel. Equal to `platformMessageId` for new
   * messages; edits and callback queries get their own key so they are kept as separate events.
   */
  dedupeKey: string;
  sender: InboundSender;
  /** Where replies go: WhatsApp `wa_id`, Telegram `chat.id`. One conversation per channel and thread key. */
  threadKey: string;
  /** When the platform says the message was sent (UTC). */
  sentAt: Date;
  content: MessageContent;
  /** Plain text for history, search and agents: the text, caption, button title, or a short description. */
  text: string | null;
  /** The platform id of the message this one replies to, if any. */
  replyToPlatformMessageId?: string;
  /** True when this event is an edit of an earlier message (`platformMessageId` is the original's id). */
  edited?: boolean;
  /**
   * Something about the platform's item that Omnify had to repair to store it, e.g. `timestamp_invalid`
   * (an unusable platform time: `sentAt` is the time of receipt) or `payload_truncated`. Stored as
   * the message's `error` (`{code, message}`); absent when the item was read as sent.
   */
  issue?: { code: string; message: string };
  /** The platform's own payload for this message (one item, not the whole webhook). */
  raw: unknown;
  /** See {@link StatusUpdate.recipient}. */
  recipient?: string;
  /**
   * What `send` needs to answer in this conversation that the thread key does not hold (Teams: the
   * activity's `serviceUrl`; Discord: an interaction's token for a deferred answer). Kept with the
   * conversation, encrypted at rest, replaced by each inbound message that carries one, and passed
   * back as {@link OutboundRequest.replyContext}. String values only; never shown to users.
   */
  replyContext?: Record<string, string>;
}

/**
 * A delivery-status change for an outbound message, or (with `watermark`) for every outbound
 * message of a conversation up to a time.
 */
export interface StatusUpdate {
  kind: 'status';
  /**
   * The message whose status changed. For a `watermark` update, which names no message, a key
   * describing the event (`watermark:{threadKey}:{ms}`) for logs.
   */
  platformMessageId: string;
  status: Exclude<DeliveryStatus, 'queued'>;
  at: Date;
  error?: { code: string; message: string };
  raw: unknown;
  /**
   * The platform account the event was addressed to, where one webhook subscription serves several
   * accounts (WhatsApp: `metadata.phone_number_id`, one Meta app for several numbers). The webhook
   * route stores the event in the workspace's channel of that account (`ChannelAdapter.account`).
   */
  recipient?: string;
  /**
   * Present when the platform reports a status by time rather than by message (Messenger's
   * `read.watermark` / `delivery.watermark`: "every message sent before this time was read"): the
   * status then applies to each of our outbound messages in the conversation with thread key
   * `threadKey` that the platform had stamped at or before `upTo` (platform time, UTC).
   */
  watermark?: { threadKey: string; upTo: Date };
}

export type InboundEvent = InboundMessage | StatusUpdate;

/** Which content types make the channel's agent answer. Reactions, edits and unsupported content do not. */
export function shouldTriggerAgent(msg: InboundMessage): boolean {
  if (msg.edited) return false;
  return msg.content.type !== 'reaction' && msg.content.type !== 'unsupported';
}
