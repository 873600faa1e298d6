import { and, asc, desc, eq, getTableColumns, gt, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import {
  DELIVERY_STATUS_RANK,
  type InboundMessage,
  type StatusUpdate,
} from '../../integrations/contract/message.ts';
import { isStorableDate } from '../../kernel/dates/platform-time.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, type Scope, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { conversationReads, messages } from './inbox.schema.ts';

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
type MessageRow = Omit<typeof messages.$inferSelect, 'raw' | 'searchVector' | 'dedupeKey'>;

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

/** Maps a `messages` row to its API view. */
export function toMessageView(r: MessageRow): MessageView {
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
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
    replyTo: null,
    media: mediaOf(r.contentType, r.content),
    reactions: [],
  };
}

/** One message of the workspace as the API shows it (quote and reactions included); null when absent. */
export async function findMessage(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<MessageView | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select(viewColumns)
    .from(messages)
    .where(s.where(messages, eq(messages.id, id)));
  return row ? ((await timelineViews(s, [row]))[0] ?? null) : null;
}

/**
 * Agent answers keep the inbound message they answer in `reply_to_message_id` (one answer per
 * message): bookkeeping, not a quote the contact sees, so they get no {@link ReplyPreview}.
 */
const quotes = (r: MessageRow) =>
  r.senderKind !== 'agent' && (r.replyToMessageId !== null || r.replyToPlatformMessageId !== null);

/**
 * The rows as API views with what the timeline shows around them, in two more queries over the
 * page's ids only (never the whole conversation): the messages they quote (by id, or by platform id
 * in the same channel when the quoted message was stored after the reply) and the reactions to
 * them. Reactions are `reaction` messages (src/integrations/contract/message.ts) pointing at a
 * message's platform id in its conversation; each reactor's latest one counts (`emoji` null: the
 * reaction was removed). Reactors are told apart by direction, sender kind and user: the contact's
 * reactions are one reactor, as a conversation has one contact.
 */
async function timelineViews(s: Scope, rows: MessageRow[]): Promise<MessageView[]> {
  const views = rows.map(toMessageView);
  if (rows.length === 0) return views;

  const quoting = rows.filter(quotes);
  const byId = [...new Set(quoting.flatMap((r) => (r.replyToMessageId ? [r.replyToMessageId] : [])))];
  const byPlatformId = new Map<string, Set<string>>();
  for (const r of quoting) {
    if (r.replyToMessageId || !r.replyToPlatformMessageId) continue;
    const set = byPlatformId.get(r.channelId) ?? new Set<string>();
    set.add(r.replyToPlatformMessageId);
    byPlatformId.set(r.channelId, set);
  }
  const quoted =
    byId.length === 0 && byPlatformId.size === 0
      ? []
      : await s.db
          .select({
            id: messages.id,
            channelId: messages.channelId,
            platformMessageId: messages.platformMessageId,
            senderKind: messages.senderKind,
            contentType: messages.contentType,
            text: sql<string | null>`left(${messages.text}, ${sql.raw(String(REPLY_PREVIEW_CHARS))})`,
          })
          .from(messages)
          .where(
            s.where(
              messages,
              or(
                byId.length > 0 ? inArray(messages.id, byId) : undefined,
                ...[...byPlatformId].map(([channelId, ids]) =>
                  and(eq(messages.channelId, channelId), inArray(messages.platformMessageId, [...ids])),
                ),
              ),
            ),
          );
  const quotedById = new Map(quoted.map((q) => [q.id, q]));
  const quotedByPlatformId = new Map(quoted.map((q) => [`${q.channelId} ${q.platformMessageId}`, q]));

  // Reactions: only to messages the platform knows (a platform id), per conversation.
  const targets = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!r.platformMessageId || r.contentType === 'reaction') continue;
    const set = targets.get(r.conversationId) ?? new Set<string>();
    set.add(r.platformMessageId);
    targets.set(r.conversationId, set);
  }
  const target = sql<string>`${messages.content}->>'targetPlatformMessageId'`;
  const latest =
    targets.size === 0
      ? []
      : await s.db
          .selectDistinctOn(
            [messages.conversationId, target, messages.direction, messages.senderKind, messages.senderUserId],
            {
              conversationId: messages.conversationId,
              target,
              emoji: sql<string | null>`NULLIF(${messages.content}->>'emoji', '')`,
              senderKind: messages.senderKind,
              createdAt: messages.createdAt,
            },
          )
          .from(messages)
          .where(
            s.where(
              messages,
              // A literal, not a parameter: the planner matches the partial index (migration 007) by it.
              sql`${messages.contentType} = 'reaction'`,
              or(
                ...[...targets].map(([conversationId, ids]) =>
                  and(eq(messages.conversationId, conversationId), inArray(target, [...ids])),
                ),
              ),
            ),
          )
          .orderBy(
            messages.conversationId,
            target,
            messages.direction,
            messages.senderKind,
            messages.senderUserId,
            desc(messages.createdAt),
            desc(messages.id),
          );
  const reactions = new Map<string, Map<string, ReactionView & { first: number }>>();
  for (const r of latest) {
    if (!r.emoji) continue;
    const key = `${r.conversationId} ${r.target}`;
    const perEmoji = reactions.get(key) ?? new Map<string, ReactionView & { first: number }>();
    const e = perEmoji.get(r.emoji) ?? { emoji: r.emoji, count: 0, fromContact: false, first: Infinity };
    e.count += 1;
    e.fromContact ||= r.senderKind === 'contact';
    e.first = Math.min(e.first, r.createdAt.getTime());
    perEmoji.set(r.emoji, e);
    reactions.set(key, perEmoji);
  }

  rows.forEach((r, i) => {
    const v = views[i]!;
    if (quotes(r)) {
      const q = r.replyToMessageId
        ? quotedById.get(r.replyToMessageId)
        : quotedByPlatformId.get(`${r.channelId} ${r.replyToPlatformMessageId}`);
      v.replyTo = q
        ? { messageId: q.id, senderKind: q.senderKind, contentType: q.contentType, text: q.text }
        : { messageId: null, senderKind: null, contentType: null, text: null };
    }
    const mine = r.platformMessageId && reactions.get(`${r.conversationId} ${r.platformMessageId}`);
    if (mine) {
      v.reactions = [...mine.values()]
        .sort((a, b) => b.count - a.count || a.first - b.first)
        .map(({ emoji, count, fromContact }) => ({ emoji, count, fromContact }));
    }
  });
  return views;
}

