import { asc, desc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, preparedSelect, scoped, selectRows } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { readCursor } from '../../kernel/http-server/schemas.ts';
import { conversationReads, messages } from './inbox.schema.ts';
import {
  type MessageView,
  TIMELINE_KEYS,
  type TimelineRow,
  timelineColumns,
  toMessageView,
} from './message-view.ts';

/** The keys of a plain page's select: the timeline's and the keyset's `pageAt`. */
const PAGE_KEYS = [...TIMELINE_KEYS, 'pageAt'];

/**
 * A plain page's statement, built once (src/kernel/db/orm.ts, `preparedSelect`) for `order` and
 * whether a cursor (placeholders `cursorAt`, `cursorId`) continues it: the keyset of
 * src/kernel/db/orm.ts (`keyset`) on (created_at, id), walking `messages_conversation_recent`.
 */
function pageStatement(order: 'asc' | 'desc', withCursor: boolean) {
  const dir = order === 'asc' ? asc : desc;
  const after = withCursor
    ? sql`(${messages.createdAt}, ${messages.id}) ${sql.raw(order === 'asc' ? '>' : '<')} (${sql.placeholder('cursorAt')}::timestamptz, ${sql.placeholder('cursorId')}::uuid)`
    : undefined;
  return preparedSelect<TimelineRow & { pageAt: string }>(
    (s, limit) =>
      s.db
        .select({ ...timelineColumns, pageAt: sql<string>`${messages.createdAt}::text` })
        .from(messages)
        .where(
          s.where(
            messages,
            eq(messages.conversationId, sql.placeholder('conversationId')),
            notReaction,
            after,
          ),
        )
        .orderBy(dir(messages.createdAt), dir(messages.id))
        .limit(limit),
    PAGE_KEYS,
    'parameter',
    { workspaceId: 'uuid', conversationId: 'uuid', cursorAt: 'timestamptz', cursorId: 'uuid', limit: 'int' },
  );
}

const PAGES = {
  desc: pageStatement('desc', false),
  'desc+cursor': pageStatement('desc', true),
  asc: pageStatement('asc', false),
  'asc+cursor': pageStatement('asc', true),
};

/*
 * The timeline's reads: one message, a page of a conversation, the first unread message. Each page
 * is one statement (quotes and reactions included, src/modules/inbox/message-view.ts).
 */

/** One message of the workspace as the API shows it (quote and reactions included); null when absent. */
export async function findMessage(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<MessageView | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await selectRows<TimelineRow>(
    db,
    s.db
      .select(timelineColumns)
      .from(messages)
      .where(s.where(messages, eq(messages.id, id))),
    TIMELINE_KEYS,
  );
  return row ? toMessageView(row) : null;
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
 * Not a reaction, as a literal rather than a parameter: PostgreSQL reuses a generic plan of a
 * prepared statement after five runs, and with `content_type <> $n` it estimates a conversation's
 * page at one row and sorts the whole conversation (950 ms on a 100,000-message one); with the
 * literal it walks `messages_conversation_recent` in order (0.1 ms).
 */
const notReaction = sql`${messages.contentType} <> 'reaction'`;

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
  const visible = [eq(messages.conversationId, conversationId), notReaction];
  const anchorName = page.before ? 'before' : page.after ? 'after' : page.around ? 'around' : undefined;
  if (!anchorName) {
    // keyset() validates the cursor (a forged one is a 400) and pages the rows; the statement is
    // one of four built once (order × cursor).
    const k = keyset({ sort: messages.createdAt, id: messages.id, ...page });
    const cursor = readCursor(page.cursor);
    const rows = await PAGES[`${page.order}${cursor ? '+cursor' : ''}`](db, workspaceId, k.limit, {
      conversationId,
      ...(cursor ? { cursorAt: cursor.at, cursorId: cursor.id } : {}),
    });
    const { data, nextCursor } = k.page(rows, (r) => r);
    const more = nextCursor !== null;
    const earlier = page.cursor !== undefined;
    return {
      data: data.map(toMessageView),
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
  const side = (n: number, cmp: SQL, dir: typeof asc) =>
    selectRows<TimelineRow>(
      db,
      s.db
        .select(timelineColumns)
        .from(messages)
        .where(s.where(messages, ...visible, cmp))
        .orderBy(dir(messages.createdAt), dir(messages.id))
        .limit(n + 1),
      TIMELINE_KEYS,
    );
  const older = (n: number, cmp: SQL) => side(n, cmp, desc);
  const newer = (n: number, cmp: SQL) => side(n, cmp, asc);

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
    data: rows.map(toMessageView),
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
        notReaction,
        read ? gt(messages.createdAt, sql`${read.at}::timestamptz`) : undefined,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(1);
  return first?.id ?? null;
}
