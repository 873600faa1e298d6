import { createAgent } from '../../../integrations/agent-registry.ts';
import type { AgentInput, HistoryItem } from '../../../integrations/contract/agent.ts';
import type { ContentType } from '../../../integrations/contract/message.ts';
import { PreparedStatement } from '../../../kernel/db/prepared.ts';
import { isOmnifyError } from '../../../kernel/errors/catalog.ts';
import { outboundHttp } from '../../../kernel/http-client/client.ts';
import { agentFromJson, agentJsonSql } from '../../agents/agents.service.ts';
import { channelFromJson, channelJsonSql, channelPlatformSql } from '../../channels/channels.service.ts';
import { contactHandleSql, contactNameSql } from '../../contacts/contacts.service.ts';
import type { conversations, messages } from '../inbox.schema.ts';
import { insertAgentAnswer } from './agent-answer.ts';
import type { AgentReplyJob, OutboundSendJob, PipelineDeps } from './deps.ts';
import { whileTyping } from './typing.ts';

/**
 * How long the agent may take before the contact is shown a typing indicator, in ms: a quicker
 * answer arrives before an indicator would mean anything (and costs no platform call).
 */
export const AGENT_TYPING_AFTER_MS = 2_000;

/** The messages columns; `content_type` holds only the normalized message's types (ingest writes it). */
type MessageColumns = Omit<typeof messages.$inferSelect, 'contentType'> & { contentType: ContentType };

/** One earlier message of the conversation, as the agent's history shows it (`createdAt` as JSON prints it). */
type HistoryRow = Pick<
  MessageColumns,
  'direction' | 'senderKind' | 'contentType' | 'text' | 'conversationId'
> & {
  createdAt: string;
  platform: string | null;
};

/**
 * The inbound message to answer with its conversation's contact, thread and handoff, whether it is
 * answered already, and its history (SQL aliases = schema names).
 */
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
  Pick<typeof conversations.$inferSelect, 'contactId' | 'threadKey' | 'handoff'> & {
    answered: boolean;
    history: HistoryRow[];
    /** As `channelJsonSql` / `agentJsonSql` select them (read with the owners' `…FromJson`). */
    channel: unknown;
    agent: unknown;
    contactName: string | null;
    contactHandle: string | null;
  };

/**
 * Everything the job reads, in one round trip: the message, its conversation, whether it is answered
 * already, its history (the last $2 messages before it in every conversation of its contact, on
 * every platform, each with its platform; private notes and drafts left out: the
 * contact never saw them; oldest first), and, through the owners' subqueries and within the
 * message's workspace, its channel, the channel's agent and the contact's name.
 */
const INBOUND = new PreparedStatement(
  'omnify_inbox_agent_reply_read',
  `
SELECT m.id, m.workspace_id AS "workspaceId", m.conversation_id AS "conversationId",
       m.channel_id AS "channelId", m.content_type AS "contentType", m.text, m.content,
       m.created_at AS "createdAt", m.platform_message_id AS "platformMessageId",
       c.contact_id AS "contactId", c.thread_key AS "threadKey", c.handoff,
       EXISTS (SELECT 1 FROM messages r WHERE r.reply_to_message_id = m.id AND r.sender_kind = 'agent') AS answered,
       (SELECT COALESCE(json_agg(h ORDER BY h."createdAt", h.id), '[]'::json) FROM (
          SELECT direction, sender_kind AS "senderKind", content_type AS "contentType", text,
                 created_at AS "createdAt", id, conversation_id AS "conversationId",
                 ${channelPlatformSql({ id: 'channel_id', workspace: 'workspace_id' })} AS platform
            FROM messages
           WHERE conversation_id = ANY (ARRAY(SELECT o.id FROM conversations o
                   WHERE o.workspace_id = m.workspace_id AND o.contact_id = c.contact_id))
             AND workspace_id = m.workspace_id AND id <> m.id AND NOT private
             AND (created_at, id) < (m.created_at, m.id)
           ORDER BY created_at DESC, id DESC LIMIT $2) h) AS history,
       ch.channel,
       ${agentJsonSql({ id: "(ch.channel->>'agentId')::uuid", workspace: 'm.workspace_id' })} AS agent,
       ${contactNameSql({ id: 'c.contact_id', workspace: 'm.workspace_id' })} AS "contactName",
       ${contactHandleSql({ id: 'c.contact_id', workspace: 'm.workspace_id', platform: "ch.channel->>'platform'" })} AS "contactHandle"
  FROM messages m JOIN conversations c ON c.id = m.conversation_id
 CROSS JOIN LATERAL (SELECT ${channelJsonSql({ id: 'm.channel_id', workspace: 'm.workspace_id' })} AS channel) ch
 WHERE m.id = $1`,
  ['uuid', 'int'],
);

