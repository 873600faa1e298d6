import type { InboundMessage, Platform } from '../../../integrations/contract/message.ts';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import { isStorableDate } from '../../../kernel/dates/platform-time.ts';
import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { PreparedStatement } from '../../../kernel/db/prepared.ts';
import type { ChannelRecord } from '../../channels/channels.service.ts';
import {
  deleteOrphanContacts,
  IDENTITY_ORPHANS_SQL,
  identityResolutionCtes,
  normalizePhone,
  resolveIdentity,
  strongKeys,
} from '../../contacts/contacts.service.ts';
import { insertInbound } from '../message.repository.ts';

/**
 * One statement that stores a batch of inbound messages of one channel with everything around
 * them. Per message: skip it when already stored (or repeated within the batch), find or create the
 * sender's identity and contact (CTEs owned by the contacts module: `identityResolutionCtes`),
 * upsert the conversation, insert the message. The conversation upsert is the statement's one write
 * of each conversation: activity bumped, the batch's messages added to `message_count` and
 * `inbound_count`, reopened if `resolved` or `snoozed` (migration 004), so it makes one
 * `conversation.created` or `conversation.updated` event (migration 003) whatever the number of
 * messages. Data-modifying CTEs share one snapshot, so a message whose identity or dedupe key another
 * transaction wrote meanwhile comes back with no id and `duplicate = false`; the caller stores those
 * step by step, first taking back from the counts those that were `counted`. `orphans` are contacts
 * created for identities that lost such a race.
 *
 * $1 workspace, $2 channel, $3 platform, $4 JSON array of messages (see `toRow`).
 */
const STORE_BATCH_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($4::jsonb) AS x(idx int, handle text, display_name text, phone text,
    username text, link_phone text, link_email text, thread_key text, dedupe_key text, content_type text, body text, content jsonb, raw jsonb,
    platform_message_id text, reply_to text, edited boolean, sent_at timestamptz, issue_code text, issue_message text,
    reply_context jsonb)
), fresh AS (
  -- Lookups are scalar subqueries and LATERAL … LIMIT 1 so they stay index probes per row: with a
  -- join the planner may hash a whole table when its statistics are stale.
  SELECT DISTINCT ON (i.dedupe_key) i.* FROM input i
   WHERE (SELECT 1 FROM messages m WHERE m.channel_id = $2 AND m.dedupe_key = i.dedupe_key AND m.direction = 'inbound' LIMIT 1) IS NULL
   ORDER BY i.dedupe_key, i.idx
), senders AS (
  SELECT DISTINCT ON (handle) handle, display_name, phone, username, link_phone, link_email FROM fresh ORDER BY handle, idx DESC
), ${identityResolutionCtes({ workspace: '$1', platform: '$3' })}, threads AS (
  SELECT DISTINCT ON (f.thread_key) f.thread_key, d.contact_id FROM fresh f JOIN ident d ON d.handle = f.handle ORDER BY f.thread_key, f.idx
), conv AS (
  -- Every fresh message of a thread listed here is inserted below (or loses a race: see above).
  -- In thread order, so that concurrent batches lock the conversations they share in one order.
  INSERT INTO conversations (workspace_id, channel_id, contact_id, thread_key, message_count, inbound_count, reply_context)
  SELECT $1, $2, t.contact_id, t.thread_key, n.n, n.n,
    -- The thread's latest reply context in the batch (ChannelAdapter contract: each one replaces the last).
    (SELECT r.reply_context FROM fresh r WHERE r.thread_key = t.thread_key AND r.reply_context IS NOT NULL ORDER BY r.idx DESC LIMIT 1)
    FROM threads t JOIN (SELECT thread_key, count(*)::int AS n FROM fresh GROUP BY thread_key) n ON n.thread_key = t.thread_key
   ORDER BY t.thread_key
  ON CONFLICT (channel_id, thread_key) DO UPDATE SET last_message_at = now(),
    reply_context = COALESCE(excluded.reply_context, conversations.reply_context),
    message_count = conversations.message_count + excluded.message_count,
    inbound_count = conversations.inbound_count + excluded.inbound_count,
    status = CASE WHEN conversations.status IN ('resolved', 'snoozed') THEN 'open' ELSE conversations.status END,
    snoozed_until = NULL
  RETURNING id, thread_key
), msg AS (
  INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text,
    content, raw, platform_message_id, dedupe_key, reply_to_platform_message_id, reply_to_message_id, edited, sent_at,
    error_code, error_message, created_at)
  SELECT $1, c.id, $2, 'inbound', 'contact', f.content_type, f.body, f.content, f.raw, f.platform_message_id, f.dedupe_key,
    f.reply_to, CASE WHEN f.reply_to IS NULL THEN NULL
      ELSE (SELECT q.id FROM messages q WHERE q.channel_id = $2 AND q.platform_message_id = f.reply_to LIMIT 1) END,
    f.edited, COALESCE(f.sent_at, now()), f.issue_code, f.issue_message,
    -- Messages of one batch keep their arrival order (now() is the same for the whole transaction).
    now() + f.idx * interval '1 microsecond'
  FROM fresh f JOIN conv c ON c.thread_key = f.thread_key ORDER BY f.idx
  ON CONFLICT (channel_id, dedupe_key) WHERE direction = 'inbound' DO NOTHING
  RETURNING id, dedupe_key
)
SELECT i.idx, m.id, f.idx IS NULL AS duplicate,
  f.idx IS NOT NULL AND EXISTS (SELECT 1 FROM threads t WHERE t.thread_key = f.thread_key) AS counted,
  ${IDENTITY_ORPHANS_SQL} AS orphans
