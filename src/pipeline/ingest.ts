import type { ChannelRecord } from '../channels/channel.repository.ts';
import { type InboundEvent, shouldTriggerAgent } from '../core/message.ts';
import type { Queryable } from '../db/database.ts';
import { applyStatus } from '../inbox/message.repository.ts';
import type { AgentReplyJob, PipelineDeps } from './deps.ts';
import { storeInbound } from './store-inbound.ts';

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

/** One webhook delivery waiting to be stored. */
export interface IngestItem {
  channel: ChannelRecord;
  events: InboundEvent[];
}

/**
 * Writes the events of several verified deliveries inside transaction `tx`: contacts, identities,
 * conversations, messages and status changes, plus one `agent-reply` job per new message on a
 * channel with an agent (all jobs in one insert). Returns one result per item, in order.
 */
export async function writeEvents(
  deps: Pick<PipelineDeps, 'queue'>,
  tx: Queryable,
  items: IngestItem[],
): Promise<IngestResult[]> {
  const jobs: AgentReplyJob[] = [];
  const results: IngestResult[] = [];
  for (const { channel, events } of items) {
    const result: IngestResult = { stored: [], duplicates: 0, statusesApplied: 0, repliesQueued: 0 };
    for (const e of events) {
      if (e.kind === 'status') {
        if (await applyStatus(tx, channel.id, e)) result.statusesApplied++;
        continue;
      }
      const id = await storeInbound(tx, channel, e);
      if (!id) {
        result.duplicates++;
        continue;
      }
      result.stored.push(id);
      if (channel.agentId && shouldTriggerAgent(e)) {
        jobs.push({ messageId: id });
        result.repliesQueued++;
      }
    }
    results.push(result);
  }
  await deps.queue.enqueueMany('agent-reply', jobs, tx);
  return results;
}
