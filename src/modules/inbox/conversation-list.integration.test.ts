import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { testBackends } from '../../testing/backends.ts';
import {
  createWebhookChannel,
  startTestOmnify,
  TEST_API_KEY,
  type TestOmnify,
} from '../../testing/harness.ts';
import { browserCall, inviteUser, type Session } from '../users/test-session.ts';
import { findConversation, listConversations } from './conversation.repository.ts';

const SECRET = 'list-channel-secret-0123456789';

/**
 * The conversation list's cost: a page, and one conversation, are one SQL statement each (the
 * contact's name spliced in by its module, the channel's platform from the channels module's map),
 * and a signed-in request for the list runs only that statement once its session lookup is cached.
 */
describe.each(testBackends())('conversation list on %s', (backend) => {
  let omnify: TestOmnify;
  let channelId: string;
  let alice: { session: Session; userId: string };
  let seq = 0;

  const deliver = async (from: string, name: string, text: string) => {
    const body = JSON.stringify({ type: 'message', id: `l-${++seq}`, from: { id: from, name }, text });
    const res = await omnify.post(`/webhooks/${channelId}`, body, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, body),
    });
    expect(res.status).toBe(200);
  };

  /** The SQL statements `fn` runs through the server's database (job polling left out), and its snapshot checks. */
  const statementsOf = async (fn: () => Promise<unknown>): Promise<string[]> => {
    const db = omnify.db;
    const original = db.query;
    const originalSnapshot = db.snapshot;
    const seen: string[] = [];
    db.query = ((text: string, ...rest: unknown[]) => {
      if (!/pgboss/i.test(text)) seen.push(text);
      return (original as (...a: unknown[]) => unknown).call(db, text, ...rest);
    }) as typeof db.query;
    db.snapshot = () => {
      seen.push('snapshot');
      return originalSnapshot.call(db);
    };
    try {
      await fn();
    } finally {
      db.query = original;
      db.snapshot = originalSnapshot;
    }
    return seen;
  };

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { workers: false, intelSchedule: 'off' });
    channelId = await createWebhookChannel(omnify, SECRET);
    await deliver('c1', 'Ana Silva', 'first');
    await deliver('c2', 'Li Sato', 'second');
    await deliver('c2', 'Li Sato', 'second, again');
    alice = await inviteUser(omnify.url, TEST_API_KEY, {
      email: 'alice@example.org',
      name: 'Alice',
      password: 'alice-password-1',
      role: 'agent',
    });
  }, 60_000);
  afterAll(() => omnify?.close());

  it('reads a page, and one conversation, in one statement with contact and last message', async () => {
    const workspaceId = omnify.bootstrap.workspaceId;
    let page: Awaited<ReturnType<typeof listConversations>> | undefined;
    // The channels' platforms come from a map the process keeps: asked once per channel. On
    // PGlite the first run also prepares the page statement (src/kernel/db/prepared.ts).
    const first = await statementsOf(() =>
      listConversations(omnify.db, { workspaceId, viewer: alice.userId, limit: 1 }),
    );
    expect(first.filter((t) => /from "channels"/.test(t))).toHaveLength(1);
    expect(first).toHaveLength(backend === 'pglite' ? 4 : 2);
    const listed = await statementsOf(async () => {
      page = await listConversations(omnify.db, { workspaceId, viewer: alice.userId, limit: 1 });
    });
    expect(listed).toHaveLength(1);
    expect(page!.data).toHaveLength(1);
    expect(page!.nextCursor).not.toBeNull();
    expect(page!.data[0]).toMatchObject({
      channelId,
      platform: 'webhook',
      status: 'open',
      unreadCount: 2,
      messageCount: 2,
      contact: { name: 'Li Sato' },
      lastMessage: { direction: 'inbound', senderKind: 'contact', private: false, text: 'second, again' },
    });
    const next = await listConversations(omnify.db, {
      workspaceId,
      viewer: null,
      limit: 1,
      cursor: page!.nextCursor!,
    });
    expect(next.data.map((c) => [c.contact.name, c.unreadCount])).toEqual([['Ana Silva', 0]]);
    expect(next.nextCursor).toBeNull();

    const id = page!.data[0]!.id;
    let one: Awaited<ReturnType<typeof findConversation>> = null;
    expect(
      await statementsOf(async () => {
        one = await findConversation(omnify.db, id, workspaceId, alice.userId);
      }),
    ).toHaveLength(1);
    expect(one).toEqual(page!.data[0]);
  });

  it('answers a signed-in GET /conversations again with one statement once the session is cached', async () => {
    const get = () =>
      browserCall(omnify.url, alice.session, 'GET', '/api/v1/conversations?limit=50&status=open');
    expect((await get()).status).toBe(200); // the session lookup, cached from here on
    // A PostgreSQL snapshot is the whole server's: another test file's writes to its own database
    // change it too, and the page is then read again (never stale). So the one-statement answer is
    // looked for in up to 20 requests; without the cache it never comes.
    let answer: Awaited<ReturnType<typeof get>> | undefined;
    let statements: string[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      statements = await statementsOf(async () => {
        answer = await get();
      });
      if (statements.length === 1) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(answer!.status).toBe(200);
    expect(answer!.json.data.map((c: { contact: { name: string } }) => c.contact.name)).toEqual([
      'Li Sato',
      'Ana Silva',
    ]);
    // Answered from memory while the database's snapshot is unchanged: its check is all it runs
    // (src/kernel/db/snapshot-cache.ts).
    expect(statements).toEqual(['snapshot']);
  });

  it('shows every write at once: a contact renamed, a read mark, a new message', async () => {
    const names = async () => {
      const res = await browserCall(omnify.url, alice.session, 'GET', '/api/v1/conversations?limit=50');
      expect(res.status).toBe(200);
      return res.json.data.map(
        (c: { contact: { id: string; name: string }; unreadCount: number; id: string }) => ({
          id: c.id,
          contactId: c.contact.id,
          name: c.contact.name,
          unread: c.unreadCount,
        }),
      );
    };
    const before = await names();
    expect(await names()).toEqual(before);
    const li = before.find((c: { name: string }) => c.name === 'Li Sato')!;
    // Neither a rename nor a read mark announces itself to the inbox: the snapshot still moves.
    const renamed = await omnify.api('PATCH', `/api/v1/contacts/${li.contactId}`, { name: 'Li Sato-Park' });
    expect(renamed.status).toBe(200);
    const afterRename = await names();
    expect(afterRename.find((c: { id: string }) => c.id === li.id)).toMatchObject({
      name: 'Li Sato-Park',
      unread: 2,
    });
    const read = await browserCall(omnify.url, alice.session, 'POST', `/api/v1/conversations/${li.id}/read`);
    expect(read.status).toBe(204);
    expect((await names()).find((c: { id: string }) => c.id === li.id)).toMatchObject({ unread: 0 });
    await deliver('c3', 'Ore Bello', 'third');
    expect((await names())[0]).toMatchObject({ name: 'Ore Bello', unread: 1 });
  });
});
