import type { ModuleMigration } from '../../../kernel/module.ts';

/** The writers' advisory lock (events.schema.ts `EVENT_WRITER_LOCK`; fixed forever). */
const WRITER_LOCK = 'pg_advisory_xact_lock_shared(1869442665, 1702261875)';

/**
 * A message's payload, built inline (no function call per row): what a live inbox shows without
 * refetching. `raw` and `content` stay out (they can be large); times are stored as PostgreSQL
 * prints them and turned into ISO 8601 UTC on the way out (events.repository.ts).
 */
const MESSAGE_PAYLOAD = `jsonb_build_object('message', jsonb_build_object(
  'direction', n.direction, 'senderKind', n.sender_kind, 'private', n.private,
  'contentType', n.content_type, 'preview', left(n.text, 200), 'status', n.status,
  'edited', n.edited, 'attempts', n.attempts, 'errorCode', n.error_code, 'errorMessage', n.error_message,
  'createdAt', n.created_at))`;

/**
 * The inbox's event log for live clients (`GET /api/v1/events`, docs/api-events.md).
 *
 * Statement-level triggers on `messages` and `conversations` write one `events` row per created or
 * changed row with one INSERT … SELECT from the statement's transition table (a batched ingest of
 * N messages costs one insert, not N), then `pg_notify('omnify_events', <highest new id>)` once;
 * an UPDATE that changed nothing (besides `messages.updated_at`) writes no event. Before drawing
 * ids a writer takes the shared advisory lock `WRITER_LOCK` for the rest of its transaction, so
 * that readers can tell which transactions may still commit an id lower than one already visible
 * (events.hub.ts). No foreign keys: an event outlives nothing for long (pruned after 24 h) and a
 * per-row check would cost every batched insert.
 *
 * A conversation event stores the row as JSON (`to_jsonb`, small), so columns added later (migration
 * 004's snooze, assignee, handoff and counts) reach clients without changing these triggers; the
 * API picks and renames its fields (events.repository.ts).
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
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // A stream resuming after an id reads its workspace's events from there.
    `CREATE INDEX events_workspace ON events (workspace_id, id)`,
    `CREATE FUNCTION inbox_messages_announce() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE last_id bigint;
     BEGIN
       IF NOT EXISTS (SELECT 1 FROM new_messages) THEN RETURN NULL; END IF;
       PERFORM ${WRITER_LOCK};
       IF TG_OP = 'INSERT' THEN
         WITH added AS (
           INSERT INTO events (workspace_id, type, conversation_id, message_id, payload)
           SELECT n.workspace_id, 'message.created', n.conversation_id, n.id, ${MESSAGE_PAYLOAD}
             FROM new_messages n ORDER BY n.created_at, n.id
           RETURNING id)
         SELECT max(id) INTO last_id FROM added;
       ELSE
         WITH added AS (
           INSERT INTO events (workspace_id, type, conversation_id, message_id, payload)
           SELECT n.workspace_id, 'message.updated', n.conversation_id, n.id, ${MESSAGE_PAYLOAD}
             FROM new_messages n JOIN old_messages o ON o.id = n.id
            WHERE to_jsonb(n) - 'updated_at' IS DISTINCT FROM to_jsonb(o) - 'updated_at'
            ORDER BY n.created_at, n.id
           RETURNING id)
         SELECT max(id) INTO last_id FROM added;
       END IF;
       IF last_id IS NOT NULL THEN PERFORM pg_notify('omnify_events', last_id::text); END IF;
       RETURN NULL;
     END $$`,
    `CREATE FUNCTION inbox_conversations_announce() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE last_id bigint;
     BEGIN
       IF NOT EXISTS (SELECT 1 FROM new_conversations) THEN RETURN NULL; END IF;
       PERFORM ${WRITER_LOCK};
       IF TG_OP = 'INSERT' THEN
         WITH added AS (
           INSERT INTO events (workspace_id, type, conversation_id, payload)
           SELECT n.workspace_id, 'conversation.created', n.id, jsonb_build_object('conversation', to_jsonb(n))
             FROM new_conversations n ORDER BY n.created_at, n.id
           RETURNING id)
         SELECT max(id) INTO last_id FROM added;
       ELSE
         WITH added AS (
           INSERT INTO events (workspace_id, type, conversation_id, payload)
           SELECT n.workspace_id, 'conversation.updated', n.id, jsonb_build_object('conversation', to_jsonb(n))
             FROM new_conversations n JOIN old_conversations o ON o.id = n.id
            WHERE (n.*) IS DISTINCT FROM (o.*)
            ORDER BY n.last_message_at, n.id
           RETURNING id)
         SELECT max(id) INTO last_id FROM added;
       END IF;
       IF last_id IS NOT NULL THEN PERFORM pg_notify('omnify_events', last_id::text); END IF;
       RETURN NULL;
     END $$`,
    // Named to fire before other statement triggers on the same table (PostgreSQL fires them in
    // name order): a message's `message.created` precedes the conversation changes it causes.
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
