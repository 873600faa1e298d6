import type { Readable } from 'node:stream';
import type { TSchema } from '@sinclair/typebox';
import type { HttpClient } from '../../kernel/http-client/client.ts';
import type { CarriedFiles, InboundEvent, MediaRef, MessageContent, Platform } from './message.ts';

/** A webhook request as the adapters see it: raw bytes for signatures, lower-cased header names. */
export interface WebhookRequest {
  method: string;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  /** The exact bytes received (signatures are computed over these). */
  rawBody: Buffer;
  /**
   * The URL the platform called, as the platform knows it: `PUBLIC_URL`'s origin (else the
   * request's scheme and Host) with the path and query received. Set by the webhook route; for
   * signatures over the URL (Twilio's `X-Twilio-Signature`).
   */
  url?: string;
}

/** What the webhook endpoint answers, when an adapter decides the answer itself (handshakes). */
export interface WebhookResponse {
  status: number;
  contentType?: string;
  body: string;
}

/** A message Omnify wants to send, normalized. */
export interface OutboundRequest {
  /** Our message id; adapters may pass it as a correlation id where the platform allows. */
  messageId: string;
  /** The conversation's thread key (WhatsApp `wa_id`, Telegram `chat.id`, webhook channel's contact handle). */
  threadKey: string;
  text: string;
  /** Platform id of the message this answers, when the platform supports quoting. */
  replyToPlatformMessageId?: string;
  /**
   * When the contact last wrote in the conversation (stored time, UTC); absent when never. For
   * platforms that limit replies to a window after it (Messenger and Instagram: 24 hours).
   */
  lastInboundAt?: Date;
  /** The conversation's latest `InboundMessage.replyContext` (decrypted), when its platform gives one. */
  replyContext?: Record<string, string>;
}

/** What a successful send returned. */
export interface SendResult {
  /** The platform's id for the sent message. */
  platformMessageId: string;
  /** Delivery status the platform implies by accepting it (normally `sent`). */
  status: 'sent' | 'delivered';
}

/** A sender's names as the platform's directory gives them (`ChannelAdapter.describeSender`). */
export interface SenderProfile {
  /** The name people see (Slack: the profile's display name, else the real name). */
  displayName?: string;
  /** The account's user name, when the platform has one. */
  username?: string;
}

/** A media file as the platform serves it, its body not yet read (`ChannelAdapter.downloadMedia`). */
export interface MediaDownload {
  /**
   * The bytes, read once by the caller, who destroys the stream when it stops early (a file over the
   * size limit): that closes the connection. Errors mid-way when the connection breaks or the call's
   * timeout passes.
   */
  body: Readable;
  /** The `Content-Type` the platform's file server sent (parameters kept), when it sent one. */
  contentType?: string;
  /** The `Content-Length` the platform's file server sent, in bytes, when it sent one. */
  size?: number;
  /** The file's SHA-256 (64 hex digits) as the platform's media API declared it: bytes that differ are refused. */
  sha256?: string;
}

/**
 * What a typing indicator is shown in ({@link ChannelAdapter.sendTyping}): the conversation, and
 * the contact's latest message there, which some platforms attach the indicator to.
 */
export interface TypingRequest {
  /** The conversation's thread key, as for {@link OutboundRequest.threadKey}. */
  threadKey: string;
  /**
   * Platform id of the contact's latest inbound message in the conversation, when it has one.
   * WhatsApp (Cloud API and through Twilio) shows the indicator only as an answer to a message, and
   * marks that message read at the same time; other platforms ignore it.
   */
  platformMessageId?: string;
  /** As {@link OutboundRequest.replyContext}. */
  replyContext?: Record<string, string>;
}

/** The contact's message a read receipt is sent for ({@link ChannelAdapter.markRead}). */
export interface ReadReceiptRequest {
  /** The conversation's thread key. */
  threadKey: string;
  /** Platform id of the latest inbound message read; platforms mark it and every earlier one read. */
  platformMessageId: string;
  /** As {@link OutboundRequest.replyContext}. */
  replyContext?: Record<string, string>;
}

/** Context for outbound calls. */
export interface SendContext {
  /** Where to send: `adapter.apiBaseUrl(config)` (the real API or a test server), or the sandbox's base URL. */
  apiBaseUrl: string;
  /** Abort after this many milliseconds. */
  timeoutMs: number;
  /**
   * The client every call goes through (src/kernel/http-client): the network with the SSRF guard, or
   * for a sandbox channel the in-process emulator (src/integrations/sandbox). Adapters never call
   * `fetch` themselves.
   */
  http: HttpClient;
}

/**
 * What a {@link ChannelAdapter.receive} loop gets from the host (the inbox module, which runs one
 * loop per channel whose config turns receiving on, in processes that run workers).
 */
