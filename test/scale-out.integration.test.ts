import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningOmnify, startOmnify } from '../src/app/runtime.ts';
import { signWhatsApp } from '../src/integrations/whatsapp/whatsapp.signature.ts';
import { loadConfig } from '../src/kernel/config/config.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/backends.ts';
import { fakeGraphApi } from '../src/testing/fake-platforms.ts';
import { TEST_API_KEY } from '../src/testing/harness.ts';
import { whatsappText } from './payloads.ts';

// Scale-out is several processes on one PostgreSQL; PGlite serves a single process.
const run = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL)
  console.warn('scale-out test skipped: set DATABASE_URL to a PostgreSQL server to run it');

run('scale-out on PostgreSQL', () => {
  const graph = fakeGraphApi();
  let db: TestDatabase | undefined;
  const servers: RunningOmnify[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop(true);
    await graph.stop();
    await db?.dispose();
  });

  it('an API-only process takes the webhook and a worker process on the same database answers it', async () => {
    await graph.start();
    db = await createTestDatabase('postgres');
    const base = {
      port: 0,
      host: '127.0.0.1',
      apiKey: TEST_API_KEY,
      logLevel: 'silent' as const,
      allowPrivateUrls: true, // the fake Graph API listens on 127.0.0.1
      ...db.config,
    };
    const silent = pino({ level: 'silent' });
    const api = await startOmnify(loadConfig({}, { ...base, workers: false }), silent);
    servers.push(api);
    const worker = await startOmnify(loadConfig({}, { ...base, workers: true }), silent);
    servers.push(worker);
    expect(worker.bootstrap.created).toBe(false);

    const call = async (method: string, path: string, body: unknown) =>
      (await (
        await fetch(`${api.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as any;
    const agent = await call('POST', '/api/v1/agents', {
      kind: 'faq',
      config: { entries: [{ question: 'opening hours', answer: 'We open at nine.' }], fallback: 'Noted!' },
    });
    const channel = await call('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      agentId: agent.id,
      config: {
        phoneNumberId: '9',
        accessToken: 'scale-token',
        appSecret: 'scale-secret',
        verifyToken: 'v',
        apiBaseUrl: graph.baseUrl,
      },
    });
    const raw = Buffer.from(JSON.stringify(whatsappText('wamid.SCALE-1', 'What are your opening hours?')));
    const ack = await fetch(`${api.url}/webhooks/${channel.id}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signWhatsApp(raw, 'scale-secret'),
      },
      body: new Uint8Array(raw),
    });
    expect(ack.status).toBe(200);
    await graph.waitForRequests(1);
    expect(graph.requests[0]!.json.text.body).toBe('We open at nine.');
  });
});
