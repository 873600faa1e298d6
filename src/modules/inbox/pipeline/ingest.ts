import { adapterFor } from '../../../integrations/channel-registry.ts';
import {
  type CarriedFiles,
  type InboundEvent,
  type InboundMessage,
  shouldTriggerAgent,
} from '../../../integrations/contract/message.ts';
import type { Queryable } from '../../../kernel/db/database.ts';
import type { ChannelRecord } from '../../channels/channels.service.ts';
import { applyStatus } from '../message.repository.ts';
import type { AgentReplyJob, InboundAckJob, PipelineDeps } from './deps.ts';
import { type IdentitySignalsJob, mayNameSender } from './identity-signals.job.ts';
import { placeReactions } from './reaction-threads.ts';
import { applyWatermark } from './read-watermark.ts';
import { type SenderProfileJob, senderProfileJobs } from './sender-profile.job.ts';
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
  /** Bytes of files the delivery carried (an e-mail's attachments), kept in the media store before the transaction. */
  files?: CarriedFiles;
}

/**
 * Writes the events of several verified deliveries inside transaction `tx` (of `deps.db`): contacts, identities,
 * conversations, messages and status changes, plus one `agent-reply` job per new message on a
 * channel with an agent (all jobs in one insert) and one `inbound-ack` job per new message its
 * platform waits to see answered (`needsAcknowledgement`: Telegram callback queries). Returns one result per item, in order.
 */
export async function writeEvents(
  deps: Pick<PipelineDeps, 'queue' | 'db' | 'secrets'>,
  tx: Queryable,
  items: IngestItem[],
): Promise<IngestResult[]> {
  const results: IngestResult[] = items.map(() => ({
    stored: [],
    duplicates: 0,
    statusesApplied: 0,
    repliesQueued: 0,
  }));
  // Messages of the whole batch, grouped by channel: one statement per channel.
  const byChannel = new Map<
    string,
    { channel: ChannelRecord; refs: { item: number; msg: InboundMessage }[] }
  >();
  for (const [i, { channel, events }] of items.entries()) {
    for (const e of events) {
      if (e.kind === 'status') {
        if (e.watermark) results[i]!.statusesApplied += await applyWatermark(tx, channel.id, e);
        else if (await applyStatus(tx, channel.id, e)) results[i]!.statusesApplied++;
        continue;
      }
      const group = byChannel.get(channel.id) ?? { channel, refs: [] };
      group.refs.push({ item: i, msg: e });
      byChannel.set(channel.id, group);
    }
  }
  const jobs: AgentReplyJob[] = [];
  const acks: InboundAckJob[] = [];
  const signals: IdentitySignalsJob[] = [];
  const profiles: SenderProfileJob[] = [];
  for (const { channel, refs } of byChannel.values()) {
    const adapter = adapterFor(channel.platform);
    await placeReactions(tx, channel.id, refs);
    const ids = await storeInbound(
      deps.db,
      deps.secrets,
      tx,
      channel,
      refs.map((r) => r.msg),
    );
    profiles.push(
      ...senderProfileJobs(
        channel,
        refs.filter((_, k) => ids[k]).map((r) => r.msg),
      ),
    );
    refs.forEach((ref, k) => {
      const id = ids[k];
      const result = results[ref.item]!;
      if (!id) {
        result.duplicates++;
        return;
      }
      result.stored.push(id);
      if (adapter.needsAcknowledgement?.(ref.msg.content)) acks.push({ messageId: id });
      if (mayNameSender(ref.msg)) signals.push({ messageId: id });
      if (channel.agentId && shouldTriggerAgent(ref.msg)) {
        jobs.push({ messageId: id });
        result.repliesQueued++;
      }
    });
  }
  await deps.queue.enqueueMany('agent-reply', jobs, tx);
  if (acks.length > 0) await deps.queue.enqueueMany('inbound-ack', acks, tx);
  // Typed e-mail addresses and phone numbers may name the sender on another platform (a suggestion).
  if (signals.length > 0) await deps.queue.enqueueMany('identity-signals', signals, tx);
  // Senders whose platform gave only an id get their name from its directory (Slack users.info).
  if (profiles.length > 0) await deps.queue.enqueueMany('sender-profile', profiles, tx);
  return results;
}
