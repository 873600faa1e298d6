import { adapterFor } from '../../../integrations/channel-registry.ts';
import { channelSendContext } from '../../../integrations/send-context.ts';
import type { Queryable } from '../../../kernel/db/database.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import {
  channelFromJson,
  channelJsonSql,
  channelPlatformSql,
  insertSandboxRequest,
} from '../../channels/channels.service.ts';
import type { PipelineDeps } from './deps.ts';
import { openReplyContext } from './store-inbound.ts';

/** Data of a `read-receipt` job: the contact's message read (the latest of its conversation when queued). */
export interface ReadReceiptJob {
  messageId: string;
}

/**
 * For conversation $1 of workspace $2: its contact's latest message a receipt can name (not a
 * reaction, nothing unsupported), its channel's platform, and whether a person had already read
 * every inbound message it has (then the receipt went out before).
 */
const TARGET_SQL = `
SELECT (SELECT m.id FROM messages m
         WHERE m.conversation_id = c.id AND m.workspace_id = c.workspace_id AND m.direction = 'inbound'
           AND m.platform_message_id IS NOT NULL AND m.content_type NOT IN ('reaction', 'unsupported')
         ORDER BY m.created_at DESC, m.id DESC LIMIT 1) AS "messageId",
       ${channelPlatformSql({ id: 'c.channel_id', workspace: 'c.workspace_id' })} AS platform,
       COALESCE((SELECT max(r.read_inbound_count) FROM conversation_reads r WHERE r.conversation_id = c.id), 0)
         >= c.inbound_count AS "readBefore"
  FROM conversations c WHERE c.id = $1 AND c.workspace_id = $2`;

/**
 * Queues the read receipt a person's reading of conversation `conversationId` calls for, in
 * transaction `tx`, before that reading is recorded there (`markRead`): a `read-receipt` job for
 * the contact's latest message, when the channel's platform takes receipts (`markRead` of its
 * adapter) and someone's reading adds to what was read before (a second person, or the same one
 * again, reading the same messages sends nothing). Returns whether a job was queued.
 */
export async function enqueueReadReceipt(
  deps: Pick<PipelineDeps, 'queue'>,
  tx: Queryable,
  workspaceId: string,
  conversationId: string,
): Promise<boolean> {
  const { rows } = await tx.query<{ messageId: string | null; platform: string | null; readBefore: boolean }>(
    TARGET_SQL,
    [conversationId, workspaceId],
  );
  const t = rows[0];
  if (!t?.messageId || !t.platform || t.readBefore || !adapterFor(t.platform).markRead) return false;
  const job: ReadReceiptJob = { messageId: t.messageId };
  await deps.queue.enqueue('read-receipt', job, {}, tx);
  return true;
}

/** The message's platform id, its conversation's thread and reply context, and its channel. */
const MESSAGE_SQL = `
SELECT m.platform_message_id AS "platformMessageId", m.channel_id AS "channelId", c.thread_key AS "threadKey",
       c.reply_context AS "replyContext",
       ${channelJsonSql({ id: 'm.channel_id', workspace: 'm.workspace_id' })} AS channel
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
 WHERE m.id = $1 AND m.direction = 'inbound' AND m.platform_message_id IS NOT NULL`;

/**
 * Runs one `read-receipt` job: tells the platform the contact's message (and every earlier one) was
 * read, outside any transaction (`ChannelAdapter.markRead`). Reloads the message, its conversation
 * and its channel; a message or channel gone, or an adapter without receipts, is nothing to do.
 * Safe to run twice: marking a message read again changes nothing on any platform that has receipts
 * (WhatsApp, Messenger and Instagram). A rejected receipt (an old message, a closed messaging window)
 * is logged and not retried; a transient or throttled failure throws, so the queue retries it.
 */
export async function runReadReceipt(deps: PipelineDeps, job: ReadReceiptJob): Promise<void> {
  const { db } = deps;
  const { rows } = await db.query<{
    platformMessageId: string;
    channelId: string;
    threadKey: string;
    replyContext: unknown;
    channel: unknown;
  }>(MESSAGE_SQL, [job.messageId]);
  const row = rows[0];
  const channel = row ? channelFromJson(deps.secrets, row.channel) : null;
  if (!row || !channel) return;
  const adapter = adapterFor(channel.platform);
  if (!adapter.markRead) return;
  const ctx = channelSendContext(
    { config: deps.config, recordSandbox: (channelId, r) => insertSandboxRequest(db, channelId, r) },
    adapter,
    { id: channel.id, sandbox: channel.sandbox, config: channel.config },
  );
  try {
    await adapter.markRead(
      {
        threadKey: row.threadKey,
        platformMessageId: row.platformMessageId,
        replyContext: openReplyContext(deps.secrets, row.replyContext, row.channelId, row.threadKey),
      },
      channel.config,
      ctx,
    );
  } catch (e) {
    if (isOmnifyError(e) && !e.retryable) {
      deps.log.warn(
        { messageId: job.messageId, code: e.code, platformCode: e.details.platformCode },
        'the platform refused the read receipt',
      );
      return;
    }
    throw e;
  }
}