export interface ReceiverContext {
  /**
   * Stores one body exactly as a verified webhook body would be (the host sanitizes it, runs
   * `parse` and ingests the events with their jobs, deduplicated by `dedupeKey`); resolves once
   * committed. A loop acknowledges to its platform (IMAP `\Seen`, a Gateway sequence) only after
   * this resolves, so a crash redelivers rather than loses. `files`: the bytes the item carried
   * (an e-mail's attachments), kept in the media store.
   */
  deliver(body: unknown, files?: CarriedFiles): Promise<void>;
  /** Aborted when the channel is changed, deleted or the process stops; the loop must then return. */
  signal: AbortSignal;
  /** The same client as `SendContext.http`, for HTTP calls the loop makes. */
  http: HttpClient;
  /** Where the loop reports what it does (never secrets). */
  log: { info(msg: string, data?: object): void; warn(msg: string, data?: object): void };
}

/** Features an adapter declares; the docs' capability matrix is generated from these. */
export interface ChannelCapabilities {
  inboundMedia: boolean;
  outboundText: boolean;
  deliveryStatus: boolean;
  edits: boolean;
  reactions: boolean;
  replies: boolean;
  handshake: boolean;
  /** Threads inside a conversation (Slack `thread_ts`): replies go to the thread they answer. */
  threads: boolean;
  /** Shows the contact that we are typing, where the platform has an API for it (`sendTyping`). */
  typing: boolean;
  /** Tells the platform the contact's messages were read, a receipt the contact can see (`markRead`). */
  readReceipts: boolean;
  /** Sends media (images, files) to the contact; absent: no (every adapter sends text only today). */
  outboundMedia?: boolean;
  /** Sends the platform's pre-approved message templates (WhatsApp HSM); absent: no. */
  templates?: boolean;
}

/**
 * One messaging platform. Implementations live in `src/integrations/<platform>/` and are the only code
 * that knows a platform's payloads and API. All run the shared contract suite
 * (`src/integrations/contract/channel.contract-suite.ts`).
 *
 * Errors: `verify` throws `OMNIFY_ERR_SIGNATURE_INVALID`; `send` throws `OmnifyError` with
 * `OMNIFY_ERR_PLATFORM_TRANSIENT` / `_RATE_LIMITED` (retry; `details.retryAfterMs` when the
 * platform said) or `OMNIFY_ERR_PLATFORM_REJECTED` (do not retry), with `details.platformCode`
 * and `details.platformMessage` set from the platform's error body.
 */
