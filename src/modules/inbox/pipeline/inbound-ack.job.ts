import { adapterFor } from '../../../integrations/channel-registry.ts';
import type { MessageContent } from '../../../integrations/contract/message.ts';
import { channelSendContext } from '../../../integrations/send-context.ts';
import { PreparedStatement } from '../../../kernel/db/prepared.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import { channelFromJson, channelJsonSql, insertSandboxRequest } from '../../channels/channels.service.ts';
import type { InboundAckJob, PipelineDeps } from './deps.ts';

/** The inbound message's normalized content and its channel (channels module's `channelJsonSql`). */
const INBOUND = new PreparedStatement(
  'omnify_inbox_inbound_ack_read',
  `SELECT m.content, ${channelJsonSql({ id: 'm.channel_id', workspace: 'm.workspace_id' })} AS channel
     FROM messages m WHERE m.id = $1 AND m.direction = 'inbound'`,
  ['uuid'],
);

/**
 * Runs one `inbound-ack` job: answers a stored inbound message on its platform when its adapter
 * says it waits for that (`needsAcknowledgement`; Telegram's callback queries), outside any
 * transaction. Reloads the message and its channel; a message or channel gone, or an adapter
 * without acknowledgements, is nothing to do. A rejected answer (Telegram: the query is too old,
 * or was already answered by an earlier run of this job) is logged and not retried; a transient or
 * throttled one throws, so the queue retries it (pg-boss: 5 times, 2 s apart). Safe to run twice.
 */
export async function runInboundAck(deps: PipelineDeps, job: InboundAckJob): Promise<void> {
  const { db } = deps;
  const { rows } = await INBOUND.run<{ content: MessageContent; channel: unknown }>(db, db, [job.messageId]);
  const row = rows[0];
  if (!row) return;
  const channel = channelFromJson(deps.secrets, row.channel);
  if (!channel) return;
  const adapter = adapterFor(channel.platform);
  if (!adapter.acknowledgeInbound || !adapter.needsAcknowledgement?.(row.content)) return;
  const ctx = channelSendContext(
    { config: deps.config, recordSandbox: (channelId, r) => insertSandboxRequest(db, channelId, r) },
    adapter,
    { id: channel.id, sandbox: channel.sandbox, config: channel.config },
  );
  try {
    await adapter.acknowledgeInbound(row.content, channel.config, ctx);
  } catch (e) {
    if (isOmnifyError(e) && !e.retryable) {
      deps.log.warn(
        { messageId: job.messageId, code: e.code, platformCode: e.details.platformCode },
        'the platform refused the acknowledgement of an inbound message',
      );
      return;
    }
    throw e;
  }
}
