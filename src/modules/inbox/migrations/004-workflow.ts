import type { ModuleMigration } from '../../../kernel/module.ts';

/** A conversation event's columns and their values from a `conversations` row `n` (see migration 003). */
const CONVERSATION_COLUMNS = `conversation_status, channel_id, contact_id, last_message_at, snoozed_until,
  assignee_user_id, handoff, message_count, inbound_count`;
const CONVERSATION_VALUES = `n.status, n.channel_id, n.contact_id, n.last_message_at, n.snoozed_until,
  n.assignee_user_id, n.handoff, n.message_count, n.inbound_count`;

/**
 * How a team works a conversation: snooze, assignment, handoff, unread tracking and cheap counts.
 *
 * - `status` gains `snoozed`, with `snoozed_until` (required while snoozed; the `conversation-wake`
 *   job reopens it then). A stale `snoozed_until` on a conversation that is no longer snoozed is
 *   ignored, so no other writer (the ingest statement) can violate the CHECK.
 * - `assignee_user_id`: a user of the users module (no foreign key: users belong to that module).
 * - `handoff`: `agent` (the agent answers), `human` (it is silent), `assisted` (it drafts).
 * - `message_count` / `inbound_count`: so listing a conversation never counts its messages. Every
 *   statement that inserts messages adds them to its conversation's counts in the same statement
 *   (src/modules/inbox/message.repository.ts and the ingest statement, pipeline/store-inbound.ts,
 *   whose conversation upsert also reopens a `resolved` or `snoozed` conversation): one UPDATE of a
 *   conversation per statement, so one `conversation.updated` event, not a second trigger pass.
 *   Deleting messages (cascades) subtracts them in a statement-level trigger.
 * - `conversation_reads`: per user, when they last read the conversation and how many inbound
 *   messages it had then; unread = `inbound_count - read_inbound_count`.
 * - Agent drafts (`assisted`): a private message may now come from an agent as well as a user; it
 *   still has no delivery status and no platform id, so it is never sent.
 * - Conversation events (migration 003) carry the new columns: the event log gains them and the
 *   conversation trigger fills them.
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
    // Conversation events carry the new columns too (migration 003 stores events in typed columns).
    `ALTER TABLE events ADD COLUMN snoozed_until timestamptz, ADD COLUMN assignee_user_id uuid,
       ADD COLUMN handoff text, ADD COLUMN message_count integer, ADD COLUMN inbound_count integer`,
    `CREATE OR REPLACE FUNCTION inbox_conversations_announce() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NOT EXISTS (SELECT 1 FROM new_conversations) THEN RETURN NULL; END IF;
       PERFORM pg_advisory_xact_lock_shared(1869442665, 1702261875);
       IF TG_OP = 'INSERT' THEN
         INSERT INTO events (workspace_id, type, conversation_id, ${CONVERSATION_COLUMNS})
         SELECT n.workspace_id, 'conversation.created', n.id, ${CONVERSATION_VALUES}
           FROM new_conversations n ORDER BY n.created_at, n.id;
       ELSE
         INSERT INTO events (workspace_id, type, conversation_id, ${CONVERSATION_COLUMNS})
         SELECT n.workspace_id, 'conversation.updated', n.id, ${CONVERSATION_VALUES}
           FROM new_conversations n JOIN old_conversations o ON o.id = n.id
          WHERE (n.*) IS DISTINCT FROM (o.*)
          ORDER BY n.last_message_at, n.id;
       END IF;
       IF FOUND THEN PERFORM pg_notify('omnify_events', ''); END IF;
       RETURN NULL;
     END $$`,
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
    `CREATE TRIGGER messages_counted_on_delete AFTER DELETE ON messages
       REFERENCING OLD TABLE AS deleted_messages FOR EACH STATEMENT EXECUTE FUNCTION inbox_messages_deleted()`,
    `ALTER TABLE messages DROP CONSTRAINT messages_private_never_sent`,
    `ALTER TABLE messages ADD CONSTRAINT messages_private_never_sent
       CHECK (NOT private OR (direction = 'outbound' AND sender_kind IN ('user', 'agent') AND status IS NULL
         AND platform_message_id IS NULL))`,
  ],
};
