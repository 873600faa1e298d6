import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { createWebhookChannel, startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { searchMessages } from './search.repository.ts';

const SECRET = 'search-window-secret-0123';

/**
 * The two phases of a search page (src/modules/inbox/search.repository.ts): the newest messages
 * walked in order, then the index for older ones. Whatever the window, paging through every hit
 * gives exactly the database's own answer (all matches, newest first, each once), including pages
 * that end inside the window, start after it, or span its edge.
 */
describe.each(testBackends())('search window on %s', (backend) => {
  let omnify: TestOmnify;
  let workspaceId: string;

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { intelSchedule: 'off' });
    const channelId = await createWebhookChannel(omnify, SECRET);
    // 40 messages in 5 conversations: every third holds "tracking number", every fifth "parcel".
    const events = Array.from({ length: 40 }, (_, i) => ({
      type: 'message',
      id: `w-${i}`,
      from: { id: `p${i % 5}` },
      threadId: `p${i % 5}`,
      text: `${i % 3 === 0 ? 'my tracking number is lost' : 'number tracking'} ${i % 5 === 0 ? 'parcel' : 'box'} ${i}`,
    }));
    for (const e of events) {
      const body = JSON.stringify(e);
      const res = await omnify.post(`/webhooks/${channelId}`, body, {
        [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, body),
      });
      expect(res.status).toBe(200);
    }
    const { rows } = await omnify.db.query<{ w: string }>('SELECT workspace_id AS w FROM channels LIMIT 1');
    workspaceId = rows[0]!.w;
  });
  afterAll(async () => {
    await omnify?.close();
  });

  /** Every hit of `q`, page by page. */
  const allPages = async (q: string, limit: number, recentWindow: number) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await searchMessages(omnify.db, { workspaceId, q, limit, cursor, recentWindow });
      expect(page.data.length).toBeLessThanOrEqual(limit);
      ids.push(...page.data.map((h) => h.messageId));
      if (!page.nextCursor) return ids;
      expect(page.data.length).toBe(limit);
      cursor = page.nextCursor;
    }
    throw new Error('more than 100 pages');
  };

  it.each([
    ['"tracking number"', 14],
    ['parcel', 8],
    ['number', 40],
    ['nothinglikethis', 0],
  ])('pages through %s (%i hits) the same whatever the window', async (q, count) => {
    const { rows } = await omnify.db.query<{ id: string }>(
      `SELECT id FROM messages WHERE search_vector @@ websearch_to_tsquery('simple', $1)
        ORDER BY created_at DESC, id DESC`,
      [q],
    );
    const expected = rows.map((r) => r.id);
    expect(expected).toHaveLength(count);
    for (const window of [1, 2, 5, 13, 39, 40, 41, 10_000]) {
      for (const limit of [1, 3, 7, 25]) {
        expect(await allPages(q, limit, window), `window ${window}, limit ${limit}`).toEqual(expected);
      }
    }
  });
});
