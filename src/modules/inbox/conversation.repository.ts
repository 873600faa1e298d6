import { desc, eq, getTableName, isNull, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { isoTime, keyset, preparedSelect, type Scope, scoped, selectRows } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { readCursor } from '../../kernel/http-server/schemas.ts';
import { channelPlatforms } from '../channels/channels.service.ts';
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
 * The columns of a {@link ConversationView} but the channel's platform, in the page's one
 * statement: the inbox's own, the last message (one probe of `messages_conversation_recent` per
 * row), the viewer's unread count (one primary-key probe), and the contact's name through the
 * subquery its module provides (`contactNameSql`: one primary-key probe, the contacts table never
 * named here). `pageAt` is the keyset cursor value. The platform comes from the channels module's
 * process-wide map (`channelPlatforms`): a probe of `channels` per row was a sixth of the
 * statement's time.
 */
function selection(pageAt: SQL<string>, viewer: Viewer) {
  return {
    id: conversations.id,
    channelId: conversations.channelId,
    status: conversations.status,
    snoozedUntil: isoTime(conversations.snoozedUntil) as SQL<string | null>,
    assigneeUserId: conversations.assigneeUserId,
    handoff: conversations.handoff,
    threadKey: conversations.threadKey,
    contactId: conversations.contactId,
    lastMessageAt: isoTime(conversations.lastMessageAt),
    createdAt: isoTime(conversations.createdAt),
    messageCount: conversations.messageCount,
    unreadCount: unread(viewer),
    pageAt,
    lastMessage: sql<LastMessage>`(SELECT json_build_object('direction', m.direction, 'senderKind', m.sender_kind,
        'private', m.private, 'text', m.text, 'contentType', m.content_type)
      FROM ${messages} m WHERE m.conversation_id = ${conversationId} AND m.workspace_id = ${conversationWorkspace}
      ORDER BY m.created_at DESC, m.id DESC LIMIT 1)`,
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
 * Runs a select of {@link selection} ({@link selectRows}): it needs no decoder, as both drivers
 * already give its values their types (timestamptz → `Date`, integer → number, json → parsed).
 */
const run = (db: Queryable, query: { toSQL(): { sql: string; params: unknown[] } }) =>
  selectRows<Row>(db, query, SELECTED);

/**
 * The rows as views, each with its channel's platform (`channelPlatforms`). The statement read each
 * row with its contact in one snapshot, and the database deletes a conversation with its channel or
 * contact (`ON DELETE CASCADE`), so both are there; a row whose channel is not found is left out
 * all the same (it cannot happen, but never shows a half-empty row).
 */
async function toViews(db: Queryable, workspaceId: string, rows: Row[]): Promise<ConversationView[]> {
  const platforms = await channelPlatforms(
    db,
    workspaceId,
    rows.map((r) => r.channelId),
  );
  const views: ConversationView[] = [];
  for (const r of rows) {
    const platform = platforms.get(r.channelId);
    if (platform === undefined) continue;
    views.push({
      id: r.id,
      channelId: r.channelId,
      platform,
      status: r.status,
      snoozedUntil: r.status === 'snoozed' ? r.snoozedUntil : null,
      assignee: r.assigneeUserId ? { userId: r.assigneeUserId } : null,
      handoff: r.handoff,
      unreadCount: r.unreadCount,
      threadKey: r.threadKey,
      contact: { id: r.contactId, name: r.contactName },
      lastMessageAt: r.lastMessageAt,
      lastMessage: r.lastMessage,
      messageCount: r.messageCount,
      createdAt: r.createdAt,
    });
  }
  return views;
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
  if (f.status && !STATUSES.has(f.status)) return empty;
  if (f.handoff && !HANDOFFS.has(f.handoff)) return empty;
  const assigneeId = f.assignee === 'me' ? f.viewer : f.assignee === 'unassigned' ? undefined : f.assignee;
  if (f.assignee !== undefined && f.assignee !== 'unassigned' && !(assigneeId && isUuid(assigneeId))) {
    return empty;
  }
  if (f.unread && !f.viewer) return empty;
  const cursor = readCursor(f.cursor); // validated by keyset() above
  const shape: ListShape = {
    viewer: f.viewer !== null,
    channel: f.channelId !== undefined,
    contact: f.contactId !== undefined,
    status: f.status,
    assignee: f.assignee === undefined ? undefined : f.assignee === 'unassigned' ? 'unassigned' : 'id',
    handoff: f.handoff,
    unread: f.unread === true,
    cursor: cursor !== undefined,
  };
  const rows = await listStatement(shape)(db, f.workspaceId, k.limit, {
    viewer: f.viewer,
    channelId: f.channelId,
    contactId: f.contactId,
    assignee: assigneeId,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
  });
  const page = k.page(rows, (r) => r);
  return { data: await toViews(db, f.workspaceId, page.data), nextCursor: page.nextCursor };
}

const STATUSES = new Set<string>(['open', 'pending', 'resolved', 'snoozed'] satisfies ConversationStatus[]);
const HANDOFFS = new Set<string>(['agent', 'human', 'assisted'] satisfies Handoff[]);

/**
 * Which filters a conversation page has, and the values that are part of its statement: status
 * and handoff are literals (each of a few known values), so the planner picks
 * `conversations_status` for a status even in a prepared statement's generic plan (with
 * `status = $n` it walks `conversations_activity` and filters: every resolved conversation read).
 */
interface ListShape {
  viewer: boolean;
  channel: boolean;
  contact: boolean;
  status: ConversationStatus | undefined;
  assignee: 'unassigned' | 'id' | undefined;
  handoff: Handoff | undefined;
  unread: boolean;
  cursor: boolean;
}

const listStatements = new Map<string, ReturnType<typeof buildListStatement>>();

/** The SQL types of the list statements' placeholders. */
const LIST_TYPES = {
  workspaceId: 'uuid',
  viewer: 'uuid',
  channelId: 'uuid',
  contactId: 'uuid',
  assignee: 'uuid',
  cursorAt: 'timestamptz',
  cursorId: 'uuid',
  limit: 'int',
};

/** The page statement of `shape`, built once (src/kernel/db/orm.ts, `preparedSelect`). */
function listStatement(shape: ListShape) {
  const key = JSON.stringify(shape);
  let statement = listStatements.get(key);
  if (!statement) {
    statement = buildListStatement(shape);
    listStatements.set(key, statement);
  }
  return statement;
}

/**
 * The statement of one {@link ListShape}, with placeholders `viewer`, `channelId`, `contactId`,
 * `assignee` (a user id), `cursorAt`, `cursorId` for the values that vary (the LIMIT is
 * `preparedSelect`'s); the keyset of {@link keyset} on (last_message_at, id), newest first.
 */
function buildListStatement(shape: ListShape) {
  const p = sql.placeholder;
  const viewer = shape.viewer ? (p('viewer') as unknown as string) : null;
  const literal = (v: string) => sql.raw(`'${v}'`); // only for the known values above
  return preparedSelect<Row & { pageAt: string }>(
    (s, limit) =>
      select(
        s,
        sql<string>`${conversations.lastMessageAt}::text`,
        viewer,
        shape.channel ? eq(conversations.channelId, p('channelId')) : undefined,
        shape.contact ? eq(conversations.contactId, p('contactId')) : undefined,
        shape.status ? sql`${conversations.status} = ${literal(shape.status)}` : undefined,
        shape.assignee === 'unassigned'
          ? isNull(conversations.assigneeUserId)
          : shape.assignee === 'id'
            ? eq(conversations.assigneeUserId, p('assignee'))
            : undefined,
        shape.handoff ? sql`${conversations.handoff} = ${literal(shape.handoff)}` : undefined,
        shape.unread ? sql`${unread(viewer)} > 0` : undefined,
        shape.cursor
          ? sql`(${conversations.lastMessageAt}, ${conversations.id}) < (${p('cursorAt')}::timestamptz, ${p('cursorId')}::uuid)`
          : undefined,
      )
        .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
        .limit(limit),
    SELECTED,
    // A channel or a contact can hold a handful of the workspace's conversations or most of them:
    // those pages keep custom plans, made for the id asked for (src/kernel/db/orm.ts, `LimitForm`).
    shape.channel || shape.contact ? 'parameter' : 'literal',
    LIST_TYPES,
  );
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
  const [view] = await toViews(db, workspaceId, rows);
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
