import { createAgent } from '../../../integrations/agent-registry.ts';
import type { AgentInput, HistoryItem } from '../../../integrations/contract/agent.ts';
import type { ContentType } from '../../../integrations/contract/message.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import { outboundHttp } from '../../../kernel/http-client/client.ts';
import { findAgent } from '../../agents/agents.service.ts';
import { findChannel } from '../../channels/channels.service.ts';
import { contactSummaries } from '../../contacts/contacts.service.ts';
import type { conversations, messages } from '../inbox.schema.ts';
import { insertDraft, insertOutbound } from '../message.repository.ts';
import type { AgentReplyJob, OutboundSendJob, PipelineDeps } from './deps.ts';

/** The messages columns; `content_type` holds only the normalized message's types (ingest writes it). */
type MessageColumns = Omit<typeof messages.$inferSelect, 'contentType'> & { contentType: ContentType };

/** The inbound message to answer with its conversation's contact and thread (SQL aliases = schema names). */
type InboundRow = Pick<
  MessageColumns,
  | 'id'
  | 'workspaceId'
  | 'conversationId'
  | 'channelId'
  | 'contentType'
  | 'text'
  | 'content'
  | 'createdAt'
  | 'platformMessageId'
> &
  Pick<typeof conversations.$inferSelect, 'contactId' | 'threadKey' | 'handoff'> & { answered: boolean };

/** One earlier message of the conversation, as the agent's history shows it. */
type HistoryRow = Pick<MessageColumns, 'direction' | 'senderKind' | 'contentType' | 'text' | 'createdAt'>;

/**
 * Answers one inbound message with the channel's agent (job `agent-reply`, at-least-once).
 * Reloads everything from the database (the message from the inbox's tables; its channel, agent and
 * contact through the channels, agents and contacts services, within the message's workspace) and
 * returns early when there is nothing left to do (no agent, answer already stored), so running it
 * twice sends one reply. The agent is called with the conversation's recent history (private
 * notes and drafts left out: the contact never saw them); its answer is stored as a `queued`
 * outbound message and the send job is enqueued in the same transaction.
 *
 * The conversation's handoff decides, read again when the answer is stored: `agent` as above;
 * `human` does nothing (the message stays stored, unanswered); `assisted` stores the answer as a
 * private draft of the agent (never sent) for a person to edit and send.
 *
 * Errors: a transient agent failure (`OMNIFY_ERR_AGENT_FAILED`) is rethrown so the queue retries
 * with backoff; a permanent one is logged and the reply given up.
 */
export async function runAgentReply(deps: PipelineDeps, job: AgentReplyJob): Promise<void> {
  const { db, log, config } = deps;
  const found = await db.query<InboundRow>(
    `SELECT m.id, m.workspace_id AS "workspaceId", m.conversation_id AS "conversationId",
            m.channel_id AS "channelId", m.content_type AS "contentType", m.text, m.content,
            m.created_at AS "createdAt", m.platform_message_id AS "platformMessageId",
            c.contact_id AS "contactId", c.thread_key AS "threadKey", c.handoff,
            EXISTS (SELECT 1 FROM messages r WHERE r.reply_to_message_id = m.id AND r.sender_kind = 'agent') AS answered
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.id = $1`,
    [job.messageId],
  );
  const m = found.rows[0];
  // `human`: a person answers this conversation; the agent is silent.
  if (!m || m.answered || m.handoff === 'human') return;
  // The channel, its agent and the contact through their modules, scoped to the message's workspace.
  const channel = await findChannel(db, deps.secrets, m.channelId, m.workspaceId);
  if (!channel?.agentId) return;
  const agentRecord = await findAgent(db, deps.secrets, channel.agentId, m.workspaceId);
  if (!agentRecord) return;
  const contact = (await contactSummaries(db, m.workspaceId, [m.contactId])).get(m.contactId);

  const history = await db.query<HistoryRow>(
    `SELECT direction, "senderKind", "contentType", text, "createdAt" FROM (
       SELECT direction, sender_kind AS "senderKind", content_type AS "contentType", text,
              created_at AS "createdAt", id FROM messages
        WHERE conversation_id = $1 AND id <> $2 AND NOT private
          AND (created_at, id) < (SELECT created_at, id FROM messages WHERE id = $2)
        ORDER BY created_at DESC, id DESC LIMIT $3) h
     ORDER BY "createdAt", id`,
    [m.conversationId, m.id, config.historyLimit],
  );
  const input: AgentInput = {
    conversationId: m.conversationId,
    channelId: m.channelId,
    platform: channel.platform,
    contact: { id: m.contactId, name: contact?.name ?? null, handle: m.threadKey },
    message: {
      id: m.id,
      contentType: m.contentType,
      text: m.text,
      content: m.content,
      createdAt: new Date(m.createdAt).toISOString(),
    },
    history: history.rows.map(
      (h): HistoryItem => ({
        direction: h.direction,
        senderKind: h.senderKind,
        contentType: h.contentType,
        text: h.text,
        createdAt: new Date(h.createdAt).toISOString(),
      }),
    ),
  };

  // The agent's config was opened by findAgent, outside the try: a config that cannot be decrypted is
  // a server fault, not an agent's refusal.
  let replyText: string | null;
  try {
    const agent = createAgent(agentRecord.kind, agentRecord.config, { http: outboundHttp(config) });
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
    // The mode now, not when the agent was asked: a person may have replied (→ human) meanwhile.
    // The row lock orders this against that reply's transaction.
    const mode = await tx.query<Pick<typeof conversations.$inferSelect, 'handoff'>>(
      'SELECT handoff FROM conversations WHERE id = $1 FOR UPDATE',
      [m.conversationId],
    );
    const handoff = mode.rows[0]?.handoff;
    if (!handoff || handoff === 'human') return;
    if (handoff === 'assisted') {
      await insertDraft(tx, {
        workspaceId: m.workspaceId,
        conversationId: m.conversationId,
        channelId: m.channelId,
        text: replyText,
        replyToMessageId: m.id,
      });
      return;
    }
    const id = await insertOutbound(tx, {
      workspaceId: m.workspaceId,
      conversationId: m.conversationId,
      channelId: m.channelId,
      senderKind: 'agent',
      text: replyText,
      replyToMessageId: m.id,
      replyToPlatformMessageId: m.platformMessageId,
    });
    if (!id) return;
    await tx.query('UPDATE conversations SET last_message_at = now() WHERE id = $1', [m.conversationId]);
    const send: OutboundSendJob = { messageId: id, attempt: 0 };
    await deps.queue.enqueue('outbound-send', send, {}, tx);
  });
}
