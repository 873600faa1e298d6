import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppDatabase } from '../../../app/database.ts';
import type { InboundMessage } from '../../../integrations/contract/message.ts';
import { loadConfig } from '../../../kernel/config/config.ts';
import { generateMasterKeyText, parseMasterKey } from '../../../kernel/crypto/envelope.ts';
import { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { JobQueue } from '../../../kernel/queue/queue.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../../../testing/backends.ts';
import { type ChannelRecord, insertChannel } from '../../channels/channels.service.ts';
import { bootstrapWorkspace } from '../../workspaces/api-keys.ts';
import { IngestBatcher } from './ingest-batcher.ts';
import { storeInbound } from './store-inbound.ts';

function message(handle: string, id: string, text = 'hi'): InboundMessage {
  return {
    kind: 'message',
    platformMessageId: id,
    dedupeKey: id,
    sender: { handle, displayName: `Person ${handle}` },
    threadKey: handle,
    sentAt: new Date(),
    content: { type: 'text', text },
    text,
    raw: { id },
  };
}

describe.each(testBackends())('ingest group commit on %s', (backend) => {
  let tdb: TestDatabase;
  let db: Database;
  let queue: JobQueue;
  let batcher: IngestBatcher;
  let channel: ChannelRecord;
  const secrets = new SecretBox(parseMasterKey(generateMasterKeyText()));
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0]!.n);
  /** Conversations whose stored counters disagree with their messages. */
  const miscounted = () =>
    count(
      `SELECT count(*)::text AS n FROM conversations c CROSS JOIN LATERAL (SELECT count(*)::int AS total,
          (count(*) FILTER (WHERE m.direction = 'inbound'))::int AS inbound FROM messages m WHERE m.conversation_id = c.id) a
        WHERE (c.message_count, c.inbound_count) IS DISTINCT FROM (a.total, a.inbound)`,
    );

  beforeAll(async () => {
    tdb = await createTestDatabase(backend);
    db = await openAppDatabase(tdb.config);
    queue = new JobQueue(db);
    await queue.start();
    const { workspaceId } = await bootstrapWorkspace(db);
    const agent = await db.query<{ id: string }>(
      `INSERT INTO agents (workspace_id, kind, name, config) VALUES ($1, 'faq', 'a', '{"entries":[]}') RETURNING id`,
      [workspaceId],
    );
    channel = await insertChannel(db, secrets, {
      id: randomUUID(),
      workspaceId,
      platform: 'webhook',
      name: 'test',
      config: {},
      sandbox: false,
      agentId: agent.rows[0]!.id,
    });
    const config = loadConfig({}, { dataDir: tdb.config.dataDir });
    batcher = new IngestBatcher(
      { config, db, queue, log: pino({ level: 'silent' }), secrets },
      { maxBatch: 16, concurrency: backend === 'pglite' ? 1 : 4 },
    );
  });
  afterAll(async () => {
    await queue?.stop(false);
    await db?.close();
    await tdb?.dispose();
  });

  it('stores concurrent deliveries exactly once, with one contact per sender, and one job per message', async () => {
    const deliveries = [
      // 40 different senders
      ...Array.from({ length: 40 }, (_, i) => message(`s${i}`, `m-s${i}`)),
      // one new sender writing 20 messages at once (identity race)
      ...Array.from({ length: 20 }, (_, i) => message('same', `m-same-${i}`)),
    ];
    // every delivery twice, as a platform retrying would
    const all = [...deliveries, ...deliveries].map((m) => batcher.submit({ channel, events: [m] }));
    const results = await Promise.all(all);
    expect(results.reduce((n, r) => n + r.stored.length, 0)).toBe(60);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(60);
    expect(await count(`SELECT count(*)::text AS n FROM messages WHERE channel_id = $1`, [channel.id])).toBe(
      60,
    );
    expect(await count(`SELECT count(*)::text AS n FROM identities WHERE handle = 'same'`)).toBe(1);
    expect(await count(`SELECT count(*)::text AS n FROM contacts`)).toBe(41);
    expect(
      await count(`SELECT count(*)::text AS n FROM conversations WHERE channel_id = $1`, [channel.id]),
    ).toBe(41);
    expect(await count(`SELECT count(*)::text AS n FROM pgboss.job WHERE name = 'agent-reply'`)).toBe(60);
    expect(await miscounted()).toBe(0);
  });

  it.runIf(backend === 'postgres')(
    'counts a message once when a concurrent transaction stored it first (the step-by-step path)',
    async () => {
      await db.transaction((tx) => storeInbound(db, secrets, tx, channel, [message('racer', 'm-racer-0')]));
      let stored!: () => void;
      const firstStored = new Promise<void>((r) => (stored = r));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      // The first transaction stores m-racer-1 and waits, uncommitted; the second, batching it with
      // m-racer-2, counts both, waits for the first's locks, then loses m-racer-1 to it.
      const first = db.transaction(async (tx) => {
        await storeInbound(db, secrets, tx, channel, [message('racer', 'm-racer-1')]);
        stored();
        await gate;
      });
      await firstStored;
      const second = db.transaction((tx) =>
        storeInbound(db, secrets, tx, channel, [
          message('racer', 'm-racer-1'),
          message('racer', 'm-racer-2'),
        ]),
      );
      await new Promise((r) => setTimeout(r, 200));
      release();
      await first;
      const ids = await second;
      expect(ids[0]).toBeNull();
      expect(ids[1]).toEqual(expect.any(String));
      const conv = await db.query<{ message_count: number; inbound_count: number }>(
        `SELECT message_count, inbound_count FROM conversations WHERE channel_id = $1 AND thread_key = 'racer'`,
        [channel.id],
      );
      expect(conv.rows[0]).toEqual({ message_count: 3, inbound_count: 3 });
      expect(await miscounted()).toBe(0);
    },
  );

  it('isolates a failing delivery from the others sharing its transaction', async () => {
    const bad = message('bad', 'm-bad');
    bad.sentAt = new Date(Number.NaN);
    const outcomes = await Promise.allSettled([
      batcher.submit({ channel, events: [message('ok1', 'm-ok1')] }),
      batcher.submit({ channel, events: [bad] }),
      batcher.submit({ channel, events: [message('ok2', 'm-ok2')] }),
    ]);
    // An unstorable date no longer fails anything: it is stored with the time of receipt
    // (src/kernel/dates/platform-time.ts); poison data is isolated (ingest-isolate.integration.test.ts).
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(
      await count(`SELECT count(*)::text AS n FROM messages WHERE dedupe_key IN ('m-ok1', 'm-ok2')`),
    ).toBe(2);
    expect(
      await count(
        `SELECT count(*)::text AS n FROM messages WHERE dedupe_key = 'm-bad' AND sent_at IS NOT NULL`,
      ),
    ).toBe(1);
  });
});
