import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { PreparedStatement } from '../../../kernel/db/prepared.ts';

/**
 * The agent's answer as the conversation's handoff decides: lock the conversation, insert the
 * answer (queued or a draft) unless one exists, count it ($1 workspace, $2 conversation, $3
 * channel, $4 text, $5 content, $6 inbound message, $7 its platform id).
 */
const AGENT_ANSWER = new PreparedStatement(
  'omnify_inbox_agent_answer',
  `WITH mode AS (
     SELECT id, handoff FROM conversations WHERE id = $2 FOR UPDATE
   ), m AS (
     INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, private, content_type,
       text, content, status, reply_to_message_id, reply_to_platform_message_id)
     SELECT $1, mode.id, $3, 'outbound', 'agent', mode.handoff = 'assisted', 'text', $4, $5,
       CASE WHEN mode.handoff = 'agent' THEN 'queued' END, $6, CASE WHEN mode.handoff = 'agent' THEN $7::text END
       FROM mode WHERE mode.handoff IN ('agent', 'assisted')
     ON CONFLICT (reply_to_message_id) WHERE sender_kind = 'agent' DO NOTHING RETURNING id, conversation_id, private
   ), c AS (
     UPDATE conversations SET message_count = conversations.message_count + 1,
       last_message_at = CASE WHEN m.private THEN conversations.last_message_at ELSE now() END
       FROM m WHERE conversations.id = m.conversation_id)
   SELECT m.id, m.private AS draft FROM m`,
  ['uuid', 'uuid', 'uuid', 'text', 'jsonb', 'uuid', 'text'],
);

/**
 * Stores the agent's answer to inbound message `replyToMessageId` as the conversation's handoff
 * decides at this moment, in one statement of transaction `tx` (of database `db`) that first locks
 * the conversation row (ordering it against a person's reply, which may have made it `human` while
 * the agent was thinking):
 * - `agent`: an outbound text message in state `queued` (the caller enqueues its send), counted in
 *   the conversation, whose activity is bumped;
 * - `assisted`: a private draft of the agent, with no delivery status, so nothing ever sends it (a
 *   person edits and sends it as their own reply), counted in the conversation;
 * - `human` (or no such conversation): nothing.
 * At most one answer, sent or draft, exists per inbound message (the unique agent-reply index):
 * returns null when one already does, else the new message's id and whether it is a draft.
 */
export async function insertAgentAnswer(
  db: Database,
  tx: Queryable,
  o: {
    workspaceId: string;
    conversationId: string;
    channelId: string;
    text: string;
    replyToMessageId: string;
    replyToPlatformMessageId: string | null;
  },
): Promise<{ id: string; draft: boolean } | null> {
  const r = await AGENT_ANSWER.run<{ id: string; draft: boolean }>(db, tx, [
    o.workspaceId,
    o.conversationId,
    o.channelId,
    o.text,
    JSON.stringify({ type: 'text', text: o.text }),
    o.replyToMessageId,
    o.replyToPlatformMessageId,
  ]);
  return r.rows[0] ?? null;
}
