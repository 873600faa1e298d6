import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../kernel/db/database.ts';
import { testBackends } from '../../testing/backends.ts';
import { createWebhookChannel, startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { listConversations } from './conversation.repository.ts';
import { listMessages } from './timeline.repository.ts';

/** How often PostgreSQL planned the session's prepared statement whose text matches `pattern`. */
async function plans(tx: Queryable, pattern: string) {
  const { rows } = await tx.query<{ generic: number; custom: number }>(
    `SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements
      WHERE statement LIKE $1`,
    [pattern],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/**
 * The inbox's hot pages keep one generic plan per connection instead of being planned at every run
 * (src/kernel/db/orm.ts, `LimitForm`). With 2,000 conversations a `LIMIT $n` list would look
 * dearer as a generic plan (a tenth of 2,000 rows read) than as custom ones (51 rows), so it would
 * be planned again at every run; the literal LIMIT fixes that. pg_prepared_statements counts the
 * plans of one session: on PostgreSQL the runs share a transaction, hence one connection; PGlite has
 * one session, and prepares the page statements itself (`PREPARE`) when given the database.
 */
describe.each(testBackends())('page statements on %s', (backend) => {
  let omnify: TestOmnify;
  let workspaceId: string;
  let conversationId: string;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    const channelId = await createWebhookChannel(omnify, 'plans-channel-secret-0123456789');
    workspaceId = omnify.bootstrap.workspaceId; // the test key's workspace, the channel's
    await omnify.db.exec(`
      INSERT INTO contacts (id, workspace_id, name)
        SELECT ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, '${workspaceId}', 'Contact ' || i
          FROM generate_series(1, 2000) i;
      INSERT INTO conversations (workspace_id, channel_id, contact_id, thread_key, last_message_at)
        SELECT '${workspaceId}', '${channelId}', ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid,
               't' || i, timestamptz '2026-01-01' + i * interval '1 minute'
          FROM generate_series(1, 2000) i;
      INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text, content, created_at)
        SELECT c.workspace_id, c.id, c.channel_id, 'inbound', 'contact', 'text', 'hello ' || g, '{}'::jsonb, c.last_message_at + g * interval '1 second'
          FROM conversations c, generate_series(1, 3) g;
      ANALYZE contacts; ANALYZE conversations; ANALYZE messages;`);
    const { rows: first } = await omnify.db.query<{ id: string }>(
      'SELECT id FROM conversations ORDER BY last_message_at DESC LIMIT 1',
    );
    conversationId = first[0]!.id;
  });
  afterAll(async () => {
    await omnify?.close();
  });

  it('the conversation list and the timeline run on a generic plan after five custom ones', async () => {
    const check = async (q: Queryable) => {
      for (let i = 0; i < 12; i++) {
        const page = await listConversations(q, { workspaceId, viewer: null, status: 'open', limit: 50 });
        expect(page.data).toHaveLength(50);
        expect(page.nextCursor).not.toBeNull();
        const timeline = await listMessages(q, workspaceId, conversationId, { limit: 50, order: 'desc' });
        expect(timeline.data).toHaveLength(3);
      }
      expect(
        await plans(q, '%from "conversations" where%order by "conversations"."last_message_at" desc%'),
      ).toEqual({ generic: 7, custom: 5 });
      expect(await plans(q, '%from "messages" where%limit $%')).toEqual({ generic: 7, custom: 5 });
    };
    if (backend === 'postgres') await omnify.db.transaction(check);
    else await check(omnify.db);
  });

  it('a page size between the literal LIMITs still gives that many rows and a cursor that goes on', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (let pages = 0; pages < 3; pages++) {
      const page = await listConversations(omnify.db, { workspaceId, viewer: null, limit: 7, cursor });
      expect(page.data).toHaveLength(7);
      for (const c of page.data) seen.add(c.id);
      cursor = page.nextCursor ?? undefined;
      expect(cursor).toBeDefined();
    }
    expect(seen.size).toBe(21);
    const { rows } = await omnify.db.query<{ id: string }>(
      'SELECT id FROM conversations ORDER BY last_message_at DESC, id DESC LIMIT 21',
    );
    expect([...seen]).toEqual(rows.map((r) => r.id));
  });
});
