import { eq, getTableName, isNull, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, type Scope, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { channelPlatformSql } from '../channels/channels.service.ts';
import { contactNameSql } from '../contacts/contacts.service.ts';
import {
  type ConversationStatus,
  conversationReads,
  conversations,
  type Handoff,
  messages,
} from './inbox.schema.ts';

/** A conversation as the API shows it, with its contact and last message preview. Times ISO 8601 UTC. */
export interface ConversationView {
  id: string;
  channelId: string;
  platform: string;
  status: ConversationStatus;
  /** When a snoozed conversation reopens; null unless `status` is `snoozed`. */
  snoozedUntil: string | null;
  assignee: { userId: string } | null;
  handoff: Handoff;
  /** Inbound messages the viewing user has not read; 0 when no user views (API keys). */
  unreadCount: number;
  threadKey: string;
  contact: { id: string; name: string | null };
  lastMessageAt: string;
  lastMessage: {
    direction: string;
    senderKind: string;
    private: boolean;
    text: string | null;
    contentType: string;
  } | null;
  /** All messages, notes and drafts included (the `message_count` counter column). */
  messageCount: number;
  createdAt: string;
}

/** Who looks: their unread counts and `assignee: 'me'`; null for an API key (no user). */
export type Viewer = string | null;

export interface ConversationFilter {
  workspaceId: string;
  viewer: Viewer;
  channelId?: string;
  status?: ConversationStatus;
  contactId?: string;
  /** `me` (needs a viewer), `unassigned`, or a user id. */
  assignee?: string;
  handoff?: Handoff;
  /** Only conversations with unread inbound messages for the viewer (needs a viewer). */
  unread?: boolean;
  /** The `cursor` query parameter (the `nextCursor` of the previous page). */
  cursor?: string;
  limit: number;
}

type LastMessage = ConversationView['lastMessage'];

/**
 * `conversations.<column>` spelled with its table, as SQL text for the owners' spliced subqueries
 * and as a Drizzle fragment. Drizzle leaves the columns of a one-table select list unqualified, and
 * inside a subquery of messages a bare `id` would be the message's.
 */
const qualified = (column: { name: string }) => `"${getTableName(conversations)}"."${column.name}"`;
const conversationId = sql.raw(qualified(conversations.id));
const conversationWorkspace = sql.raw(qualified(conversations.workspaceId));

/** The viewer's unread inbound messages of the conversation: one primary-key probe, no counting. */
function unread(viewer: Viewer): SQL<number> {
  if (!viewer) return sql<number>`0`;
  return sql<number>`GREATEST(${conversations}.${sql.identifier(conversations.inboundCount.name)} - COALESCE(
      (SELECT r.read_inbound_count FROM ${conversationReads} r
        WHERE r.conversation_id = ${conversationId} AND r.user_id = ${viewer}), 0), 0)::int`;
}

/**
 * The columns of a {@link ConversationView}, all in the page's one statement: the inbox's own, the
 * last message (one probe of `messages_conversation_recent` per row), the viewer's unread count
 * (one primary-key probe), and the channel's platform and the contact's name through the subqueries
 * their modules provide (`channelPlatformSql`, `contactNameSql`: one primary-key probe each, the
 * other tables never named here). `pageAt` is the keyset cursor value.
 */
function selection(pageAt: SQL<string>, viewer: Viewer) {
  return {
    id: conversations.id,
    channelId: conversations.channelId,
    status: conversations.status,
    snoozedUntil: conversations.snoozedUntil,
    assigneeUserId: conversations.assigneeUserId,
    handoff: conversations.handoff,
    threadKey: conversations.threadKey,
    contactId: conversations.contactId,
    lastMessageAt: conversations.lastMessageAt,
    createdAt: conversations.createdAt,
    messageCount: conversations.messageCount,
    unreadCount: unread(viewer),
    pageAt,
    lastMessage: sql<LastMessage>`(SELECT json_build_object('direction', m.direction, 'senderKind', m.sender_kind,
        'private', m.private, 'text', m.text, 'contentType', m.content_type)
      FROM ${messages} m WHERE m.conversation_id = ${conversationId} AND m.workspace_id = ${conversationWorkspace}
      ORDER BY m.created_at DESC, m.id DESC LIMIT 1)`,
    platform: sql<string | null>`${sql.raw(
      channelPlatformSql({
        id: qualified(conversations.channelId),
        workspace: qualified(conversations.workspaceId),
      }),
    )}`,
    contactName: sql<string | null>`${sql.raw(
      contactNameSql({
        id: qualified(conversations.contactId),
        workspace: qualified(conversations.workspaceId),
      }),
    )}`,
  };
}

/** The workspace's conversations matching `conditions`. */
function select(s: Scope, pageAt: SQL<string>, viewer: Viewer, ...conditions: Array<SQL | undefined>) {
  return s.db
    .select(selection(pageAt, viewer))
    .from(conversations)
    .where(s.where(conversations, ...conditions));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

/** The keys of {@link selection}, in select-list order (they do not depend on its arguments). */
const SELECTED = Object.keys(selection(sql<string>`NULL`, null)) as Array<keyof Row>;

/**
 * Runs a select of {@link selection} and zips each row with its keys. Drizzle's own row mapping
 * looks up every field's decoder on every row (about 0.2 ms of a page of 50); this selection needs
 * none: both drivers already give its values their types (timestamptz → `Date`, integer →
 * number, json → parsed, see src/kernel/db/orm.ts).
 */
async function run(db: Queryable, query: { toSQL(): { sql: string; params: unknown[] } }): Promise<Row[]> {
  const { sql: text, params } = query.toSQL();
  const { rows } = await db.query<unknown[]>(text, params, { rowMode: 'array' });
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < SELECTED.length; i++) row[SELECTED[i]!] = values[i];
    return row as Row;
  });
}