export interface ChannelAdapter<Config = Record<string, unknown>> {
  platform: Platform;
  capabilities: ChannelCapabilities;
  /** TypeBox schema of the channel's `config`. */
  configSchema: TSchema;
  /**
   * Rewrites a config given in another accepted shape into the one `configSchema` describes, before
   * it is validated and stored (e-mail: the nested `smtp: {host, port, secure, user, pass}` and
   * `imap: {…}` into its flat fields). Absent: configs are taken as given.
   *
   * @throws OmnifyError `OMNIFY_ERR_VALIDATION` for a shape it cannot read.
   */
  normalizeConfig?(config: unknown): unknown;
  /** Config fields that are secrets: never returned in full, never logged. */
  secretFields: readonly (keyof Config & string)[];
  /**
   * Config fields holding outbound URLs the user chose (`apiBaseUrl`, `callbackUrl`): refused when saved
   * if they point at a non-public address, unless `OMNIFY_ALLOW_PRIVATE_URLS` is set.
   */
  urlFields: readonly (keyof Config & string)[];
  /** Where outbound calls go for this config: `config.apiBaseUrl`, else the real platform URL (webhook channel: `callbackUrl`). */
  apiBaseUrl(config: Config): string;
  /** Answers a GET verification handshake (WhatsApp `hub.challenge`); undefined when the platform has none. */
  handshake?(req: WebhookRequest, config: Config): WebhookResponse;
  /**
   * The platform account a channel with `config` is (WhatsApp: `phoneNumberId`), for platforms whose
   * webhook deliveries can carry events of several accounts (`recipient` on the events). An event
   * for another account is stored in the workspace's channel of that account when the delivery's
   * signature also verifies with that channel's config, else in the channel it arrived at.
   */
  account?(config: Config): string;
  /** Throws `OMNIFY_ERR_SIGNATURE_INVALID` unless the request is authentic. Runs before anything is stored. */
  verify(req: WebhookRequest, config: Config): void;
  /**
   * The part of verification that needs the network (Teams: the Bot Framework's OpenID metadata and
   * signing keys, fetched through `ctx.http` and cached by the adapter). Awaited by the webhook
   * route after `verify` and before anything is stored; throws `OMNIFY_ERR_SIGNATURE_INVALID` for an
   * inauthentic request, `OMNIFY_ERR_PLATFORM_TRANSIENT` when the keys cannot be fetched (502, the
   * platform retries).
   */
  verifyRemote?(req: WebhookRequest, config: Config, ctx: { http: HttpClient }): Promise<void>;
  /**
   * Turns a verified request's bytes into the body `parse` reads. Absent: JSON (a malformed body is
   * a 400 `OMNIFY_ERR_MALFORMED_JSON`). Twilio posts a form, e-mail inbound webhooks raw MIME. Throws
   * `OMNIFY_ERR_VALIDATION` (or `OMNIFY_ERR_MALFORMED_JSON`) for a body it cannot read. A delivery
   * that carried files (an e-mail's attachments) answers a `DecodedWithFiles` (message.ts).
   */
  decode?(req: WebhookRequest): unknown | Promise<unknown>;
  /**
   * An answer the platform expects in place of storing anything (Slack's `url_verification`
   * challenge, a Discord interaction `PING`), or undefined for a delivery to parse and store. Runs
   * after `verify` and `decode`.
   */
  respond?(body: unknown, config: Config): WebhookResponse | undefined;
  /**
   * The answer once a delivery is stored, when the platform wants a particular one (Twilio: an empty
   * TwiML `<Response/>`; Discord: a deferred interaction response). Absent: JSON `{ ok, stored,
   * duplicates }`.
   */
  acknowledge?(body: unknown, config: Config): WebhookResponse;
  /** Turns one verified webhook body into events. Never throws on unknown content: unknown types become `unsupported`. Throws `OMNIFY_ERR_VALIDATION` when the body is not this platform's envelope. */
  parse(body: unknown, config: Config): InboundEvent[];
  /** Sends one text message through the platform's API. */
  send(req: OutboundRequest, config: Config, ctx: SendContext): Promise<SendResult>;
  /**
   * Whether a stored inbound message waits for an answer on the platform (Telegram: a callback
   * query, whose button spins until `answerCallbackQuery`). Each such message gets one
   * `inbound-ack` job, which calls {@link acknowledgeInbound} outside any transaction.
   */
  needsAcknowledgement?(content: MessageContent): boolean;
  /** Answers that message on the platform. Errors as `send` (transient and throttled ones are retried). */
  acknowledgeInbound?(content: MessageContent, config: Config, ctx: SendContext): Promise<void>;
  /**
   * Shows the contact that an answer is being written (`capabilities.typing`), where the platform
   * has an API for it. The indicator fades by itself after a few seconds (Telegram 5 s, Discord
   * 10 s, WhatsApp 25 s, Messenger 20 s) or when a message is sent, so callers repeat the call while
   * the writing goes on (the inbox at most every 5 s per conversation). Resolves when the platform
   * accepted it, or at once without a call where the conversation has no indicator (a Twilio SMS
   * thread). Errors as `send`; callers never retry them: a late indicator is worse than none.
   */
  sendTyping?(req: TypingRequest, config: Config, ctx: SendContext): Promise<void>;
  /**
   * Tells the platform that the contact's messages up to `req.platformMessageId` were read
   * (`capabilities.readReceipts`: the contact sees blue ticks, "Seen"). Marking the same message
   * twice is harmless on every platform that has it. Errors as `send` (the `read-receipt` job
   * retries transient and throttled ones, logs rejected ones).
   */
  markRead?(req: ReadReceiptRequest, config: Config, ctx: SendContext): Promise<void>;
  /**
   * Starts downloading an inbound message's file from the platform (the media store calls it on the
   * first request for it: docs/media.md): every call through `ctx.http` (the SSRF guard applies to
   * media URLs taken from payloads too), at most `ctx.timeoutMs` for the whole download, the body
   * included; credentials sent only to the platform's own hosts, never to a URL a redirect names
   * elsewhere. Resolves once the file's answer has started; the caller reads, limits and checks the
   * bytes. Absent when the platform has no media API (the generic webhook channel).
   *
   * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` when `media` lacks what the platform needs (no
   *   URL in the payload); `OMNIFY_ERR_PLATFORM_REJECTED` when the platform refuses (the file expired,
   *   a revoked token), `_TRANSIENT` on network errors, timeouts and 5xx, `_RATE_LIMITED` on 429,
   *   with `details.platformCode` / `platformMessage` and secrets redacted, as `send`.
   */
  downloadMedia?(media: MediaRef, config: Config, ctx: SendContext): Promise<MediaDownload>;
  /**
   * Looks up the name of a sender whose events carry only an id (Slack's `users.info`), for the
   * job `sender-profile`, which runs outside any transaction after a message of a sender without a
   * name was stored. Resolves undefined when the platform does not know the sender (deleted user).
   * Absent when payloads carry names (or the platform has no lookup).
   *
   * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` (missing scope, revoked token), `_TRANSIENT`,
   *   `_RATE_LIMITED`, as `send`.
   */
  describeSender?(handle: string, config: Config, ctx: SendContext): Promise<SenderProfile | undefined>;
  /**
   * Whether a channel with `config` receives over a connection Omnify opens (IMAP, the Discord
   * Gateway) rather than, or as well as, by webhook. When true the host runs {@link receive}.
   */
  receives?(config: Config): boolean;
  /**
   * The receiving loop: connects, delivers each item through `ctx.deliver`, reconnects with backoff
   * after failures, and returns when `ctx.signal` aborts (never before, unless the config is
   * unusable: then it throws an `OmnifyError` the host records on the channel and logs).
   */
  receive?(config: Config, ctx: ReceiverContext): Promise<void>;
}
