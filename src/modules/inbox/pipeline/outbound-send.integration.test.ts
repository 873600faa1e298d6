import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappText } from '../../../../test/payloads.ts';
import { adapterFor } from '../../../integrations/channel-registry.ts';
import type { OutboundRequest } from '../../../integrations/contract/channel-adapter.ts';
import { signWhatsApp } from '../../../integrations/whatsapp/whatsapp.signature.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { testBackends } from '../../../testing/backends.ts';
import { fakeGraphApi, fakeOpenAI } from '../../../testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../../../testing/harness.ts';
import type { RecordingServer } from '../../../testing/http-recorder.ts';

const APP_SECRET = 'outbound-send-app-secret';
/** The `sent` write: its SQL, or its prepared statement's EXECUTE on PGlite (src/kernel/db/prepared.ts). */
const SENT_UPDATE = /UPDATE messages SET status = \$2|EXECUTE omnify_inbox_outbound_sent\(/;

/**
 * Makes the next `times` statements of `db` matching `pattern` throw `error` (on `query`,
 * `queryUrgent` and inside transactions), as a database dropping the connection would.
 * Returns how many were thrown so far.
 */
function failNext(db: Database, pattern: RegExp, error: () => Error, times = 1): () => number {
  let thrown = 0;
  const hit = (text: string) => {
    if (thrown >= times || !pattern.test(text)) return false;
    thrown++;
    return true;
  };
  const { query, queryUrgent, transaction } = db;
  db.query = (text, params, options) => (hit(text) ? Promise.reject(error()) : query(text, params, options));
  db.queryUrgent = (text, params, options) =>
    hit(text) ? Promise.reject(error()) : queryUrgent(text, params, options);
  db.transaction = (fn) =>
    transaction((tx) =>
      fn({
        query: (text, params, options) =>
          hit(text) ? Promise.reject(error()) : tx.query(text, params, options),
        afterCommit: (f) => tx.afterCommit(f),
      }),
    );
  return () => thrown;
}

describe.each(testBackends())('outbound-send on %s', (backend) => {
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let openai: RecordingServer;
  let channelId: string;
  let seq = 0;

  beforeAll(async () => {
    [graph, openai] = await Promise.all([fakeGraphApi().start(), fakeOpenAI().start()]);
    // One retry step of 400 ms: the first retry waits 200–400 ms (retryDelayMs).
    omnify = await startTestOmnify(backend, { retryBaseMs: 400, retryMaxMs: 400 });
    const agent = await omnify.api('POST', '/api/v1/agents', {
      kind: 'openai',
      config: { baseUrl: `${openai.baseUrl}/v1`, apiKey: 'sk-outbound-test-1234', model: 'gpt-test' },
    });
    const channel = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      agentId: agent.json.id,
      config: {
        phoneNumberId: '5550001',
        accessToken: 'EAAG-outbound-test',
        appSecret: APP_SECRET,
        verifyToken: 'v',
        apiBaseUrl: `${graph.baseUrl}/v21.0`,
      },
    });
    expect(channel.status).toBe(201);
    channelId = channel.json.id;
  });
  afterAll(async () => {
    await omnify?.close();
    await Promise.all([graph?.stop(), openai?.stop()]);
  });

  /** Posts one inbound WhatsApp text; the agent answers it and the reply is sent to `graph`. */
  const inbound = async (text: string) => {
    const raw = Buffer.from(JSON.stringify(whatsappText(`wamid.OUT-${backend}-${++seq}`, text)));
    const res = await omnify.post(`/webhooks/${channelId}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
    expect(res.status).toBe(200);
  };
  const replyTo = (text: string) =>
    omnify.until(`the reply to "${text}" to settle`, async () => {
      const { rows } = await omnify.db.query<any>(
        `SELECT r.status, r.attempts, r.platform_message_id, r.error_code FROM messages r
           JOIN messages m ON m.id = r.reply_to_message_id
          WHERE m.text = $1 AND r.status <> 'queued'`,
        [text],
      );
      return rows[0];
    });

  it.each([
    ['the connection drops', () => new OmnifyError('OMNIFY_ERR_DATABASE_UNAVAILABLE')],
    ['a deadlock', () => Object.assign(new Error('deadlock detected'), { code: '40P01' })],
  ])('the message is `sent` when the DB write after the platform call fails once (%s)', async (_, error) => {
    const before = graph.requests.length;
    const thrown = failNext(omnify.db, SENT_UPDATE, error);
    const text = `Where is my parcel? (${_})`;
    await inbound(text);
    const reply = await replyTo(text);
    expect(thrown()).toBe(1);
    expect(reply).toMatchObject({ status: 'sent', attempts: 1, error_code: null });
    expect(reply.platform_message_id).toMatch(/^wamid\.TEST/);
    // Sent once, and not again later (no pg-boss retry, no second job).
    await new Promise((r) => setTimeout(r, 1_500));
    expect(graph.requests.length - before).toBe(1);
  });

  it('retries a transient platform failure after the delay the policy promises (sub-second)', async () => {
    const before = graph.requests.length;
    graph.enqueue({ status: 503, body: { error: { message: 'try again', code: 2 } } });
    const text = 'Can you hear me?';
    await inbound(text);
    const reply = await replyTo(text);
    expect(reply).toMatchObject({ status: 'sent', attempts: 2 });
    const [first, second] = graph.requests.slice(before);
    const gap = second!.at - first!.at;
    // retryDelayMs(0, 400, 400) ∈ [200, 400] ms from when the failure was recorded (after the
    // first request arrived); whole-second rounding or waiting for the 2 s poll would exceed 1 s.
    expect(gap).toBeGreaterThanOrEqual(200);
    expect(gap).toBeLessThan(1_000);
  });

  it('tells the adapter when the contact last wrote (for reply windows such as Meta’s 24 hours)', async () => {
    const adapter = adapterFor('whatsapp');
    const send = adapter.send;
    const seen: OutboundRequest[] = [];
    adapter.send = (req, config, ctx) => {
      seen.push(req);
      return send.call(adapter, req, config, ctx);
    };
    try {
      const text = 'When do you open tomorrow?';
      await inbound(text);
      await replyTo(text);
      const { rows } = await omnify.db.query<{ createdAt: Date }>(
        `SELECT created_at AS "createdAt" FROM messages WHERE text = $1 AND direction = 'inbound'`,
        [text],
      );
      expect(seen.at(-1)?.lastInboundAt?.toISOString()).toBe(rows[0]!.createdAt.toISOString());
    } finally {
      adapter.send = send;
    }
  });
});
