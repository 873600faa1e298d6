import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * How a team works a conversation: snooze, assignment, handoff, unread tracking and cheap counts.
 *
 * - `status` gains `snoozed`, with `snoozed_until` (required while snoozed; the `conversation-wake`
 *   job reopens it then). A stale `snoozed_until` on a conversation that is no longer snoozed is
 *   ignored, so no other writer (the ingest statement) can violate the CHECK.
 * - `assignee_user_id`: a user of the users module (no foreign key: users belong to that module).
 * - `handoff`: `agent` (the agent answers), `human` (it is silent), `assisted` (it drafts).
 * - `message_count` / `inbound_count`: kept by statement-level triggers on messages (one UPDATE per
 *   statement, however many rows a batched ingest inserts), so listing a conversation never counts
 *   its messages. The insert trigger also reopens a `resolved` or `snoozed` conversation when an
 *   inbound message arrives, whichever path stored it.
 * - `conversation_reads`: per user, when they last read the conversation and how many inbound
 *   messages it had then; unread = `inbound_count - read_inbound_count`.
 * - Agent drafts (`assisted`): a private message may now come from an agent as well as a user; it
 *   still has no delivery status and no platform id, so it is never sent.
 */
export const migration: ModuleMigration = {
  version: 4,
  name: 'workflow',
  statements: [
    `ALTER TABLE conversations DROP CONSTRAINT conversations_status_check`,
    `ALTER TABLE conversations ADD CONSTRAINT conversations_status_check
       CHECK (status IN ('open', 'pending', 'resolved', 'snoozed'))`,
    `ALTER TABLE conversations ADD COLUMN snoozed_until timestamptz`,
    `ALTER TABLE conversations ADD CONSTRAINT conversations_snooze_has_time
       CHECK (status <> 'snoozed' OR snoozed_until IS NOT NULL)`,
    `ALTER TABLE conversations ADD COLUMN assignee_user_id uuid`,
    `ALTER TABLE conversations ADD COLUMN handoff text NOT NULL DEFAULT 'agent'
       CHECK (handoff IN ('agent', 'human', 'assisted'))`,
    `ALTER TABLE conversations ADD COLUMN message_count integer NOT NULL DEFAULT 0`,
    `ALTER TABLE conversations ADD COLUMN inbound_count integer NOT NULL DEFAULT 0`,
    `UPDATE conversations c SET message_count = n.total, inbound_count = n.inbound
       FROM (SELECT conversation_id, count(*)::int AS total,
                    (count(*) FILTER (WHERE direction = 'inbound'))::int AS inbound
               FROM messages GROUP BY conversation_id) n
      WHERE c.id = n.conversation_id`,
    // The tabs (Mine / Unassigned) and the status filter page over these.
    `CREATE INDEX conversations_assignee ON conversations (workspace_id, assignee_user_id, last_message_at DESC, id DESC)`,
    `CREATE INDEX conversations_status ON conversations (workspace_id, status, last_message_at DESC, id DESC)`,
    `CREATE TABLE conversation_reads (
      conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      user_id uuid NOT NULL,
      workspace_id uuid NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      last_read_at timestamptz NOT NULL DEFAULT now(),
      read_inbound_count integer NOT NULL DEFAULT 0,
      PRIMARY KEY (conversation_id, user_id)
    )`,
    `CREATE FUNCTION inbox_messages_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE conversations c SET
         message_count = c.message_count + n.total,
         inbound_count = c.inbound_count + n.inbound,
         status = CASE WHEN n.inbound > 0 AND c.status IN ('resolved', 'snoozed') THEN 'open' ELSE c.status END,
         snoozed_until = CASE WHEN n.inbound > 0 THEN NULL ELSE c.snoozed_until END
       FROM (SELECT conversation_id, count(*)::int AS total,
                    (count(*) FILTER (WHERE direction = 'inbound'))::int AS inbound
               FROM inserted_messages GROUP BY conversation_id) n
       WHERE c.id = n.conversation_id;
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION inbox_messages_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       UPDATE conversations c SET
         message_count = GREATEST(c.message_count - n.total, 0),
         inbound_count = GREATEST(c.inbound_count - n.inbound, 0)
       FROM (SELECT conversation_id, count(*)::int AS total,
                    (count(*) FILTER (WHERE direction = 'inbound'))::int AS inbound
               FROM deleted_messages GROUP BY conversation_id) n
       WHERE c.id = n.conversation_id;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER messages_counted_on_insert AFTER INSERT ON messages
       REFERENCING NEW TABLE AS inserted_messages FOR EACH STATEMENT EXECUTE FUNCTION inbox_messages_inserted()`,
    `CREATE TRIGGER messages_counted_on_delete AFTER DELETE ON messages
       REFERENCING OLD TABLE AS deleted_messages FOR EACH STATEMENT EXECUTE FUNCTION inbox_messages_deleted()`,
    `ALTER TABLE messages DROP CONSTRAINT messages_private_never_sent`,
    `ALTER TABLE messages ADD CONSTRAINT messages_private_never_sent
       CHECK (NOT private OR (direction = 'outbound' AND sender_kind IN ('user', 'agent') AND status IS NULL
         AND platform_message_id IS NULL))`,
  ],
};
