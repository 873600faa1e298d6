import {
  DELIVERY_STATUS_RANK,
  type InboundMessage,
  type StatusUpdate,
} from '../../integrations/contract/message.ts';
import { isStorableDate } from '../../kernel/dates/platform-time.ts';
import type { Queryable } from '../../kernel/db/database.ts';

/*
 * The write side of `messages`: inbound, replies, notes and delivery statuses. What the API reads
 * (the timeline's views and pages) is in message-view.ts and timeline.repository.ts.
 */

/**
 * The tail of a statement that inserts one message as CTE `m` (returning `id, conversation_id`):
 * the same statement adds it to its conversation's counts (migration 004), with `set` (more
 * `SET` items) for what else the message changes, so the conversation is written once and makes
 * one `conversation.updated` event. Selects the new message's `id` (no row when none was inserted).
 */
function countedIn(inbound: boolean, set = ''): string {
  return `, c AS (
  UPDATE conversations SET message_count = conversations.message_count + 1${
    inbound ? ', inbound_count = conversations.inbound_count + 1' : ''
  }${set}
    FROM m WHERE conversations.id = m.conversation_id)
SELECT m.id FROM m`;
}

/** What an inbound message does to its conversation: activity now, reopened if resolved or snoozed. */
const INBOUND_SET = `, last_message_at = now(),
    status = CASE WHEN conversations.status IN ('resolved', 'snoozed') THEN 'open' ELSE conversations.status END,
    snoozed_until = NULL`;

/**
 * Stores an inbound message once per `(channel, dedupeKey)` and, in the same statement, counts it
 * in its conversation, bumps the conversation's activity and reopens it if resolved or snoozed.
 * `created_at` is when we received it (conversation order); `sent_at` keeps the platform's own
 * timestamp (the receipt time when it is not storable), `error` the message's `issue` if any.
 * Returns the new id, or null when the platform had already delivered it (nothing changed then).
 */
export async function insertInbound(
  tx: Queryable,
  ids: { workspaceId: string; conversationId: string; channelId: string },
  m: InboundMessage,
): Promise<string | null> {
  const r = await tx.query<{ id: string }>(
    `WITH m AS (
     INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text,
       content, raw, platform_message_id, dedupe_key, reply_to_platform_message_id, reply_to_message_id, edited, sent_at,
       error_code, error_message)
     VALUES ($1, $2, $3, 'inbound', 'contact', $4, $5, $6, $7, $8, $9, $10,
       CASE WHEN $10::text IS NULL THEN NULL
         ELSE (SELECT id FROM messages WHERE channel_id = $3 AND platform_message_id = $10::text LIMIT 1) END, $11,
       COALESCE($12::timestamptz, now()), $13, $14)
     ON CONFLICT (channel_id, dedupe_key) WHERE direction = 'inbound' DO NOTHING RETURNING id, conversation_id
    )${countedIn(true, INBOUND_SET)}`,
    [
      ids.workspaceId,
      ids.conversationId,
      ids.channelId,
      m.content.type,
      m.text,
      JSON.stringify(m.content),
      JSON.stringify(m.raw ?? null),
      m.platformMessageId,
      m.dedupeKey,
      m.replyToPlatformMessageId ?? null,
      m.edited ?? false,
      isStorableDate(m.sentAt) ? m.sentAt.toISOString() : null,
      m.issue?.code ?? null,
      m.issue?.message ?? null,
    ],
  );
  return r.rows[0]?.id ?? null;
}

/**
 * Stores a person's reply (sender `user`) as an outbound text message in state `queued` and, in the
 * same statement, counts it in its conversation, bumps the conversation's activity and, when the
 * conversation's handoff is `agent`, makes it `human` (the agent falls silent). Returns the new id.
 */
export async function insertReply(
  tx: Queryable,
  o: {
    workspaceId: string;
    conversationId: string;
    channelId: string;
    text: string;
    senderUserId: string | null;
  },
): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `WITH m AS (
     INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text,
       content, status, sender_user_id)
     VALUES ($1, $2, $3, 'outbound', 'user', 'text', $4, $5, 'queued', $6) RETURNING id, conversation_id
    )${countedIn(
      false,
      `, last_message_at = now(),
    handoff = CASE WHEN conversations.handoff = 'agent' THEN 'human' ELSE conversations.handoff END`,
    )}`,
    [
      o.workspaceId,
      o.conversationId,
      o.channelId,
      o.text,
      JSON.stringify({ type: 'text', text: o.text }),
      o.senderUserId,
    ],
  );
  return r.rows[0]!.id;
}

/**
 * Stores a private note of the team in a conversation (`private`, from a user, no delivery status,
 * so nothing ever sends it: the table's CHECK refuses a status or platform id on it) and counts it in
 * its conversation in the same statement. Returns the note's id.
 */
export async function insertNote(
  tx: Queryable,
  o: {
    workspaceId: string;
    conversationId: string;
    channelId: string;
    text: string;
    senderUserId: string | null;
  },
): Promise<string> {
  const r = await tx.query<{ id: string }>(
    `WITH m AS (
     INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, private, content_type,
       text, content, sender_user_id)
     VALUES ($1, $2, $3, 'outbound', 'user', true, 'text', $4, $5, $6) RETURNING id, conversation_id
    )${countedIn(false)}`,
    [
      o.workspaceId,
      o.conversationId,
      o.channelId,
      o.text,
      JSON.stringify({ type: 'text', text: o.text }),
      o.senderUserId,
    ],
  );
  return r.rows[0]!.id;
}

/**
 * Applies a platform delivery status to the outbound message with that platform id. Statuses only
 * move forward (queued → sent → delivered → read); `failed` records the platform's error.
 * Returns true when a message changed.
 */
export async function applyStatus(tx: Queryable, channelId: string, s: StatusUpdate): Promise<boolean> {
  const lower = Object.entries(DELIVERY_STATUS_RANK)
    .filter(([, rank]) => rank < DELIVERY_STATUS_RANK[s.status])
    .map(([name]) => name);
  const r = await tx.query(
    `UPDATE messages SET status = $3, error_code = COALESCE($4, error_code), error_message = COALESCE($5, error_message),
       updated_at = now()
     WHERE channel_id = $1 AND direction = 'outbound' AND platform_message_id = $2
       AND (status IS NULL OR status = ANY($6::text[]))`,
    [channelId, s.platformMessageId, s.status, s.error?.code ?? null, s.error?.message ?? null, lower],
  );
  return r.rowCount > 0;
}
