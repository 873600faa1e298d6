import type { ChannelRecord } from '../channels/channel.repository.ts';
import type { InboundMessage, Platform } from '../core/message.ts';
import type { Queryable } from '../db/database.ts';
import { resolveIdentity } from '../inbox/contact.repository.ts';
import { insertInbound } from '../inbox/message.repository.ts';

/**
 * One statement that stores an inbound message with everything around it: skips a redelivery,
 * finds or creates the identity and its contact, upserts the conversation (bumping its activity and
 * reopening it if resolved), and inserts the message. Data-modifying CTEs share one snapshot, so
 * when another transaction created the same identity meanwhile, the statement stores nothing and
 * says so (`needs_fallback`); the caller then takes the step-by-step path.
 */
const STORE_INBOUND_SQL = `
WITH seen AS (
  SELECT 1 FROM messages WHERE channel_id = $2 AND dedupe_key = $9 AND direction = 'inbound'
), found AS (
  SELECT id, contact_id, display_name FROM identities WHERE workspace_id = $1 AND platform = $3 AND handle = $4
), renamed AS (
  UPDATE identities SET display_name = $5, username = COALESCE($7, username)
   WHERE id = (SELECT id FROM found) AND $5::text IS NOT NULL AND display_name IS DISTINCT FROM $5::text
     AND NOT EXISTS (SELECT 1 FROM seen)
), new_contact AS (
  INSERT INTO contacts (workspace_id, name, phone_e164)
  SELECT $1, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM found) AND NOT EXISTS (SELECT 1 FROM seen)
  RETURNING id
), new_identity AS (
  INSERT INTO identities (workspace_id, contact_id, platform, handle, display_name, username)
  SELECT $1, id, $3, $4, $5, $7 FROM new_contact
  ON CONFLICT (workspace_id, platform, handle) DO NOTHING
  RETURNING contact_id
), ident AS (
  SELECT contact_id FROM found UNION ALL SELECT contact_id FROM new_identity
), conv AS (
  INSERT INTO conversations (workspace_id, channel_id, contact_id, thread_key)
  SELECT $1, $2, contact_id, $8 FROM ident WHERE NOT EXISTS (SELECT 1 FROM seen) LIMIT 1
  ON CONFLICT (channel_id, thread_key) DO UPDATE SET last_message_at = now(),
    status = CASE WHEN conversations.status = 'resolved' THEN 'open' ELSE conversations.status END
  RETURNING id
), msg AS (
  INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text,
    content, raw, platform_message_id, dedupe_key, reply_to_platform_message_id, reply_to_message_id, edited, sent_at)
  SELECT $1, conv.id, $2, 'inbound', 'contact', $10, $11, $12, $13, $14, $9, $15,
    (SELECT id FROM messages WHERE channel_id = $2 AND platform_message_id = $15 LIMIT 1), $16, $17
  FROM conv
  ON CONFLICT (channel_id, dedupe_key) WHERE direction = 'inbound' DO NOTHING
  RETURNING id
)
SELECT (SELECT id FROM msg) AS id, EXISTS (SELECT 1 FROM seen) AS duplicate, (SELECT id FROM new_contact) AS new_contact_id`;

/**
 * Stores one inbound message in the caller's transaction. Returns the new message id, or null when
 * the platform had already delivered it. Usually one round trip; falls back to the step-by-step
 * path (`resolveIdentity`, conversation upsert, `insertInbound`) after an identity race.
 */
export async function storeInbound(
  tx: Queryable,
  channel: ChannelRecord,
  m: InboundMessage,
): Promise<string | null> {
  const r = await tx.query<{ id: string | null; duplicate: boolean; new_contact_id: string | null }>(
    STORE_INBOUND_SQL,
    [
      channel.workspaceId,
      channel.id,
      channel.platform,
      m.sender.handle,
      m.sender.displayName ?? null,
      m.sender.phoneE164 ?? null,
      m.sender.username ?? null,
      m.threadKey,
      m.dedupeKey,
      m.content.type,
      m.text,
      JSON.stringify(m.content),
      JSON.stringify(m.raw ?? null),
      m.platformMessageId,
      m.replyToPlatformMessageId ?? null,
      m.edited ?? false,
      m.sentAt.toISOString(),
    ],
  );
  const row = r.rows[0]!;
  if (row.id) return row.id;
  if (row.duplicate) return null;
  // Lost a race on the identity (or the message's dedupe key): drop our orphan contact and go step by step.
  if (row.new_contact_id) await tx.query('DELETE FROM contacts WHERE id = $1', [row.new_contact_id]);
  const { contactId } = await resolveIdentity(
    tx,
    channel.workspaceId,
    channel.platform as Platform,
    m.sender,
  );
  const conv = await tx.query<{ id: string }>(
    `INSERT INTO conversations (workspace_id, channel_id, contact_id, thread_key) VALUES ($1, $2, $3, $4)
     ON CONFLICT (channel_id, thread_key) DO UPDATE SET last_message_at = now() RETURNING id`,
    [channel.workspaceId, channel.id, contactId, m.threadKey],
  );
  return insertInbound(
    tx,
    { workspaceId: channel.workspaceId, conversationId: conv.rows[0]!.id, channelId: channel.id },
    m,
  );
}
