import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { fakeOpenAI } from '../../testing/fake-platforms.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { call } from '../workspaces/test-call.ts';
import { insertAgent } from './agent.repository.ts';

describe.each(testBackends())('POST /agents/{id}/test on %s', (backend) => {
  let omnify: TestOmnify;
  let guarded: TestOmnify;
  let openai: RecordingServer;
  let broken: RecordingServer;
  const create = async (o: TestOmnify, kind: string, config: unknown) =>
    (await o.api('POST', '/api/v1/agents', { kind, config })).json.id as string;
  const test = (o: TestOmnify, id: string, text: string) =>
    o.api('POST', `/api/v1/agents/${id}/test`, { text });

  beforeAll(async () => {
    openai = await fakeOpenAI().start();
    broken = await new RecordingServer(() => ({
      status: 500,
      body: { error: { message: 'model overloaded' } },
    })).start();
    omnify = await startTestOmnify(backend, { workers: false });
    // A server with the SSRF guard on, as in production.
    guarded = await startTestOmnify(backend, { workers: false, allowPrivateUrls: false });
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await guarded?.close();
    await openai?.stop();
    await broken?.stop();
  });

  it('answers with the FAQ entry, or null when nothing matches and there is no fallback', async () => {
    const id = await create(omnify, 'faq', {
      entries: [{ question: 'What are your opening hours?', answer: 'Nine to five.' }],
    });
    const hit = await test(omnify, id, 'When are you open? Opening hours?');
    expect(hit.status).toBe(200);
    expect(hit.json.reply).toBe('Nine to five.');
    expect(hit.json.durationMs).toBeGreaterThanOrEqual(0);
    expect((await test(omnify, id, 'Do you sell bicycles?')).json.reply).toBeNull();
  });

  it('calls an OpenAI-compatible endpoint for real and stores nothing', async () => {
    const id = await create(omnify, 'openai', { baseUrl: openai.baseUrl, apiKey: 'sk-test', model: 'm' });
    const res = await test(omnify, id, 'Hello there');
    expect(res.json).toMatchObject({ reply: 'You said: Hello there' });
    expect(openai.requests.at(-1)!.headers.authorization).toBe('Bearer sk-test');
    expect((await omnify.api('GET', '/api/v1/conversations')).json.data).toEqual([]);
  });

  it('maps failures like a real reply: 502 with the endpoint’s code and message', async () => {
    const id = await create(omnify, 'openai', { baseUrl: broken.baseUrl, apiKey: 'sk-test', model: 'm' });
    const res = await test(omnify, id, 'Hello');
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe('OMNIFY_ERR_AGENT_FAILED');
    expect(res.json.error.details.platformMessage).toBe('model overloaded');
  });

  it('keeps the SSRF guard: a private address is refused before any request is made', async () => {
    // Saving refuses it too, so the row is written directly, as an older server might have saved it.
    const workspaceId = (await guarded.api('GET', '/api/v1/api-keys')).json.data[0].workspaceId;
    const agent = await insertAgent(guarded.db, guarded.ctx.secrets, {
      workspaceId,
      kind: 'http',
      name: 'private',
      config: { url: `${broken.baseUrl}/hook`, secret: 'a-secret-of-16-chars' },
    });
    const before = broken.requests.length;
    const res = await test(guarded, agent.id, 'Hello');
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe('OMNIFY_ERR_AGENT_REJECTED');
    expect(res.json.error.details.platformCode).toBe('private_address');
    expect(broken.requests.length).toBe(before);
  });

  it('is for admins; an unknown agent is 404', async () => {
    const id = await create(omnify, 'faq', { entries: [{ question: 'q', answer: 'a' }] });
    for (const role of ['viewer', 'agent']) {
      const key = (await omnify.api('POST', '/api/v1/api-keys', { name: role, role })).json.key;
      expect((await call(omnify.url, key, 'POST', `/api/v1/agents/${id}/test`, { text: 'q' })).status).toBe(
        403,
      );
    }
    const missing = await test(omnify, '00000000-0000-4000-8000-000000000000', 'q');
    expect(missing.status).toBe(404);
    expect((await test(omnify, id, '')).status).toBe(400);
  });
});
