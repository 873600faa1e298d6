import { eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { isoTime, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { messages } from './inbox.schema.ts';

/*
 * Agent drafts (handoff `assisted`, pipeline/agent-answer.ts): private outbound messages of the
 * agent, with no delivery status. A person sends one as their own reply (drafts.routes.ts); the
 * draft stays, marked used by its `sent_at`: the moment the reply was stored, which is also the
 * reply's `created_at` (both are the transaction's `now()`).
 */

/** The condition "this row is an agent draft": private, from the agent. */
const isDraft: SQL = sql`${messages.private} AND ${messages.senderKind} = 'agent'`;

/**
 * Claims draft `draftId` of conversation `conversationId` (workspace `workspaceId`) for sending, in
 * transaction `tx`: sets its `sent_at` (and `updated_at`) to the transaction's time, only while it
 * is still an unsent agent draft. The UPDATE locks the row, so of two concurrent claims one wins and
 * the other, once the first commits, finds it sent and claims nothing. Changes no column an event
 * shows (migration 003), so the claim itself announces nothing. Returns the draft's text, or null
 * when nothing was claimed (see {@link draftState} for why).
 */
export async function claimDraft(
  tx: Queryable,
  workspaceId: string,
  conversationId: string,
  draftId: string,
): Promise<{ text: string | null } | null> {
  if (!isUuid(draftId)) return null;
  const s = scoped(tx, workspaceId);
  const [row] = await s.db
    .update(messages)
    .set({ sentAt: sql`now()`, updatedAt: sql`now()` })
    .where(
      s.where(
        messages,
        eq(messages.id, draftId),
        eq(messages.conversationId, conversationId),
        isDraft,
        isNull(messages.sentAt),
      ),
    )
    .returning({ text: messages.text });
  return row ?? null;
}

/**
 * What message `draftId` of conversation `conversationId` is, for the answer to a claim that failed:
 * `none` (no message of that conversation in the workspace has this id), `not-draft` (a message,
 * but no agent draft), or `sent` with when (ISO 8601 UTC) and the reply it was sent as (the person's
 * reply stored at that moment; null when it is no longer stored).
 */
export async function draftState(
  db: Queryable,
  workspaceId: string,
  conversationId: string,
  draftId: string,
): Promise<
  | { state: 'none' }
  | { state: 'not-draft' }
  | { state: 'sent'; sentAt: string; replyMessageId: string | null }
  | { state: 'unsent' }
> {
  if (!isUuid(draftId)) return { state: 'none' };
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select({
      draft: sql<boolean>`${isDraft}`,
      sentAt: isoTime(messages.sentAt) as SQL<string | null>,
      // The reply stored by the claiming transaction: same conversation, created at the claim's time.
      reply: sql<string | null>`(SELECT r.id FROM messages r
        WHERE r.workspace_id = "messages"."workspace_id" AND r.conversation_id = "messages"."conversation_id"
          AND r.created_at = "messages"."sent_at" AND r.direction = 'outbound' AND r.sender_kind = 'user'
          AND NOT r.private
        ORDER BY r.id LIMIT 1)`,
    })
    .from(messages)
    .where(s.where(messages, eq(messages.id, draftId), eq(messages.conversationId, conversationId)));
  if (!row) return { state: 'none' };
  if (!row.draft) return { state: 'not-draft' };
  if (row.sentAt === null) return { state: 'unsent' };
  return { state: 'sent', sentAt: row.sentAt, replyMessageId: row.reply };
}