/**
 * Answers one inbound message with the channel's agent (job `agent-reply`, at-least-once).
 * Reloads everything from the database in one query (the message, its conversation and history from
 * the inbox's tables; its channel, agent and contact through subqueries the channels, agents and
 * contacts services provide, within the message's workspace) and returns early when there is nothing left to do (no
 * agent, answer already stored), so running it twice sends one reply. The agent is called with the
 * contact's recent history across all its conversations and platforms, each message marked with its
 * platform (private notes and drafts left out: the contact never saw them);
 * its answer is stored as a `queued` outbound message and the send job is enqueued in the same
 * transaction.
 *
 * The conversation's handoff decides, read again (under a row lock) when the answer is stored:
 * `agent` as above; `human` does nothing (the message stays stored, unanswered); `assisted` stores
 * the answer as a private draft of the agent (never sent) for a person to edit and send.
 *
 * While the agent writes an answer that will be sent (handoff `agent`) and takes longer than
 * {@link AGENT_TYPING_AFTER_MS}, the contact is shown a typing indicator (`whileTyping`, typing.ts).
 *
 * Errors: a transient agent failure (`OMNIFY_ERR_AGENT_FAILED`) is rethrown so the queue retries
 * with backoff; a permanent one is logged and the reply given up.
 */
export async function runAgentReply(deps: PipelineDeps, job: AgentReplyJob): Promise<void> {
  const { db, log, config } = deps;
  const found = await INBOUND.run<InboundRow>(db, db, [job.messageId, config.historyLimit]);
  const m = found.rows[0];
  // `human`: a person answers this conversation; the agent is silent.
  if (!m || m.answered || m.handoff === 'human') return;
  // Configs opened here, outside the try below: one that cannot be decrypted is a server fault, not
  // an agent's refusal.
  const channel = channelFromJson(deps.secrets, m.channel);
  if (!channel?.agentId) return;
  const agentRecord = agentFromJson(deps.secrets, m.agent);
  if (!agentRecord) return;

  const input: AgentInput = {
    conversationId: m.conversationId,
    channelId: m.channelId,
    platform: channel.platform,
    contact: { id: m.contactId, name: m.contactName, handle: m.contactHandle ?? m.threadKey },
    message: {
      id: m.id,
      contentType: m.contentType,
      text: m.text,
      content: m.content,
      createdAt: new Date(m.createdAt).toISOString(),
    },
    history: m.history.map(
      (h): HistoryItem => ({
        direction: h.direction,
        senderKind: h.senderKind,
        contentType: h.contentType,
        text: h.text,
        createdAt: new Date(h.createdAt).toISOString(),
        platform: h.platform ?? channel.platform,
        conversationId: h.conversationId,
      }),
    ),
  };

  let replyText: string | null;
  try {
    const agent = createAgent(agentRecord.kind, agentRecord.config, { http: outboundHttp(config) });
    const answer = agent.reply(input, AbortSignal.timeout(config.agentTimeoutMs));
    // The contact sees "typing…" while a slow agent writes (not for a draft a person may never send).
    const ids = { conversationId: m.conversationId, workspaceId: m.workspaceId };
    const reply =
      m.handoff === 'agent' ? await whileTyping(deps, ids, AGENT_TYPING_AFTER_MS, answer) : await answer;
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
    const stored = await insertAgentAnswer(db, tx, {
      workspaceId: m.workspaceId,
      conversationId: m.conversationId,
      channelId: m.channelId,
      text: replyText,
      replyToMessageId: m.id,
      replyToPlatformMessageId: m.platformMessageId,
    });
    if (!stored || stored.draft) return;
    const send: OutboundSendJob = { messageId: stored.id, attempt: 0 };
    await deps.queue.enqueue('outbound-send', send, {}, tx);
  });
}