FROM input i LEFT JOIN fresh f ON f.idx = i.idx LEFT JOIN msg m ON m.dedupe_key = f.dedupe_key
ORDER BY i.idx`;

/** The batch statement, planned once per database (src/kernel/db/prepared.ts). */
const STORE_BATCH = new PreparedStatement('omnify_inbox_store_batch', STORE_BATCH_SQL, [
  'uuid',
  'uuid',
  'text',
  'jsonb',
]);

/**
 * Takes back from their conversations' counts messages the batch statement counted but did not
 * insert (they lost a race; stored step by step next, which counts them if they are new).
 * $1 channel, $2 thread keys (one per message, repeated for several).
 */
const UNCOUNT_SQL = `
UPDATE conversations c SET message_count = c.message_count - n.n, inbound_count = c.inbound_count - n.n
  FROM (SELECT k AS thread_key, count(*)::int AS n FROM unnest($2::text[]) AS k GROUP BY k) n
 WHERE c.channel_id = $1 AND c.thread_key = n.thread_key`;

/**
 * Seals an inbound message's `replyContext` for `conversations.reply_context`, bound to the
 * conversation's channel and thread key (its id may not exist yet); null when it has none.
 */
export function sealReplyContext(
  secrets: SecretBox,
  channelId: string,
  m: Pick<InboundMessage, 'threadKey' | 'replyContext'>,
): unknown {
  if (!m.replyContext) return null;
  return secrets.seal(m.replyContext, 'conversations', 'reply_context', `${channelId}:${m.threadKey}`);
}

/** Opens a conversation's sealed `reply_context` (see {@link sealReplyContext}); undefined when none. */
export function openReplyContext(
  secrets: SecretBox,
  stored: unknown,
  channelId: string,
  threadKey: string,
): Record<string, string> | undefined {
  if (stored === null || stored === undefined) return undefined;
  return secrets.open<Record<string, string>>(
    stored,
    'conversations',
    'reply_context',
    `${channelId}:${threadKey}`,
  );
}

function toRow(m: InboundMessage, idx: number, replyContext: unknown, channel: ChannelRecord) {
  const country = channel.defaultCountry ?? undefined;
  const keys = strongKeys(channel.platform, m.sender, country);
  return {
    idx,
    handle: m.sender.handle,
    display_name: m.sender.displayName ?? null,
    // A vouched phone was read once already, as the strong key.
    phone: keys.phone ?? normalizePhone(m.sender.phoneE164, country),
    username: m.sender.username ?? null,
    link_phone: keys.phone,
    link_email: keys.email,
    thread_key: m.threadKey,
    dedupe_key: m.dedupeKey,
    content_type: m.content.type,
    body: m.text,
    content: m.content,
    raw: m.raw ?? null,
    platform_message_id: m.platformMessageId,
    reply_to: m.replyToPlatformMessageId ?? null,
    edited: m.edited ?? false,
    // Normalizers only produce storable dates; a bad one still never fails the batch (receipt time).
    sent_at: isStorableDate(m.sentAt) ? m.sentAt.toISOString() : null,
    issue_code: m.issue?.code ?? null,
    issue_message: m.issue?.message ?? null,
    reply_context: replyContext,
  };
}

/**
 * Stores inbound messages of one channel in the caller's transaction `tx` (of database `db`),
 * normally in one statement. Returns, in order, each message's new id, or null when it was already
 * stored (a redelivery, or the same message twice in the batch). Messages that lost a race with a
 * concurrent transaction are stored step by step (`resolveIdentity`, conversation upsert,
 * `insertInbound`).
 */
export async function storeInbound(
  db: Database,
  secrets: SecretBox,
  tx: Queryable,
  channel: ChannelRecord,
  messages: InboundMessage[],
): Promise<(string | null)[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((m, i) => toRow(m, i, sealReplyContext(secrets, channel.id, m), channel));
  const r = await STORE_BATCH.run<{
    idx: number;
    id: string | null;
    duplicate: boolean;
    counted: boolean;
    orphans: string[] | null;
  }>(db, tx, [channel.workspaceId, channel.id, channel.platform, JSON.stringify(rows)]);
  await deleteOrphanContacts(tx, r.rows[0]?.orphans ?? []);
  const uncount = r.rows
    .filter((row) => !row.id && !row.duplicate && row.counted)
    .map((row) => messages[row.idx]!.threadKey);
  if (uncount.length > 0) await tx.query(UNCOUNT_SQL, [channel.id, uncount]);
  const ids: (string | null)[] = [];
  for (const row of r.rows) {
    const m = messages[row.idx]!;
    if (row.id || row.duplicate) ids.push(row.id);
    else ids.push(await storeStepByStep(tx, channel, m, rows[row.idx]!.reply_context));
  }
  return ids;
}

async function storeStepByStep(
  tx: Queryable,
  channel: ChannelRecord,
  m: InboundMessage,
  replyContext: unknown,
): Promise<string | null> {
  const { contactId } = await resolveIdentity(
    tx,
    channel.workspaceId,
    channel.platform as Platform,
    m.sender,
    {
      defaultCountry: channel.defaultCountry,
    },
  );
  // Found or created, not changed (an update that changes nothing writes no event): `insertInbound`
  // bumps, counts and reopens it with the message.
  const conv = await tx.query<{ id: string }>(
    `INSERT INTO conversations (workspace_id, channel_id, contact_id, thread_key, reply_context) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (channel_id, thread_key) DO UPDATE SET thread_key = excluded.thread_key,
       reply_context = COALESCE(excluded.reply_context, conversations.reply_context) RETURNING id`,
    [
      channel.workspaceId,
      channel.id,
      contactId,
      m.threadKey,
      replyContext === null ? null : JSON.stringify(replyContext),
    ],
  );
  return insertInbound(
    tx,
    { workspaceId: channel.workspaceId, conversationId: conv.rows[0]!.id, channelId: channel.id },
    m,
  );
}
