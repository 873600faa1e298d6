import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../src/testing/backends.ts';
import { REPO_ROOT, SAMPLE_PAYLOADS_DIR } from '../src/testing/fixtures.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../src/testing/harness.ts';

const run = promisify(execFile);

describe.each(testBackends())('sandbox channels and omnify replay on %s', (backend) => {
  let omnify: TestOmnify;
  let faq: any;
  beforeAll(async () => {
    omnify = await startTestOmnify(backend);
    faq = (
      await omnify.api('POST', '/api/v1/agents', {
        kind: 'faq',
        name: 'Shop FAQ',
        config: {
          entries: [
            {
              question: 'Are you open on Saturday? Until what time? Opening hours',
              answer: 'We are open Monday to Saturday, 9:00 to 18:00.',
            },
            {
              question: 'How much is delivery and how long does shipping take?',
              answer: 'Delivery is free over 50 EUR and takes 2 to 4 days.',
            },
          ],
          fallback: 'Thanks! A person from our team will answer soon.',
        },
      })
    ).json;
  });
  afterAll(() => omnify?.close());

  it('replays the WhatsApp samples through the CLI; the sandbox shows what would have been sent', async () => {
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      name: 'Sandbox WhatsApp',
      sandbox: true,
      agentId: faq.id,
      config: {
        phoneNumberId: '100000000000001',
        accessToken: 'sandbox-token',
        appSecret: 'sandbox-app-secret',
        verifyToken: 'sandbox',
      },
    });
    expect(ch.status).toBe(201);
    expect(ch.json.sandbox).toBe(true);
    const { stdout } = await run(
      process.execPath,
      [
        join(REPO_ROOT, 'bin/omnify.js'),
        'replay',
        join(SAMPLE_PAYLOADS_DIR, 'whatsapp'),
        '--channel',
        ch.json.id,
        '--url',
        omnify.url,
        '--secret',
        'sandbox-app-secret',
        '--api-key',
        TEST_API_KEY,
      ],
      { timeout: 60_000 },
    );
    expect(stdout).toMatch(/Posted \d+ payloads, 0 refused/);
    expect(stdout).toContain('Conversations on this channel');

    const sent = await omnify.until('sandbox requests', async () => {
      const r = await omnify.api('GET', `/api/v1/channels/${ch.json.id}/sandbox/requests`);
      return r.json.data.length >= 2 ? r.json.data : null;
    });
    const opening = sent.find((s: any) => s.body.text.body.includes('Monday to Saturday'));
    expect(opening, JSON.stringify(sent.map((s: any) => s.body.text.body))).toBeDefined();
    expect(opening).toMatchObject({
      method: 'POST',
      path: '/100000000000001/messages',
      response: { status: 200 },
    });
    expect(opening.body).toMatchObject({ messaging_product: 'whatsapp', to: '15551230001', type: 'text' });
    expect(opening.response.body.messages[0].id).toMatch(/SANDBOX/i);

    const convs = await omnify.api('GET', `/api/v1/conversations?channelId=${ch.json.id}`);
    expect(convs.json.data.length).toBeGreaterThan(0);
    const msgs = await omnify.api(
      'GET',
      `/api/v1/conversations/${convs.json.data.at(-1).id}/messages?order=asc`,
    );
    expect(msgs.json.data.some((m: any) => m.senderKind === 'agent')).toBe(true);
  }, 90_000);

  it('records Telegram sandbox sends with the bot token redacted', async () => {
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'telegram',
      sandbox: true,
      agentId: faq.id,
      config: { botToken: '987654:sandbox-bot-token', secretToken: 'sandbox_secret' },
    });
    const { stdout } = await run(
      process.execPath,
      [
        join(REPO_ROOT, 'bin/omnify.js'),
        'replay',
        join(SAMPLE_PAYLOADS_DIR, 'telegram'),
        '--channel',
        ch.json.id,
        '--url',
        omnify.url,
        '--secret',
        'sandbox_secret',
        '--platform',
        'telegram',
      ],
      { timeout: 60_000 },
    );
    expect(stdout).toMatch(/0 refused/);
    const sent = await omnify.until('telegram sandbox requests', async () => {
      const r = await omnify.api('GET', `/api/v1/channels/${ch.json.id}/sandbox/requests`);
      return r.json.data.length > 0 ? r.json.data : null;
    });
    expect(sent[0].path).toBe('/bot[redacted]/sendMessage');
    expect(JSON.stringify(sent)).not.toContain('sandbox-bot-token');
    expect(sent[0].response.body.ok).toBe(true);
  }, 90_000);

  it('has no unauthenticated emulator route: a sandbox send never goes over HTTP', async () => {
    const res = await fetch(`${omnify.url}/sandbox/00000000-0000-4000-8000-000000000000/x`, {
      method: 'POST',
    });
    expect(res.status).toBe(404);
    const before = await omnify.api('GET', '/api/v1/channels');
    expect(before.status).toBe(200);
  });

  it('publishes an OpenAPI 3.1 document and the docs UI', async () => {
    const doc = (await (await fetch(`${omnify.url}/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/channels',
      '/api/v1/channels/{id}',
      '/api/v1/agents',
      '/api/v1/conversations',
      '/api/v1/conversations/{id}/messages',
      '/api/v1/contacts',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/conversations/{id}/messages'].post.requestBody).toBeDefined();
    expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
    expect((await fetch(`${omnify.url}/docs/`)).status).toBe(200);
  });
});
