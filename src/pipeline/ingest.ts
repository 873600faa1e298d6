import type { ChannelRecord } from '../channels/channel.repository.ts';
import {
  type InboundEvent,
  type InboundMessage,
  type Platform,
  shouldTriggerAgent,
} from '../core/message.ts';
import type { Queryable } from '../db/database.ts';
import { resolveIdentity } from '../inbox/contact.repository.ts';
import { applyStatus, insertInbound } from '../inbox/message.repository.ts';
import type { AgentReplyJob, PipelineDeps } from './deps.ts';

/** What one webhook delivery changed. */
export interface IngestResult {
  /** Ids of newly stored inbound messages (redeliveries are not counted). */
  stored: string[];
  /** Events that were already stored (same dedupe key). */
  duplicates: number;
  /** Outbound messages whose delivery status changed. */
  statusesApplied: number;
  /** Agent reply jobs enqueued. */
  repliesQueued: number;
}

/**
 * Stores the events of one verified webhook delivery in ONE transaction: contacts, identities,
 * conversations, messages, status changes and the follow-up agent jobs. The webhook answers 200 only
 * after this commits, so an acknowledged message is never lost; a redelivered message (same dedupe
 * key) is stored once and answered once.
 */
export async function ingestEvents(
  deps: PipelineDeps,
  channel: ChannelRecord,
  events: InboundEvent[],
): Promise<IngestResult> {
  const result: IngestResult = { stored: [], duplicates: 0, statusesApplied: 0, repliesQueued: 0 };
  if (events.length === 0) return result;
  await deps.db.transaction(async (tx) => {
    for (const e of events) {
      if (e.kind === 'status') {
        if (await applyStatus(tx, channel.id, e)) result.statusesApplied++;
        continue;
      }
      const id = await storeMessage(tx, channel, e);
      if (!id) {
        result.duplicates++;
        continue;
      }
      result.stored.push(id);
      if (channel.agentId && shouldTriggerAgent(e)) {
        const job: AgentReplyJob = { messageId: id };
        await deps.queue.enqueue('agent-reply', job, {}, tx);
        result.repliesQueued++;
      }
    }
  });
  if (result.repliesQueued > 0) deps.queue.nudge('agent-reply');
  return result;
}

async function storeMessage(
  tx: Queryable,
  channel: ChannelRecord,
  m: InboundMessage,
): Promise<string | null> {
  // A redelivery changes nothing, not even the conversation's activity time. (The unique index on
  // (channel_id, dedupe_key) still decides when two deliveries race.)
  const seen = await tx.query(
    `SELECT 1 FROM messages WHERE channel_id = $1 AND dedupe_key = $2 AND direction = 'inbound'`,
    [channel.id, m.dedupeKey],
  );
  if (seen.rows.length > 0) return null;
  const { contactId } = await resolveIdentity(
    tx,
    channel.workspaceId,
    channel.platform as Platform,
    m.sender,
  );
  const conv = await tx.query<{ id: string }>(
    `INSERT INTO conversations (workspace_id, channel_id, contact_id, thread_key, last_message_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (channel_id, thread_key) DO UPDATE SET last_message_at = now(),
       status = CASE WHEN conversations.status = 'resolved' THEN 'open' ELSE conversations.status END
     RETURNING id`,
    [channel.workspaceId, channel.id, contactId, m.threadKey],
  );
  return insertInbound(
    tx,
    { workspaceId: channel.workspaceId, conversationId: conv.rows[0]!.id, channelId: channel.id },
    m,
  );
}