/**
 * How to page a conversation's messages. Either the plain listing, `order` (`desc`, default: from
 * the newest back; `asc`: from the first) with the `cursor` of the previous page, or a window around
 * one message of the conversation, oldest first: `before` (up to `limit` messages just before it),
 * `after` (just after it) or `around` (it, up to `(limit - 1) / 2` older ones and newer ones to fill
 * the page). Paging on from a window takes `before=<first id>` / `after=<last id>`, so the pages
 * meet without gaps or repeats.
 */
export interface MessagePageQuery {
  limit: number;
  order: 'asc' | 'desc';
  cursor?: string;
  before?: string;
  after?: string;
  around?: string;
}

/**
 * A page of the timeline: its messages, the plain listing's `nextCursor` (null in a window) and
 * whether older and newer messages exist beyond it.
 */
export interface MessagePage {
  data: MessageView[];
  nextCursor: string | null;
  hasOlder: boolean;
  hasNewer: boolean;
}

/**
 * One page of a conversation's messages (see {@link MessagePageQuery}; reaction messages are not
 * listed: they are counted on the messages they react to). Ordered by (created_at, id). A bad
 * `cursor`, or an anchor (`before`, `after`, `around`) that names no message of the conversation,
 * throws `OMNIFY_ERR_VALIDATION` naming the query parameter.
 */
