import type { ModuleMigration } from '../../../kernel/module.ts';

/** The writers' advisory lock (events.schema.ts `EVENT_WRITER_LOCK`; fixed forever). */
const WRITER_LOCK = 'pg_advisory_xact_lock_shared(1869442665, 1702261875)';

/**
 * The columns of a message event and the values that fill them from a `messages` row `n`: what a live
 * inbox shows without refetching (`raw` and `content` stay out: they can be large). Typed columns,
 * not JSON: building JSON per row in the writing transaction cost more than storing the event; the
 * reader turns them into the API's shape (events.repository.ts).
 */
const MESSAGE_COLUMNS = `direction, sender_kind, private, content_type, preview, delivery_status, edited, attempts,
  error_code, error_message, message_created_at`;
const MESSAGE_VALUES = `n.direction, n.sender_kind, n.private, n.content_type, left(n.text, 200), n.status, n.edited,
  n.attempts, n.error_code, n.error_message, n.created_at`;

/** A message update shows in an event only when a field an event carries changed. */
const MESSAGE_CHANGED = `(n.direction, n.sender_kind, n.private, n.content_type, n.text, n.status, n.edited, n.attempts,
  n.error_code, n.error_message) IS DISTINCT FROM (o.direction, o.sender_kind, o.private, o.content_type, o.text,
  o.status, o.edited, o.attempts, o.error_code, o.error_message)`;

/** The columns of a conversation event (migration 004 adds its workflow columns to both). */
const CONVERSATION_COLUMNS = 'conversation_status, channel_id, contact_id, last_message_at';
const CONVERSATION_VALUES = 'n.status, n.channel_id, n.contact_id, n.last_message_at';

/**
 * The inbox's event log for live clients (`GET /api/v1/events`, docs/api-events.md).
 *
 * Statement-level triggers on `messages` and `conversations` write one `events` row per created or
 * changed row with one INSERT … SELECT from the statement's transition table (a batched ingest of
 * N messages costs one insert, not N), then `pg_notify('omnify_events', '')`: readers only need to
 * know that something came (they read the log after their position), so the notifications of one
 * transaction are one (PostgreSQL folds identical ones). An UPDATE that changed nothing an event
 * shows (a message's `updated_at` or `sent_at` alone, a conversation's nothing at all) writes no
 * event. Before drawing ids a writer takes the shared advisory lock `WRITER_LOCK` for the rest of its
 * transaction, so that readers can tell which transactions may still commit an id lower than one
 * already visible (events.hub.ts). No foreign keys: an event outlives nothing for long (pruned
 * after 24 h) and a per-row check would cost every batched insert.
 *
 * An event stores the row after the change in typed columns: the message columns on `message.*`
 * events, the conversation columns on `conversation.*` events, the others NULL.
 */
export const migration: ModuleMigration = {
  version: 3,
  name: 'events',
  statements: [
    `CREATE TABLE events (
      id bigserial PRIMARY KEY,
      workspace_id uuid NOT NULL,
      type text NOT NULL CHECK (type IN ('message.created', 'message.updated', 'conversation.created',
        'conversation.updated')),
      conversation_id uuid NOT NULL,
      message_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      direction text,
      sender_kind text,
      private boolean,
      content_type text,
      preview text,
      delivery_status text,
      edited boolean,
      attempts integer,
      error_code text,
      error_message text,
      message_created_at timestamptz,
      conversation_status text,
      channel_id uuid,
      contact_id uuid,
      last_message_at timestamptz
    )`,
    // A stream resuming after an id reads its workspace's events from there.
    `CREATE INDEX events_workspace ON events (workspace_id, id)`,
    `CREATE FUNCTION inbox_messages_announce() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NOT EXISTS (SELECT 1 FROM new_messages) THEN RETURN NULL; END IF;
       PERFORM ${WRITER_LOCK};
       IF TG_OP = 'INSERT' THEN
         INSERT INTO events (workspace_id, type, conversation_id, message_id, ${MESSAGE_COLUMNS})
         SELECT n.workspace_id, 'message.created', n.conversation_id, n.id, ${MESSAGE_VALUES}
           FROM new_messages n ORDER BY n.created_at, n.id;
       ELSE
         INSERT INTO events (workspace_id, type, conversation_id, message_id, ${MESSAGE_COLUMNS})
         SELECT n.workspace_id, 'message.updated', n.conversation_id, n.id, ${MESSAGE_VALUES}
           FROM new_messages n JOIN old_messages o ON o.id = n.id
          WHERE ${MESSAGE_CHANGED}
          ORDER BY n.created_at, n.id;
       END IF;
       IF FOUND THEN PERFORM pg_notify('omnify_events', ''); END IF;
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION inbox_conversations_announce() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NOT EXISTS (SELECT 1 FROM new_conversations) THEN RETURN NULL; END IF;
       PERFORM ${WRITER_LOCK};
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
    // Named to fire before other statement triggers on the same table (PostgreSQL fires them in
    // name order). A statement that inserts messages writes their conversations (counts, activity:
    // migration 004) in a CTE of its own, once each, so each conversation gets one event per statement.
    `CREATE TRIGGER messages_announced_on_insert AFTER INSERT ON messages
       REFERENCING NEW TABLE AS new_messages FOR EACH STATEMENT EXECUTE FUNCTION inbox_messages_announce()`,
    `CREATE TRIGGER messages_announced_on_update AFTER UPDATE ON messages
       REFERENCING OLD TABLE AS old_messages NEW TABLE AS new_messages
       FOR EACH STATEMENT EXECUTE FUNCTION inbox_messages_announce()`,
    `CREATE TRIGGER conversations_announced_on_insert AFTER INSERT ON conversations
       REFERENCING NEW TABLE AS new_conversations FOR EACH STATEMENT EXECUTE FUNCTION inbox_conversations_announce()`,
    `CREATE TRIGGER conversations_announced_on_update AFTER UPDATE ON conversations
       REFERENCING OLD TABLE AS old_conversations NEW TABLE AS new_conversations
       FOR EACH STATEMENT EXECUTE FUNCTION inbox_conversations_announce()`,
  ],
};
