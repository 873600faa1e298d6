import { createAgent } from '../../../integrations/agent-registry.ts';
import type { AgentInput, HistoryItem } from '../../../integrations/contract/agent.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import { outboundHttp } from '../../../kernel/http-client/client.ts';
import { insertOutbound } from '../message.repository.ts';
import type { AgentReplyJob, OutboundSendJob, PipelineDeps } from './deps.ts';

/**
 * Answers one inbound message with the channel's agent (job `agent-reply`, at-least-once).
 * Reloads everything from the database and returns early when there is nothing left to do (no agent,
 * answer already stored), so running it twice sends one reply. The agent is called with the
 * conversation's recent history; its answer is stored as a `queued` outbound message and the send
 * job is enqueued in the same transaction.
 *
 * Errors: a transient agent failure (`OMNIFY_ERR_AGENT_FAILED`) is rethrown so the queue retries
 * with backoff; a permanent one is logged and the reply given up.
 */
export async function runAgentReply(deps: PipelineDeps, job: AgentReplyJob): Promise<void> {
  const { db, log, config } = deps;
  const found = await db.query<any>(
    `SELECT m.id, m.workspace_id, m.conversation_id, m.channel_id, m.content_type, m.text, m.content, m.created_at,
            m.platform_message_id, c.contact_id, c.thread_key, ch.platform, ch.agent_id,
            a.kind AS agent_kind, a.config AS agent_config, ct.name AS contact_name,
            EXISTS (SELECT 1 FROM messages r WHERE r.reply_to_message_id = m.id AND r.sender_kind = 'agent') AS answered
       FROM messages m
       JOIN conversations c ON c.id = m.conversation_id
       JOIN channels ch ON ch.id = m.channel_id
       JOIN contacts ct ON ct.id = c.contact_id
       LEFT JOIN agents a ON a.id = ch.agent_id
      WHERE m.id = $1`,
    [job.messageId],
  );
  const m = found.rows[0];
  if (!m || m.answered || !m.agent_kind) return;

  const history = await db.query<any>(
    `SELECT direction, sender_kind, content_type, text, created_at FROM (
       SELECT direction, sender_kind, content_type, text, created_at, id FROM messages
        WHERE conversation_id = $1 AND id <> $2 AND (created_at, id) < ($3::timestamptz, $2::uuid)
        ORDER BY created_at DESC, id DESC LIMIT $4) h
     ORDER BY created_at, id`,
    [m.conversation_id, m.id, m.created_at, config.historyLimit],
  );
  const input: AgentInput = {
    conversationId: m.conversation_id,
    channelId: m.channel_id,
    platform: m.platform,
    contact: { id: m.contact_id, name: m.contact_name, handle: m.thread_key },
    message: {
      id: m.id,
      contentType: m.content_type,
      text: m.text,
      content: m.content,
      createdAt: new Date(m.created_at).toISOString(),
    },
    history: history.rows.map(
      (h): HistoryItem => ({
        direction: h.direction,
        senderKind: h.sender_kind,
        contentType: h.content_type,
        text: h.text,
        createdAt: new Date(h.created_at).toISOString(),
      }),
    ),
  };

  // Outside the try: a config that cannot be decrypted is a server fault, not an agent's refusal.
  const agentConfig = deps.secrets.open(m.agent_config, 'agents', 'config', m.agent_id);
  let replyText: string | null;
  try {
    const agent = createAgent(m.agent_kind, agentConfig, { http: outboundHttp(config) });
    const reply = await agent.reply(input, AbortSignal.timeout(config.agentTimeoutMs));
    replyText = reply?.text?.trim() || null;
  } catch (e) {
    if (isOmnifyError(e) && !e.retryable) {
      log.warn({ messageId: m.id, code: e.code, details: e.details }, 'agent refused; no reply will be sent');
      return;
    }
    throw e;
  }
  if (!replyText) return;

  await db.transaction(async (tx) => {
    const id = await insertOutbound(tx, {
      workspaceId: m.workspace_id,
      conversationId: m.conversation_id,
      channelId: m.channel_id,
      senderKind: 'agent',
      text: replyText,
      replyToMessageId: m.id,
      replyToPlatformMessageId: m.platform_message_id,
    });
    if (!id) return;
    await tx.query('UPDATE conversations SET last_message_at = now() WHERE id = $1', [m.conversation_id]);
    const send: OutboundSendJob = { messageId: id, attempt: 0 };
    await deps.queue.enqueue('outbound-send', send, {}, tx);
  });
}