export async function listMessages(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  page: MessagePageQuery,
): Promise<MessagePage> {
  const s = scoped(db, workspaceId);
  const visible = [eq(messages.conversationId, conversationId), ne(messages.contentType, 'reaction')];
  const anchorName = page.before ? 'before' : page.after ? 'after' : page.around ? 'around' : undefined;
  if (!anchorName) {
    const k = keyset({ sort: messages.createdAt, id: messages.id, ...page });
    const rows = await s.db
      .select({ ...viewColumns, pageAt: k.pageAt })
      .from(messages)
      .where(s.where(messages, ...visible, k.after))
      .orderBy(...k.orderBy)
      .limit(k.limit);
    const { data, nextCursor } = k.page(rows, (r) => r);
    const more = nextCursor !== null;
    const earlier = page.cursor !== undefined;
    return {
      data: await timelineViews(s, data),
      nextCursor,
      hasOlder: page.order === 'asc' ? earlier : more,
      hasNewer: page.order === 'asc' ? more : earlier,
    };
  }

  const anchorId = page[anchorName]!;
  const [anchor] = isUuid(anchorId)
    ? await s.db
        .select({ at: sql<string>`${messages.createdAt}::text`, id: messages.id })
        .from(messages)
        .where(s.where(messages, eq(messages.conversationId, conversationId), eq(messages.id, anchorId)))
    : [];
  if (!anchor) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'No message of this conversation has this id.', {
      fields: [
        { path: `/querystring/${anchorName}`, message: 'no message of this conversation has this id' },
      ],
    });
  }
  const position = sql`(${messages.createdAt}, ${messages.id})`;
  const at = sql`(${anchor.at}::timestamptz, ${anchor.id}::uuid)`;
  // One row more than wanted on each side tells whether more messages lie beyond.
  const older = (n: number, cmp: SQL) =>
    s.db
      .select(viewColumns)
      .from(messages)
      .where(s.where(messages, ...visible, cmp))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(n + 1);
  const newer = (n: number, cmp: SQL) =>
    s.db
      .select(viewColumns)
      .from(messages)
      .where(s.where(messages, ...visible, cmp))
      .orderBy(asc(messages.createdAt), asc(messages.id))
      .limit(n + 1);

  const olderWanted =
    anchorName === 'before' ? page.limit : anchorName === 'around' ? (page.limit - 1) >> 1 : 0;
  const newerWanted = page.limit - olderWanted;
  const olderRows = anchorName === 'after' ? [] : await older(olderWanted, sql`${position} < ${at}`);
  const newerRows =
    anchorName === 'before'
      ? []
      : await newer(
          newerWanted,
          anchorName === 'around' ? sql`${position} >= ${at}` : sql`${position} > ${at}`,
        );
  const rows = [...olderRows.slice(0, olderWanted).reverse(), ...newerRows.slice(0, newerWanted)];
  return {
    data: await timelineViews(s, rows),
    nextCursor: null,
    // Beyond the anchor on the side a page does not read, the anchor itself (or what precedes it) is there.
    hasOlder: anchorName === 'after' ? true : olderRows.length > olderWanted,
    hasNewer: anchorName === 'before' ? true : newerRows.length > newerWanted,
  };
}

/**
 * The first message `userId` has not read in the conversation: its first inbound message (not a
 * reaction) after the user's read mark (`conversation_reads.last_read_at`; the first inbound message
 * when they never read it). Null when `unreadCount` (the conversation's count for that user) is 0 or
 * there is no user (API keys). Reads only from the read mark on (the conversation's index).
 */
