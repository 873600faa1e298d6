import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { isoTime } from '../../kernel/db/orm.ts';
import { messages } from './inbox.schema.ts';

/** A stored message as the API shows it. Times are ISO 8601 UTC strings. */
export interface MessageView {
  id: string;
  conversationId: string;
  channelId: string;
  direction: 'inbound' | 'outbound';
  senderKind: 'contact' | 'user' | 'agent' | 'system';
  /** A private note: seen by the team only, never sent to the contact. */
  private: boolean;
  /** The signed-in user who wrote it (null for contacts, agents, API keys and the system). */
  senderUserId: string | null;
  contentType: string;
  text: string | null;
  content: unknown;
  platformMessageId: string | null;
  replyToMessageId: string | null;
  edited: boolean;
  status: string | null;
  error: { code: string; message: string | null } | null;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
  /** The message it quotes (a platform reply); null when it quotes none. See {@link ReplyPreview}. */
  replyTo: ReplyPreview | null;
  /** Its attachment, location or shared contacts; null for text and other content. */
  media: MediaView | null;
  /** The reactions it has now, one entry per emoji (most first); empty when none. */
  reactions: ReactionView[];
}

/** Most characters of the quoted message's text a {@link ReplyPreview} carries. */
export const REPLY_PREVIEW_CHARS = 200;

/**
 * The message a reply quotes, as the timeline shows it above the reply. `messageId` is null when
 * the quoted message is not stored (it predates the channel's connection, or was deleted): then the
 * other fields are null too. `text` holds at most {@link REPLY_PREVIEW_CHARS} characters (the
 * caption of a media message, null when it has none).
 */
export interface ReplyPreview {
  messageId: string | null;
  senderKind: MessageView['senderKind'] | null;
  contentType: string | null;
  text: string | null;
}

/**
 * What the timeline shows for a non-text message, read from its normalized `content`
 * (src/integrations/contract/message.ts): the content type (`image`, `audio`, `voice`, `video`,
 * `document`, `sticker`, `animation`, `location`, `contacts`), the media's caption, MIME type, file
 * name, size in bytes and duration in seconds when the platform gave them (null otherwise), and a
 * `title`: a location's name or address, or the shared contacts' names.
 */
export interface MediaView {
  type: string;
  caption: string | null;
  mimeType: string | null;
  fileName: string | null;
  size: number | null;
  durationSeconds: number | null;
  title: string | null;
}

/**
 * One emoji on a message: how many reactors have it now (each reactor's latest reaction counts,
 * a removed reaction none) and whether the contact is one of them.
 */
export interface ReactionView {
  emoji: string;
  count: number;
  fromContact: boolean;
}

/**
 * The columns of `messages` the API's views are made of: all but the platform's raw payload, the
 * search vector and the dedupe key, which no view shows and which made each timeline row several
 * times larger to read and parse.
 */
const {
  raw: _raw,
  searchVector: _searchVector,
  dedupeKey: _dedupeKey,
  ...viewColumns
} = getTableColumns(messages);

/**
 * The outer row's columns, qualified: Drizzle leaves a one-table select's columns unqualified, and
 * inside a subquery of `messages` an unqualified name means the subquery's own row.
 */
const outer = Object.fromEntries(
  Object.entries(viewColumns).map(([key, column]) => [key, sql`"messages".${sql.identifier(column.name)}`]),
) as Record<keyof typeof viewColumns, SQL>;

/**
 * The message a row quotes, for {@link ReplyPreview}: null when it quotes none; `[]` when the quoted
 * message is not stored; else `[id, senderKind, contentType, text]`. By `reply_to_message_id`, or by
 * platform id in the same channel when the quoted message was stored after the reply (the earliest
 * such message). Agent answers keep the inbound message they answer in `reply_to_message_id` (one
 * answer per message): bookkeeping, not a quote the contact sees, so they quote none. Each branch
 * is one index probe (`messages_pkey`, `messages_platform_id`), evaluated for the page's rows only:
 * PostgreSQL evaluates costly output columns after the ORDER BY … LIMIT.
 */
const quoted = sql<[string, MessageView['senderKind'], string, string | null] | [] | null>`CASE
  WHEN ${outer.senderKind} = 'agent' THEN NULL
  WHEN ${outer.replyToMessageId} IS NOT NULL THEN COALESCE((
    SELECT json_build_array(q.id, q.sender_kind, q.content_type, left(q.text, ${sql.raw(String(REPLY_PREVIEW_CHARS))}))
      FROM messages q
     WHERE q.workspace_id = ${outer.workspaceId} AND q.id = ${outer.replyToMessageId}), '[]'::json)
  WHEN ${outer.replyToPlatformMessageId} IS NOT NULL THEN COALESCE((
    SELECT json_build_array(q.id, q.sender_kind, q.content_type, left(q.text, ${sql.raw(String(REPLY_PREVIEW_CHARS))}))
      FROM messages q
     WHERE q.workspace_id = ${outer.workspaceId} AND q.channel_id = ${outer.channelId}
       AND q.platform_message_id = ${outer.replyToPlatformMessageId}
     ORDER BY q.created_at, q.id LIMIT 1), '[]'::json)
END`;

