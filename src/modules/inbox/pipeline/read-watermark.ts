import { DELIVERY_STATUS_RANK, type StatusUpdate } from '../../../integrations/contract/message.ts';
import type { Queryable } from '../../../kernel/db/database.ts';

/**
 * How long after the platform stamped one of our messages its acceptance may reach us, in ms: the
 * Send API's answer in flight and the `sent` write. A watermark names a platform time, and our own
 * record of a message is when the platform accepted it (`sent_at`, our clock), a little later than
 * the platform's stamp.
 */
export const SEND_IN_FLIGHT_MS = 2_000;

/**
 * Applies a watermark status (`StatusUpdate.watermark`, Messenger's `read.watermark`: "every message
 * sent before this time was read") to our outbound messages in the conversation of channel
 * `channelId` with the watermark's thread key, moving them forward only (as `applyStatus`: a `sent`
 * or `delivered` message becomes `read`; a `read` one is left alone; queued, failed, private notes
 * and drafts never change).
 *
 * Which messages: the platform stamped ours somewhere between when we queued it (`created_at`) and
 * when its acceptance was recorded (`sent_at`). One accepted by the watermark counts; so does one
 * queued before it and accepted less than {@link SEND_IN_FLIGHT_MS} after: the watermark is then
 * almost surely that message's own stamp (the contact read up to it), which reached us a moment
 * after Meta set it. A message queued after the watermark never counts.
 *
 * Runs in the ingest transaction `tx`; returns how many messages changed.
 */
export async function applyWatermark(tx: Queryable, channelId: string, s: StatusUpdate): Promise<number> {
  if (!s.watermark) return 0;
  const lower = Object.entries(DELIVERY_STATUS_RANK)
    .filter(([name, rank]) => name !== 'queued' && rank < DELIVERY_STATUS_RANK[s.status])
    .map(([name]) => name);
  const r = await tx.query(
    `UPDATE messages m SET status = $3, updated_at = now()
       FROM conversations c
      WHERE c.channel_id = $1 AND c.thread_key = $2 AND m.conversation_id = c.id AND m.channel_id = $1
        AND m.direction = 'outbound' AND m.status = ANY($5::text[])
        AND (m.sent_at <= $4::timestamptz
          OR (m.created_at <= $4::timestamptz AND m.sent_at < $4::timestamptz + $6 * interval '1 millisecond'))`,
    [channelId, s.watermark.threadKey, s.status, s.watermark.upTo.toISOString(), lower, SEND_IN_FLIGHT_MS],
  );
  return r.rowCount;
}
