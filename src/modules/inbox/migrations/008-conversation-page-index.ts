import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * A conversation's messages newest first, found by conversation **and** workspace:
 * `messages_conversation_recent (conversation_id, workspace_id, created_at DESC, id DESC)` replaces
 * `messages_conversation (conversation_id, created_at DESC, id DESC)`.
 *
 * Every read of a conversation's messages is scoped to its workspace (`workspace_id = $ws AND
 * conversation_id = $c ORDER BY created_at DESC, id DESC`). With the old index both it and
 * `messages_workspace_recent` (workspace, created_at, id; migration 005) return rows in that order,
 * and the planner, which takes the two conditions as independent, often walked the workspace's
 * newest messages and filtered them by conversation: a page of a conversation that has gone quiet
 * then read every later message of the workspace (`npm run bench -- inbox`: 2,391 rows read and
 * dropped per page at 20,000 messages, growing with the workspace). This index matches both
 * equalities and the order, so the planner takes it (EXPLAIN ANALYZE, PostgreSQL 15: 0.415 →
 * 0.049 ms per page). `conversation_id` stays the leading column, so the `ON DELETE CASCADE` from
 * `conversations` and other lookups by conversation still use it; reads that want the newest
 * messages of a conversation add its workspace (the agent's history, the list's last message).
 *
 * Cost on an existing database: `CREATE INDEX` reads `messages` once under a SHARE lock (reads go
 * on, ingest waits), about as long as migration 005's index; `IF NOT EXISTS` lets an operator build
 * it beforehand with `CONCURRENTLY`. The index replaces one of the same size plus one uuid per row.
 */
export const migration: ModuleMigration = {
  version: 8,
  name: 'conversation-page-index',
  statements: [
    `CREATE INDEX IF NOT EXISTS messages_conversation_recent
       ON messages (conversation_id, workspace_id, created_at DESC, id DESC)`,
    `DROP INDEX IF EXISTS messages_conversation`,
  ],
};
