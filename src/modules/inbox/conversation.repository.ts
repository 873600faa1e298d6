import type { Queryable } from '../../kernel/db/database.ts';
import { isUuid } from '../../kernel/db/uuid.ts';

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
  /** Keyset cursor value: last_message_at with the database's full (microsecond) precision. */
  cursor: string;
}

export interface ConversationFilter {
  workspaceId: string;
  channelId?: string;
  status?: string;
  contactId?: string;
  /** Keyset position: conversations strictly older than (lastMessageAt, id). */
  after?: { lastMessageAt: string; id: string };
  limit: number;
}

const SELECT = `SELECT c.id, c.channel_id, ch.platform, c.status, c.thread_key, c.contact_id, ct.name AS contact_name,
    c.last_message_at, c.last_message_at::text AS cursor_ts, c.created_at,
    (SELECT count(*) FROM messages x WHERE x.conversation_id = c.id)::int AS message_count,
    lm.direction AS lm_direction, lm.sender_kind AS lm_sender_kind, lm.text AS lm_text, lm.content_type AS lm_content_type
  FROM conversations c
  JOIN channels ch ON ch.id = c.channel_id
  JOIN contacts ct ON ct.id = c.contact_id
  LEFT JOIN LATERAL (SELECT direction, sender_kind, text, content_type FROM messages m
     WHERE m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC LIMIT 1) lm ON true`;

function toView(r: any): ConversationView {
  return {
    id: r.id,
    channelId: r.channel_id,
    platform: r.platform,
    status: r.status,
    threadKey: r.thread_key,
    contact: { id: r.contact_id, name: r.contact_name },
    lastMessageAt: new Date(r.last_message_at).toISOString(),
    lastMessage: r.lm_direction
      ? {
          direction: r.lm_direction,
          senderKind: r.lm_sender_kind,
          text: r.lm_text,
          contentType: r.lm_content_type,
        }
      : null,
    messageCount: r.message_count,
    createdAt: new Date(r.created_at).toISOString(),
    cursor: r.cursor_ts,
  };
}

/** Lists conversations, newest activity first (keyset pagination on last_message_at, id). Fetches `limit + 1` to tell if more exist. */
export async function listConversations(db: Queryable, f: ConversationFilter): Promise<ConversationView[]> {
  const where = ['c.workspace_id = $1'];
  const params: unknown[] = [f.workspaceId];
  if (f.channelId) {
    if (!isUuid(f.channelId)) return [];
    params.push(f.channelId);
    where.push(`c.channel_id = $${params.length}`);
  }
  if (f.contactId) {
    if (!isUuid(f.contactId)) return [];
    params.push(f.contactId);
    where.push(`c.contact_id = $${params.length}`);
  }
  if (f.status) {
    params.push(f.status);
    where.push(`c.status = $${params.length}`);
  }
  if (f.after) {
    params.push(f.after.lastMessageAt, f.after.id);
    where.push(`(c.last_message_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(f.limit + 1);
  const r = await db.query(
    `${SELECT} WHERE ${where.join(' AND ')} ORDER BY c.last_message_at DESC, c.id DESC LIMIT $${params.length}`,
    params,
  );
  return r.rows.map(toView);
}

/** One conversation of the workspace; null when absent. */
export async function findConversation(
  db: Queryable,
  id: string,
  workspaceId: string,
): Promise<ConversationView | null> {
  if (!isUuid(id)) return null;
  const r = await db.query(`${SELECT} WHERE c.id = $1 AND c.workspace_id = $2`, [id, workspaceId]);
  return r.rows[0] ? toView(r.rows[0]) : null;
}

/** Sets a conversation's status (`open`, `pending`, `resolved`); false when absent. */
export async function setConversationStatus(
  db: Queryable,
  id: string,
  workspaceId: string,
  status: string,
): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await db.query('UPDATE conversations SET status = $3 WHERE id = $1 AND workspace_id = $2', [
    id,
    workspaceId,
    status,
  ]);
  return r.rowCount > 0;
}