/**
 * A row's reactions as `[emoji, count, fromContact]` triples, most first (then the earliest), or
 * null when it has none. Reactions are `reaction` messages (src/integrations/contract/message.ts)
 * pointing at a message's platform id in its conversation; each reactor's latest one counts (`emoji`
 * empty: the reaction was removed). Reactors are told apart by direction, sender kind and user: the
 * contact's reactions are one reactor, as a conversation has one contact. Only messages the platform
 * knows (a platform id) have reactions; the lookup is one probe of the partial index
 * `messages_reaction_target` (migration 007), matched by the literal `content_type = 'reaction'`.
 */
const reactions = sql<Array<[string, number, boolean]> | null>`CASE
  WHEN ${outer.platformMessageId} IS NULL OR ${outer.contentType} = 'reaction' THEN NULL
  ELSE (
    SELECT json_agg(json_build_array(e.emoji, e.n, e.from_contact) ORDER BY e.n DESC, e.first, e.emoji)
      FROM (
        SELECT l.emoji, count(*)::int AS n, bool_or(l.sender_kind = 'contact') AS from_contact,
               min(l.created_at) AS first
          FROM (
            SELECT DISTINCT ON (r.direction, r.sender_kind, r.sender_user_id)
                   NULLIF(r.content->>'emoji', '') AS emoji, r.sender_kind, r.created_at
              FROM messages r
             WHERE r.content_type = 'reaction' AND r.workspace_id = ${outer.workspaceId}
               AND r.conversation_id = ${outer.conversationId}
               AND r.content->>'targetPlatformMessageId' = ${outer.platformMessageId}
             ORDER BY r.direction, r.sender_kind, r.sender_user_id, r.created_at DESC, r.id DESC
          ) l
         WHERE l.emoji IS NOT NULL
         GROUP BY l.emoji
      ) e)
END`;

/**
 * What a timeline query selects (`db.select(timelineColumns)`): the view's columns plus the quoted
 * message and the reactions, so a page is one statement. {@link toMessageView} maps its rows.
 */
export const timelineColumns = {
  ...viewColumns,
  createdAt: isoTime(viewColumns.createdAt),
  sentAt: isoTime(viewColumns.sentAt),
  updatedAt: isoTime(viewColumns.updatedAt),
  quoted,
  reactions,
};

/** The keys of {@link timelineColumns} in select-list order, for `selectRows` (src/kernel/db/orm.ts). */
export const TIMELINE_KEYS = Object.keys(timelineColumns);

/** A row selected with {@link timelineColumns}: times are ISO 8601 UTC text (milliseconds). */
export type TimelineRow = Omit<
  typeof messages.$inferSelect,
  'raw' | 'searchVector' | 'dedupeKey' | 'createdAt' | 'sentAt' | 'updatedAt'
> & {
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
  quoted: [string, MessageView['senderKind'], string, string | null] | [] | null;
  reactions: Array<[string, number, boolean]> | null;
};

/** Content types whose `content.media` is a media reference (`MediaRef`). */
const MEDIA_TYPES = new Set(['image', 'audio', 'voice', 'video', 'document', 'sticker', 'animation']);

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const asText = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const asCount = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;

/** The {@link MediaView} of a message's stored content; null for content that is no media. Never throws. */
export function mediaOf(contentType: string, content: unknown): MediaView | null {
  const c = asObject(content);
  if (MEDIA_TYPES.has(contentType)) {
    const m = asObject(c.media);
    const size = asCount(m.size);
    return {
      type: contentType,
      caption: asText(m.caption),
      mimeType: asText(m.mimeType),
      fileName: asText(m.fileName),
      size: size === null ? null : Math.round(size),
      durationSeconds: asCount(m.durationSeconds),
      title: null,
    };
  }
  const none = { caption: null, mimeType: null, fileName: null, size: null, durationSeconds: null };
  if (contentType === 'location') {
    return { type: contentType, ...none, title: asText(c.name) ?? asText(c.address) };
  }
  if (contentType === 'contacts') {
    const names = (Array.isArray(c.contacts) ? c.contacts : [])
      .map((x) => asText(asObject(x).name))
      .filter((n): n is string => n !== null);
    return { type: contentType, ...none, title: names.length > 0 ? names.join(', ') : null };
  }
  return null;
}

/** Maps a row selected with {@link timelineColumns} to its API view. */
export function toMessageView(r: TimelineRow): MessageView {
  const q = r.quoted;
  return {
    id: r.id,
    conversationId: r.conversationId,
    channelId: r.channelId,
    direction: r.direction,
    senderKind: r.senderKind,
    private: r.private,
    senderUserId: r.senderUserId,
    contentType: r.contentType,
    text: r.text,
    content: r.content,
    platformMessageId: r.platformMessageId,
    replyToMessageId: r.replyToMessageId,
    edited: r.edited,
    status: r.status,
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage } : null,
    attempts: r.attempts,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
    updatedAt: r.updatedAt,
    replyTo:
      q === null
        ? null
        : q.length === 0
          ? { messageId: null, senderKind: null, contentType: null, text: null }
          : { messageId: q[0], senderKind: q[1], contentType: q[2], text: q[3] },
    media: mediaOf(r.contentType, r.content),
    reactions: (r.reactions ?? []).map(([emoji, count, fromContact]) => ({ emoji, count, fromContact })),
  };
}
