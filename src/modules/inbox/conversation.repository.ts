import { eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, type Scope, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { channels } from '../channels/channels.schema.ts';
import { contacts } from '../contacts/contacts.schema.ts';
import { conversations, messages } from './inbox.schema.ts';

/** A conversation as the API shows it, with its contact and last message preview. Times ISO 8601 UTC. */
export interface ConversationView {
  id: string;
  channelId: string;
  platform: string;
  status: string;
  threadKey: string;
  contact: { id: string; name: string | null };
  lastMessageAt: string;
  lastMessage: { direction: string; senderKind: string; text: string | null; contentType: string } | null;
  messageCount: number;
  createdAt: string;
}

export interface ConversationFilter {
  workspaceId: string;
  channelId?: string;
  status?: string;
  contactId?: string;
  /** The `cursor` query parameter (the `nextCursor` of the previous page). */
  cursor?: string;
  limit: number;
}

type LastMessage = ConversationView['lastMessage'];

/** The columns of a {@link ConversationView}; `pageAt` is the keyset cursor value. */
function selection(pageAt: SQL<string>) {
  return {
    id: conversations.id,
    channelId: conversations.channelId,
    platform: channels.platform,
    status: conversations.status,
    threadKey: conversations.threadKey,
    contactId: conversations.contactId,
    contactName: contacts.name,
    lastMessageAt: conversations.lastMessageAt,
    createdAt: conversations.createdAt,
    pageAt,
    messageCount: sql<number>`(SELECT count(*) FROM ${messages} WHERE ${messages.conversationId} = ${conversations.id})::int`,
    lastMessage: sql<LastMessage>`(SELECT json_build_object('direction', m.direction, 'senderKind', m.sender_kind,
        'text', m.text, 'contentType', m.content_type)
      FROM ${messages} m WHERE m.conversation_id = ${conversations.id} ORDER BY m.created_at DESC, m.id DESC LIMIT 1)`,
  };
}

/** The workspace's conversations matching `conditions`, with their channel and contact. */
function select(s: Scope, pageAt: SQL<string>, ...conditions: Array<SQL | undefined>) {
  return s.db
    .select(selection(pageAt))
    .from(conversations)
    .innerJoin(channels, eq(channels.id, conversations.channelId))
    .innerJoin(contacts, eq(contacts.id, conversations.contactId))
    .where(s.where(conversations, ...conditions));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

function toView(r: Row): ConversationView {
  return {
    id: r.id,
    channelId: r.channelId,
    platform: r.platform,
    status: r.status,
    threadKey: r.threadKey,
    contact: { id: r.contactId, name: r.contactName },
    lastMessageAt: r.lastMessageAt.toISOString(),
    lastMessage: r.lastMessage,
    messageCount: r.messageCount,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * One page of the workspace's conversations, newest activity first (keyset on last_message_at,
 * id; a bad `cursor` throws `OMNIFY_ERR_VALIDATION`).
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
  const s = scoped(db, f.workspaceId);
  const rows = await select(
    s,
    k.pageAt,
    f.channelId ? eq(conversations.channelId, f.channelId) : undefined,
    f.contactId ? eq(conversations.contactId, f.contactId) : undefined,
    f.status ? eq(conversations.status, f.status) : undefined,
    k.after,
  )
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, toView);
}

/** One conversation of the workspace; null when absent. */
export async function findConversation(
  db: Queryable,
  id: string,
  workspaceId: string,
): Promise<ConversationView | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await select(s, sql<string>`${conversations.lastMessageAt}::text`, eq(conversations.id, id));
  return row ? toView(row) : null;
}

/** Sets a conversation's status (`open`, `pending`, `resolved`); false when absent. */
export async function setConversationStatus(
  db: Queryable,
  id: string,
  workspaceId: string,
  status: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const s = scoped(db, workspaceId);
  const changed = await s.db
    .update(conversations)
    .set({ status })
    .where(s.where(conversations, eq(conversations.id, id)))
    .returning({ id: conversations.id });
  return changed.length > 0;
}

/** Marks the conversation's latest activity as now (a message was added). */
export async function touchConversation(db: Queryable, workspaceId: string, id: string): Promise<void> {
  const s = scoped(db, workspaceId);
  await s.db
    .update(conversations)
    .set({ lastMessageAt: sql`now()` })
    .where(s.where(conversations, eq(conversations.id, id)));
}
