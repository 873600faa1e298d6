import { eq } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { messages } from './inbox.schema.ts';

/** What "View original" reads of a message: its direction and the platform payload stored with it. */
export interface MessageRaw {
  direction: 'inbound' | 'outbound';
  /** `messages.raw` as parsed JSON (an e-mail's envelope; null for messages written here). */
  raw: unknown;
}

/**
 * The direction and `raw` of message `messageId` of conversation `conversationId` in workspace
 * `workspaceId` (one primary-key lookup, scoped to the workspace and the conversation with Drizzle),
 * or null when no such message exists there (also for ids that are not UUIDs). Reads no other column.
 */
export async function findMessageRaw(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  messageId: string,
): Promise<MessageRaw | null> {
  if (!isUuid(conversationId) || !isUuid(messageId)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({ direction: messages.direction, raw: messages.raw })
    .from(messages)
    .where(s.where(messages, eq(messages.id, messageId), eq(messages.conversationId, conversationId)));
  return row ?? null;
}
