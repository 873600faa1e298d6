import pg from 'pg';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningOmnify, startOmnify } from '../../app/runtime.ts';
import { OMNIFY_SIGNATURE_HEADER, signOmnify } from '../../integrations/webhook/omnify-signature.ts';
import { loadConfig } from '../../kernel/config/config.ts';
import {
  createWebhookChannel,
  startTestOmnify,
  TEST_API_KEY,
  type TestOmnify,
} from '../../testing/harness.ts';
import { openEventStream, type TestEventStream } from './events.test-client.ts';

// Several processes share one PostgreSQL, and only PostgreSQL has concurrent transactions.
const run = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) console.warn('events on PostgreSQL skipped: set DATABASE_URL to run them');

const SECRET = 'events-pg-secret-0123456789';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const preview = (s: TestEventStream, text: string) =>
  s.events.findIndex((e) => e.data.message?.preview === text);

run('live events across processes on PostgreSQL', () => {
  let omnify: TestOmnify;
  let second: RunningOmnify | undefined;
  let channel: string;
  const convs: Record<string, string> = {};
  const clients: pg.Client[] = [];
  const streams: TestEventStream[] = [];

  const deliver = async (body: unknown) => {
    const raw = Buffer.from(JSON.stringify(body));
    const r = await omnify.post(`/webhooks/${channel}`, raw, {
      [OMNIFY_SIGNATURE_HEADER]: signOmnify(SECRET, raw),
    });
    expect(r.status).toBe(200);
  };
  const stream = async (base: string, headers: Record<string, string> = {}) => {
    const s = await openEventStream(`${base}/api/v1/events`, {
      authorization: `Bearer ${TEST_API_KEY}`,
      ...headers,
    });
    streams.push(s);
    expect(s.status).toBe(200);
    return s;
  };
  const client = async () => {
    const c = new pg.Client({ connectionString: omnify.database.config.databaseUrl });
    await c.connect();
    clients.push(c);
    return c;
  };
  /** Inserts a message into conversation `conv` on `c` (in its transaction, if one is open). */
  const insert = (c: pg.Client, conv: string, text: string) =>
    c.query(
      `INSERT INTO messages (workspace_id, conversation_id, channel_id, direction, sender_kind, content_type, text, content)
       VALUES ($1, $2, $3, 'outbound', 'system', 'text', $4, '{}')`,
      [omnify.bootstrap.workspaceId, conv, channel, text],
    );

  beforeAll(async () => {
    omnify = await startTestOmnify('postgres');
    channel = await createWebhookChannel(omnify, SECRET);
    // A second process on the same database: API only, as in test/scale-out.integration.test.ts.
    second = await startOmnify(
      loadConfig(
        {},
        {
          port: 0,
          host: '127.0.0.1',
          apiKey: TEST_API_KEY,
          logLevel: 'silent',
          workers: false,
          ...omnify.database.config,
        },
      ),
      pino({ level: 'silent' }),
    );
    for (const who of ['one', 'two']) {
      await deliver({ type: 'message', id: `setup-${who}`, from: { id: who }, threadId: who, text: 'hi' });
    }
    for (const c of (await omnify.api('GET', `/api/v1/conversations?channelId=${channel}`)).json.data)
      convs[c.threadKey] = c.id;
  }, 60_000);
  afterEach(async () => {
    for (const s of streams.splice(0)) s.close();
    for (const c of clients.splice(0)) await c.end().catch(() => {});
  });
  afterAll(async () => {
    await second?.stop(false);
    await omnify?.close();
  });

  it('streams, on one process, what another process wrote', async () => {
    const s = await stream(second!.url);
    await deliver({
      type: 'message',
      id: 'cross-1',
      from: { id: 'one' },
      threadId: 'one',
      text: 'via process one',
    });
    const e = await s.until('the message', (ev) =>
      ev.find((x) => x.data.message?.preview === 'via process one'),
    );
    expect(e.data).toMatchObject({ type: 'message.created', conversationId: convs.one });
  });

  it('holds back an event until a transaction that drew a lower id commits, then sends both in order', async () => {
    const s = await stream(omnify.url);
    const before = (await omnify.api('GET', '/api/v1/events')).json.lastEventId as string;
    const [slow, fast] = [await client(), await client()];
    await slow.query('BEGIN');
    await insert(slow, convs.one!, 'drew first, commits last');
    await insert(fast, convs.two!, 'drew second, committed first');
    // Committed and announced, but after an id that may still come: neither stream nor page shows it.
    await sleep(500);
    expect(preview(s, 'drew second, committed first')).toBe(-1);
    const page = (await omnify.api('GET', `/api/v1/events?after=${before}`)).json;
    expect(JSON.stringify(page)).not.toContain('drew second');
    await slow.query('COMMIT');
    await s.until('both', () => preview(s, 'drew second, committed first') >= 0);
    expect(preview(s, 'drew first, commits last')).toBeGreaterThanOrEqual(0);
    expect(preview(s, 'drew first, commits last')).toBeLessThan(preview(s, 'drew second, committed first'));
    const ids = s.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gets past the id of a transaction that rolled back once it has ended', async () => {
    const s = await stream(second!.url);
    const [slow, fast] = [await client(), await client()];
    await slow.query('BEGIN');
    await insert(slow, convs.one!, 'rolled back');
    await insert(fast, convs.two!, 'after a rollback');
    await sleep(300);
    expect(preview(s, 'after a rollback')).toBe(-1);
    await slow.query('ROLLBACK');
    await s.until('the committed one', () => preview(s, 'after a rollback') >= 0);
    expect(preview(s, 'rolled back')).toBe(-1);
  });

  it('ends open streams when the server stops, without waiting for them', async () => {
    const s = await stream(second!.url);
    const started = Date.now();
    await second!.stop(false);
    second = undefined;
    await s.ended;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
