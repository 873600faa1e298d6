import type { ModuleMigration } from '../../../kernel/module.ts';

/**
 * Full-text search over all of a workspace's messages (`GET /api/v1/search/messages`,
 * src/modules/inbox/search.repository.ts; docs/inbox.md, "Search"):
 *
 * - `search_vector`: a stored generated column, `to_tsvector('simple', coalesce(text, ''))`, kept
 *   by PostgreSQL itself on every insert and text change, with the GIN index `messages_search`.
 * - `messages_workspace_recent` (workspace, created_at, id): the newest messages first, for the
 *   search of a common word (walk the newest messages, keep the matching ones, stop after a page)
 *   and for keyset pages.
 *
 * **`simple`**: a workspace's messages are in many languages, often mixed in one conversation, and
 * nothing tells a message's language. A language configuration (`english`, …) stems and drops the
 * stop words of one language and mangles the others; `simple` splits words and lowercases them
 * (Unicode-aware on a UTF-8 database whose ctype is not `C`: `C.UTF-8` on PGlite and in our CI) and
 * so matches exactly in every language. It does not stem ("orders" does not find "order"): the search
 * makes the query's last word a prefix (`order:*`) for most of that. Scripts written without spaces
 * (Chinese, Japanese, Thai) are one token per run of characters, found by the run's prefix only.
 *
 * **A stored column, not an expression index** (measured with `npm run bench -- search` data,
 * 1,000,000 messages on PostgreSQL 15, EXPLAIN ANALYZE of the first page, on the busy 2-core
 * development machine, so the figures are high but their ratios hold): the expression index makes
 * PostgreSQL run `to_tsvector` again on every row it checks, which is most of a search's time: walking
 * the newest messages for a word in 0.26 % of them took 772 ms with the expression and 5.8 ms with the
 * column (the planner walks there in both cases: it takes `to_tsvector` for cheap), a phrase (positions
 * are rechecked on every candidate row) 441 ms against 15.6 ms, a word in 1.5 % of messages 53 ms against
 * 1.3 ms. The column costs room (the table grew from 322 MB to 475 MB at a million short messages) and
 * every `SELECT *` of messages reads it.
 *
 * **`fastupdate = off`** on the GIN index: with PostgreSQL's default, inserts append to a pending
 * list that a later insert (or VACUUM) must fold into the index once it passes 4 MB; PGlite runs no
 * autovacuum, so an ingest transaction did that work every few thousand messages and stalled every
 * query behind it for seconds (`npm run bench -- ingest`, PGlite: end to end p99 at 50 messages/s
 * 2.3 s with the pending list, 84–115 ms without; messages/s at maximum load 1,130 against 2,035).
 * Each insert now updates the index directly, a steady cost of a few word entries.
 *
 * **Cost on an existing database**: adding the column rewrites `messages` and building the index reads
 * it all, both under an exclusive lock (ingest waits; platforms redeliver what timed out, deduplicated):
 * about 50 s and 9 s for a million messages on PostgreSQL, 10 s and 1.3 s per 100,000 on PGlite (the
 * same busy machine). PostgreSQL cannot add a stored generated column without the rewrite, and
 * migrations run in one transaction, so `CREATE INDEX CONCURRENTLY` is no option here; an operator
 * with many millions of messages plans the upgrade for a quiet hour.
 */
export const migration: ModuleMigration = {
  version: 5,
  name: 'message-search',
  statements: [
    `ALTER TABLE messages ADD COLUMN search_vector tsvector
       GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce(text, ''))) STORED`,
    `CREATE INDEX messages_search ON messages USING gin (search_vector) WITH (fastupdate = off)`,
    `CREATE INDEX messages_workspace_recent ON messages (workspace_id, created_at DESC, id DESC)`,
  ],
};