export async function firstUnreadMessageId(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  userId: string | null | undefined,
  unreadCount: number,
): Promise<string | null> {
  if (!userId || unreadCount <= 0) return null;
  const s = scoped(db, workspaceId);
  const [read] = await s.db
    .select({ at: sql<string>`${conversationReads.lastReadAt}::text` })
    .from(conversationReads)
    .where(
      s.where(
        conversationReads,
        eq(conversationReads.conversationId, conversationId),
        eq(conversationReads.userId, userId),
      ),
    );
  const [first] = await s.db
    .select({ id: messages.id })
    .from(messages)
    .where(
      s.where(
        messages,
        eq(messages.conversationId, conversationId),
        eq(messages.direction, 'inbound'),
        ne(messages.contentType, 'reaction'),
        read ? gt(messages.createdAt, sql`${read.at}::timestamptz`) : undefined,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(1);
  return first?.id ?? null;
}

/**
 * The tail of a statement that inserts one message as CTE `m` (returning `id, conversation_id`):
 * the same statement adds it to its conversation's counts (migration 004), with `set` (more
 * `SET` items) for what else the message changes, so the conversation is written once and makes
 * one `conversation.updated` event. Selects the new message's `id` (no row when none was inserted).
 */
function countedIn(inbound: boolean, set = ''): string {
  return `, c AS (
  UPDATE conversations SET message_count = conversations.message_count + 1${
    inbound ? ', inbound_count = conversations.inbound_count + 1' : ''
  }${set}
    FROM m WHERE conversations.id = m.conversation_id)
SELECT m.id FROM m`;
}

/** What an inbound message does to its conversation: activity now, reopened if resolved or snoozed. */
const INBOUND_SET = `, last_message_at = now(),
    status = CASE WHEN conversations.status IN ('resolved', 'snoozed') THEN 'open' ELSE conversations.status END,
    snoozed_until = NULL`;

/**
 * Stores an inbound message once per `(channel, dedupeKey)` and, in the same statement, counts it
 * in its conversation, bumps the conversation's activity and reopens it if resolved or snoozed.
 * `created_at` is when we received it (conversation order); `sent_at` keeps the platform's own
 * timestamp (the receipt time when it is not storable), `error` the message's `issue` if any.
 * Returns the new id, or null when the platform had already delivered it (nothing changed then).
 */
export async function insertInbound(
  tx: Queryable,
  ids: { workspaceId: string; conversationId: string; channelId: string },
  m: InboundMessage,
): Promise<string | null> {
  const r = await tx.query<{ id: string }>(
    `WITH m AS (
     INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text,
       content, raw, platform_message_id, dedupe_key, reply_to_platform_message_id, reply_to_message_id, edited, sent_at,
       error_code, error_message)
     VALUES ($1, $2, $3, 'inbound', 'contact', $4, $5, $6, $7, $8, $9, $10,
       CASE WHEN $10::text IS NULL THEN NULL
         ELSE (SELECT id FROM messages WHERE channel_id = $3 AND platform_message_id = $10::text LIMIT 1) END, $11,
       COALESCE($12::timestamptz, now()), $13, $14)
     ON CONFLICT (channel_id, dedupe_key) WHERE direction = 'inbound' DO NOTHING RETURNING id, conversation_id
    )${countedIn(true, INBOUND_SET)}`,
    [
      ids.workspaceId,
      ids.conversationId,
      ids.channelId,
      m.content.type,
      m.text,
      JSON.stringify(m.content),
      JSON.stringify(m.raw ?? null),
      m.platformMessageId,
      m.dedupeKey,
      m.replyToPlatformMessageId ?? null,
      m.edited ?? false,
      isStorableDate(m.sentAt) ? m.sentAt.toISOString() : null,
      m.issue?.code ?? null,
      m.issue?.message ?? null,
    ],
  );
  return r.rows[0]?.id ?? null;
}

/**
 * Stores a person's reply (sender `user`) as an outbound text message in state `queued` and, in the
 * same statement, counts it in its conversation, bumps the conversation's activity and, when the
 * conversation's handoff is `agent`, makes it `human` (the agent falls silent). Returns the new id.
 */
export async function insertReply(
  tx: Queryable,
  o: {
    workspaceId: string;
    conversationId: string;
    channelId: string;
    text: string;
    senderUserId: string | null;
  },
): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `WITH m AS (
     INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text,
       content, status, sender_user_id)
     VALUES ($1, $2, $3, 'outbound', 'user', 'text', $4, $5, 'queued', $6) RETURNING id, conversation_id
    )${countedIn(
      false,
      `, last_message_at = now(),
    handoff = CASE WHEN conversations.handoff = 'agent' THEN 'human' ELSE conversations.handoff END`,
    )}`,
    [
      o.workspaceId,
      o.conversationId,
      o.channelId,
      o.text,
      JSON.stringify({ type: 'text', text: o.text }),
      o.senderUserId,
    ],
  );
  return r.rows[0]!.id;
}

/**
 * Stores a private note of the team in a conversation (`private`, from a user, no delivery status,
 * so nothing ever sends it: the table's CHECK refuses a status or platform id on it) and counts it in
 * its conversation in the same statement. Returns the note's id.
 */
export async function insertNote(
  tx: Queryable,
  o: {
    workspaceId: string;
    conversationId: string;
    channelId: string;
    text: string;
    senderUserId: string | null;
  },
): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `WITH m AS (
     INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, private, content_type,
       text, content, sender_user_id)
     VALUES ($1, $2, $3, 'outbound', 'user', true, 'text', $4, $5, $6) RETURNING id, conversation_id
    )${countedIn(false)}`,
    [
      o.workspaceId,
      o.conversationId,
      o.channelId,
      o.text,
      JSON.stringify({ type: 'text', text: o.text }),
      o.senderUserId,
    ],
  );
  return r.rows[0]!.id;
}

/**
 * Applies a platform delivery status to the outbound message with that platform id. Statuses only
 * move forward (queued → sent → delivered → read); `failed` records the platform's error.
 * Returns true when a message changed.
 */
export async function applyStatus(tx: Queryable, channelId: string, s: StatusUpdate): Promise<boolean> {
  const lower = Object.entries(DELIVERY_STATUS_RANK)
    .filter(([, rank]) => rank < DELIVERY_STATUS_RANK[s.status])
    .map(([name]) => name);
  const r = await tx.query(
    `UPDATE messages SET status = $3, error_code = COALESCE($4, error_code), error_message = COALESCE($5, error_message),
       updated_at = now()
     WHERE channel_id = $1 AND direction = 'outbound' AND platform_message_id = $2
       AND (status IS NULL OR status = ANY($6::text[]))`,
    [channelId, s.platformMessageId, s.status, s.error?.code ?? null, s.error?.message ?? null, lower],
  );
  return r.rowCount > 0;
}
