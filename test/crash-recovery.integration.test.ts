import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { signWhatsApp } from '../src/integrations/whatsapp/whatsapp.signature.ts';
import { createTestDatabase, type TestDatabase, testBackends } from '../src/testing/backends.ts';
import { fakeGraphApi, fakeOpenAI } from '../src/testing/fake-platforms.ts';
import { TEST_API_KEY } from '../src/testing/harness.ts';
import { startOmnifyProcess as startServer } from '../src/testing/omnify-process.ts';
import { whatsappSender, whatsappText } from './payloads.ts';

const APP_SECRET = 'crash-test-app-secret';

function kill(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGKILL');
  });
}

describe.each(testBackends())('crash recovery on %s', (backend) => {
  let db: TestDatabase | undefined;
  const children: ChildProcess[] = [];
  const graph = fakeGraphApi();
  const openai = fakeOpenAI();
  afterAll(async () => {
    for (const c of children) await kill(c);
    await Promise.all([graph.stop(), openai.stop()]);
    await db?.dispose();
  });

  it('sends the reply after a restart when the process was killed between receipt and reply', async () => {
    await Promise.all([graph.start(), openai.start()]);
    db = await createTestDatabase(backend);
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      OMNIFY_API_KEY: TEST_API_KEY,
      LOG_LEVEL: 'warn',
      AGENT_TIMEOUT_MS: '2000',
      JOB_MAINTENANCE_SECONDS: '1',
      // The fake platforms listen on 127.0.0.1.
      OMNIFY_ALLOW_PRIVATE_URLS: 'true',
      DATA_DIR: db.config.dataDir,
      ...(db.config.databaseUrl ? { DATABASE_URL: db.config.databaseUrl } : { DATABASE_URL: '' }),
      ...(db.config.secretKey ? { OMNIFY_SECRET_KEY: db.config.secretKey } : { OMNIFY_SECRET_KEY: '' }),
    };
    const first = await startServer(env);
    children.push(first.child);
    const api = async (url: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return (await res.json()) as any;
    };
    const agent = await api(first.url, 'POST', '/api/v1/agents', {
      kind: 'openai',
      config: { baseUrl: openai.baseUrl, apiKey: 'sk-crash-test', model: 'gpt-test' },
    });
    const channel = await api(first.url, 'POST', '/api/v1/channels', {
      platform: 'whatsapp',
      agentId: agent.id,
      config: {
        phoneNumberId: '77',
        accessToken: 'crash-token',
        appSecret: APP_SECRET,
        verifyToken: 'v',
        apiBaseUrl: graph.baseUrl,
      },
    });

    // The agent holds the first call open: the job is running when the process dies.
    openai.enqueue({ status: 200, body: {}, delayMs: 60_000 });
    const raw = Buffer.from(JSON.stringify(whatsappText('wamid.CRASH-1', 'Is my order on its way?')));
    const ack = await fetch(`${first.url}/webhooks/${channel.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWhatsApp(raw, APP_SECRET) },
      body: new Uint8Array(raw),
    });
    expect(ack.status).toBe(200);
    await openai.waitForRequests(1);
    await kill(first.child);
    expect(graph.requests).toHaveLength(0);

    const second = await startServer(env);
    children.push(second.child);
    await graph.waitForRequests(1, 45_000);
    expect(graph.requests[0]!.json).toMatchObject({
      to: whatsappSender(),
      text: { body: 'You said: Is my order on its way?' },
    });

    const convs = await api(second.url, 'GET', `/api/v1/conversations?channelId=${channel.id}`);
    expect(convs.data).toHaveLength(1);
    const msgs = await api(second.url, 'GET', `/api/v1/conversations/${convs.data[0].id}/messages?order=asc`);
    expect(msgs.data.map((m: any) => m.senderKind)).toEqual(['contact', 'agent']);
    // Nothing doubled: one outbound request, however the job was retried.
    await new Promise((r) => setTimeout(r, 1500));
    expect(graph.requests).toHaveLength(1);
  }, 120_000);
});