/**
 * The rows as views. The statement read each row with its channel and contact in one snapshot, and
 * the database deletes a conversation with either (`ON DELETE CASCADE`), so both are there; a row
 * without a channel platform is left out all the same (it cannot happen, but never shows a
 * half-empty row).
 */
function toViews(rows: Row[]): ConversationView[] {
  const views: ConversationView[] = [];
  for (const r of rows) {
    if (r.platform === null) continue;
    views.push({
      id: r.id,
      channelId: r.channelId,
      platform: r.platform,
      status: r.status,
      snoozedUntil: r.status === 'snoozed' && r.snoozedUntil ? r.snoozedUntil.toISOString() : null,
      assignee: r.assigneeUserId ? { userId: r.assigneeUserId } : null,
      handoff: r.handoff,
      unreadCount: r.unreadCount,
      threadKey: r.threadKey,
      contact: { id: r.contactId, name: r.contactName },
      lastMessageAt: r.lastMessageAt.toISOString(),
      lastMessage: r.lastMessage,
      messageCount: r.messageCount,
      createdAt: r.createdAt.toISOString(),
    });
  }
  return views;
}

/**
 * The condition of an `assignee` filter: `me` (the viewer; callers refuse it without one),
 * `unassigned`, or a user id. `false` when it can match nothing (a malformed id).
 */
function assigneeCondition(assignee: string | undefined, viewer: Viewer): SQL | undefined | false {
  if (assignee === undefined) return undefined;
  if (assignee === 'unassigned') return isNull(conversations.assigneeUserId);
  const id = assignee === 'me' ? viewer : assignee;
  return id && isUuid(id) ? eq(conversations.assigneeUserId, id) : false;
}

/**
 * One page of the workspace's conversations, newest activity first (keyset on last_message_at,
 * id; a bad `cursor` throws `OMNIFY_ERR_VALIDATION`). The filters are the inbox's own columns
 * (channel and contact ids, status, assignee, handoff) and the viewer's unread count; one
 * statement per page (see {@link selection}). `assignee: 'me'` and `unread` match nothing without
 * a viewer.
 */
export async function listConversations(
  db: Queryable,
  f: ConversationFilter,
): Promise<{ data: ConversationView[]; nextCursor: string | null }> {
  const empty = { data: [], nextCursor: null };
  const k = keyset({
    sort: conversations.lastMessageAt,
    id: conversations.id,
    limit: f.limit,
    cursor: f.cursor,
  });
  if (f.channelId && !isUuid(f.channelId)) return empty;
  if (f.contactId && !isUuid(f.contactId)) return empty;
  const assignee = assigneeCondition(f.assignee, f.viewer);
  if (assignee === false || (f.unread && !f.viewer)) return empty;
  const s = scoped(db, f.workspaceId);
  const rows = await run(
    db,
    select(
      s,
      k.pageAt,
      f.viewer,
      f.channelId ? eq(conversations.channelId, f.channelId) : undefined,
      f.contactId ? eq(conversations.contactId, f.contactId) : undefined,
      f.status ? eq(conversations.status, f.status) : undefined,
      assignee,
      f.handoff ? eq(conversations.handoff, f.handoff) : undefined,
      f.unread ? sql`${unread(f.viewer)} > 0` : undefined,
      k.after,
    )
      .orderBy(...k.orderBy)
      .limit(k.limit),
  );
  const page = k.page(rows, (r) => r);
  return { data: toViews(page.data), nextCursor: page.nextCursor };
}

/**
 * The tab counts of the workspace's conversations in `status` (all statuses when absent) and
 * channel: assigned to the viewer (0 without one), unassigned, all. One query.
 */
export async function countConversations(
  db: Queryable,
  f: { workspaceId: string; viewer: Viewer; status?: ConversationStatus; channelId?: string },
): Promise<{ mine: number; unassigned: number; all: number }> {
  if (f.channelId && !isUuid(f.channelId)) return { mine: 0, unassigned: 0, all: 0 };
  const s = scoped(db, f.workspaceId);
  const [row] = await s.db
    .select({
      mine: f.viewer
        ? sql<number>`(count(*) FILTER (WHERE ${conversations.assigneeUserId} = ${f.viewer}))::int`
        : sql<number>`0`,
      unassigned: sql<number>`(count(*) FILTER (WHERE ${conversations.assigneeUserId} IS NULL))::int`,
      all: sql<number>`count(*)::int`,
    })
    .from(conversations)
    .where(
      s.where(
        conversations,
        f.status ? eq(conversations.status, f.status) : undefined,
        f.channelId ? eq(conversations.channelId, f.channelId) : undefined,
      ),
    );
  return row ?? { mine: 0, unassigned: 0, all: 0 };
}

/** One conversation of the workspace as `viewer` sees it; null when absent. */
export async function findConversation(
  db: Queryable,
  id: string,
  workspaceId: string,
  viewer: Viewer = null,
): Promise<ConversationView | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const rows = await run(
    db,
    select(s, sql<string>`${conversations.lastMessageAt}::text`, viewer, eq(conversations.id, id)),
  );
  const [view] = toViews(rows);
  return view ?? null;
}

/**
 * The few columns routes need to act on a conversation (one index probe, no counting, no other
 * module asked); null when the workspace has no conversation with this id.
 */
export async function conversationRef(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<{ id: string; channelId: string; handoff: Handoff } | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({ id: conversations.id, channelId: conversations.channelId, handoff: conversations.handoff })
    .from(conversations)
    .where(s.where(conversations, eq(conversations.id, id)));
  return row ?? null;
}
