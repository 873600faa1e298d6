import { timeFromUnixSeconds } from '../../kernel/dates/platform-time.ts';
import { isJsonObject, type JsonObject } from '../../kernel/http-client/json-field.ts';
import type { InboundMessage, InboundSender, MediaRef, MessageContent } from '../contract/message.ts';
import { slackThreadKey } from './slack.thread.ts';

/**
 * Slack message events (the subset Omnify reads) turned into the normalized model. Source: Slack
 * Events API, `message` and its subtypes (docs.slack.dev/reference/events/message), `app_mention`,
 * and the file object (docs.slack.dev/reference/objects/file-object). A Slack `ts` is unique per
 * channel only, so Omnify's message ids are `"{channel}:{ts}"`.
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Drops undefined properties so normalized objects compare and serialize cleanly. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Where a message was posted: its channel and `channel_type` (`channel`, `group`, `im`, `mpim`). */
export interface SlackPlace {
  channel: string;
  channelType?: string;
}

/** How one message is keyed: edits and extra files get their own dedupe keys. */
interface Keying {
  /** The dedupe key of the message's first event (extra files append `:file:<id>`). */
  dedupeKey: string;
  edited: boolean;
  /** Overrides the message's own time (an edit's time). */
  at?: unknown;
}

/** True when the message was posted by an app or bot, or by one of our own bot users. */
export function isFromBot(m: JsonObject, botUsers: ReadonlySet<string>): boolean {
  if (str(m.bot_id) || m.subtype === 'bot_message' || isJsonObject(m.bot_profile)) return true;
  const user = str(m.user);
  return user !== undefined && botUsers.has(user);
}

/** The author: `user` (a `U…`/`W…` id), with names when the payload carries a `user_profile`. */
function senderOf(m: JsonObject): InboundSender {
  const profile = isJsonObject(m.user_profile) ? m.user_profile : {};
  return compact({
    handle: str(m.user) ?? 'slack',
    displayName: str(profile.display_name) ?? str(profile.real_name),
    username: str(profile.name),
  });
}

function mediaType(f: JsonObject): 'image' | 'video' | 'audio' | 'voice' | 'document' {
  const mime = str(f.mimetype) ?? '';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return f.subtype === 'slack_audio' ? 'voice' : 'audio';
  return 'document';
}

/** A file reference (downloaded on demand from `url_private_download` with the bot token: slack.media.ts). */
function mediaRef(f: JsonObject & { id: string }, caption: string | undefined): MediaRef {
  const ms = num(f.duration_ms);
  return compact({
    id: f.id,
    url: str(f.url_private_download) ?? str(f.url_private),
    mimeType: str(f.mimetype),
    fileName: str(f.name) ?? str(f.title),
    size: num(f.size),
    width: num(f.original_w),
    height: num(f.original_h),
    durationSeconds: ms === undefined ? undefined : ms / 1000,
    caption,
  });
}

const isFile = (v: unknown): v is JsonObject & { id: string } => isJsonObject(v) && str(v.id) !== undefined;

/**
 * Normalizes one posted (or edited) message into one event, or one event per shared file: the first
 * carries the message's own dedupe key, every further file `"{key}:file:{file id}"` (same
 * `platformMessageId`). Text is the message `text` as Slack sends it (mrkdwn, `<@U…>` mentions kept).
 * A thread reply links to its parent (`replyToPlatformMessageId = "{channel}:{thread_ts}"`).
 * The caller has checked that `m.ts` is a string.
 */
export function normalizeSlackMessage(
  m: JsonObject & { ts: string },
  place: SlackPlace,
  keying: Keying,
  now: Date,
): InboundMessage[] {
  const { channel, channelType } = place;
  const id = `${channel}:${m.ts}`;
  const threadTs = str(m.thread_ts);
  const sent = timeFromUnixSeconds(keying.at ?? m.ts, now);
  const text = typeof m.text === 'string' ? m.text : undefined;
  const base = compact<Omit<InboundMessage, 'content' | 'text' | 'dedupeKey'>>({
    kind: 'message',
    platformMessageId: id,
    sender: senderOf(m),
    threadKey: slackThreadKey(channel, channelType, m.ts, threadTs),
    sentAt: sent.at,
    replyToPlatformMessageId: threadTs && threadTs !== m.ts ? `${channel}:${threadTs}` : undefined,
    edited: keying.edited || undefined,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: m,
  });
  const files = Array.isArray(m.files) ? m.files.filter(isFile) : [];
  if (files.length === 0) {
    if (text === undefined) {
      const content: MessageContent = {
        type: 'unsupported',
        platformType: 'message',
        reason: 'the message has neither text nor files',
      };
      return [{ ...base, dedupeKey: keying.dedupeKey, content, text: null }];
    }
    return [{ ...base, dedupeKey: keying.dedupeKey, content: { type: 'text', text }, text }];
  }
  const caption = text || undefined;
  return files.map((f, i) => {
    const type = mediaType(f);
    const name = str(f.name) ?? str(f.title);
    return {
      ...base,
      dedupeKey: i === 0 ? keying.dedupeKey : `${keying.dedupeKey}:file:${f.id}`,
      content: { type, media: mediaRef(f, caption) },
      text: caption ?? (name ? `[file: ${name}]` : '[file]'),
    };
  });
}

/**
 * A `message_deleted` event: the message model has no deletions, so it is kept as `unsupported`
 * (platform type `message_deleted`, the reason names the deleted message) under
 * `"{channel}:{deleted_ts}:deleted"`, in the deleted message's conversation; the original message
 * stays as it was stored. The agent never answers it.
 */
export function normalizeSlackDeletion(
  e: JsonObject,
  place: SlackPlace,
  deletedTs: string,
  now: Date,
): InboundMessage {
  const prev = isJsonObject(e.previous_message) ? e.previous_message : {};
  const sent = timeFromUnixSeconds(e.event_ts ?? e.ts, now);
  const id = `${place.channel}:${deletedTs}`;
  return compact<InboundMessage>({
    kind: 'message',
    platformMessageId: id,
    dedupeKey: `${id}:deleted`,
    sender: senderOf(prev),
    threadKey: slackThreadKey(place.channel, place.channelType, deletedTs, str(prev.thread_ts)),
    sentAt: sent.at,
    content: {
      type: 'unsupported',
      platformType: 'message_deleted',
      reason: `Slack message ${id} was deleted; Omnify keeps what was stored (no deletions in the message model)`,
    },
    text: null,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: e,
  });
}

/**
 * Any event Omnify does not model, or a message event it cannot read: one `unsupported` message
 * keyed `key` (normally `"event:{event_id}"`), in the event's channel (`channel`, `item.channel`,
 * else the placeholder thread `slack`), sender `user` (else `slack`), `raw` the event.
 */
export function normalizeOtherSlackEvent(
  e: JsonObject,
  key: string,
  platformType: string,
  now: Date,
  reason?: string,
): InboundMessage {
  const item = isJsonObject(e.item) ? e.item : {};
  const channel = str(e.channel) ?? str(item.channel);
  const sent = timeFromUnixSeconds(str(e.event_ts) ?? str(e.ts), now);
  return compact<InboundMessage>({
    kind: 'message',
    platformMessageId: key,
    dedupeKey: key,
    sender: senderOf(e),
    threadKey: channel ?? 'slack',
    sentAt: sent.at,
    content: reason ? { type: 'unsupported', platformType, reason } : { type: 'unsupported', platformType },
    text: null,
    issue: sent.issue ? { code: 'timestamp_invalid', message: sent.issue } : undefined,
    raw: e,
  });
}
