import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { isoTime, keyset, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { conversations, messages } from './inbox.schema.ts';

/*
 * A conversation as its contact sees it, for channels whose client Omnify serves itself (the web
 * chat widget, src/modules/webchat): the contact's own messages and the answers that were sent to
 * them. Never private notes or agent drafts, never an answer still `queued` or `failed` (it did not
 * reach them). The inbox owns these tables; other modules read them through these functions.
 */

/** One message of a contact's feed. */
export interface ContactFeedMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  senderKind: 'contact' | 'user' | 'agent' | 'system';
  contentType: string;
  text: string | null;
  /** Outbound: `sent`, `delivered` or `read`; inbound: null. */
  status: string | null;
  /** Inbound: the id the contact's client gave the message; outbound: the id the send returned. */
  platformMessageId: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
}

const columns = {
  id: messages.id,
  direction: messages.direction,
  senderKind: messages.senderKind,
  contentType: messages.contentType,
  text: messages.text,
  status: messages.status,
  platformMessageId: messages.platformMessageId,
  createdAt: isoTime(messages.createdAt),
};

/** What the contact sees: not private, and inbound or an answer that went out. */
const visible = and(
  eq(messages.private, false),
  or(eq(messages.direction, 'inbound'), inArray(messages.status, ['sent', 'delivered', 'read'])),
);

/** The id of the channel's conversation with thread key `threadKey`, or null when none was started. */
export async function conversationIdByThread(
  db: Queryable,
  workspaceId: string,
  channelId: string,
  threadKey: string,
): Promise<string | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      s.where(conversations, eq(conversations.channelId, channelId), eq(conversations.threadKey, threadKey)),
    );
  return row?.id ?? null;
}

/**
 * A page of the contact's feed of conversation `conversationId`, newest first (`limit` messages,
 * 1–100), continuing after `cursor` (the previous page's `nextCursor`; a forged one is a 400
 * `OMNIFY_ERR_VALIDATION` on `/querystring/cursor`).
 */
export async function contactFeedPage(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  page: { limit: number; cursor?: string },
): Promise<{ data: ContactFeedMessage[]; nextCursor: string | null }> {
  const s = scoped(db, workspaceId);
  const k = keyset({ sort: messages.createdAt, id: messages.id, limit: page.limit, cursor: page.cursor });
  const rows = await s.db
    .select({ ...columns, pageAt: k.pageAt })
    .from(messages)
    .where(s.where(messages, eq(messages.conversationId, conversationId), visible, k.after))
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, ({ pageAt: _, ...m }) => m);
}

/** Message `id` of the contact's feed of conversation `conversationId`, or null when it is not in it (yet). */
export async function contactFeedMessage(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  id: string,
): Promise<ContactFeedMessage | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select(columns)
    .from(messages)
    .where(s.where(messages, eq(messages.id, id), eq(messages.conversationId, conversationId), visible));
  return row ?? null;
}

/**
 * The platform message ids among `platformMessageIds` that name answers sent in conversation
 * `conversationId` (for the contact's client to report them `delivered` or `read`, and no other
 * conversation's).
 */
export async function sentAnswerIds(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  platformMessageIds: readonly string[],
): Promise<string[]> {
  if (platformMessageIds.length === 0) return [];
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select({ id: messages.platformMessageId })
    .from(messages)
    .where(
      s.where(
        messages,
        eq(messages.conversationId, conversationId),
        eq(messages.direction, 'outbound'),
        visible,
        sql`${messages.platformMessageId} = ANY(${sql.param([...platformMessageIds])}::text[])`,
      ),
    );
  return rows.flatMap((r) => (r.id ? [r.id] : []));
}
