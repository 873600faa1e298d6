import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { type RecordedRequest, RecordingServer } from '../../testing/http-recorder.ts';
import type { AgentInput } from '../contract/agent.ts';
import { verifyOmnify } from '../webhook/omnify-signature.ts';
import { buildHttpAgentBody, HttpAgent } from './http.agent.ts';

/** The test endpoints listen on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does. */
const http = createHttpClient({ allowPrivateUrls: true });

const SECRET = 'whsec_0123456789abcdefXYZ';

const input: AgentInput = {
  conversationId: 'conv-9',
  channelId: 'chan-2',
  platform: 'telegram',
  contact: { id: 'contact-7', name: 'Jörg Müller', handle: '777000' },
  message: {
    id: 'msg-12',
    contentType: 'image',
    text: 'Is this one in stock? 👀',
    content: {
      type: 'image',
      media: { id: 'file-1', mimeType: 'image/jpeg', caption: 'Is this one in stock? 👀' },
    },
    createdAt: '2024-06-01T08:30:00.000Z',
  },
  history: [
    {
      direction: 'outbound',
      senderKind: 'user',
      contentType: 'text',
      text: 'Hello, how can we help?',
      createdAt: '2024-06-01T08:29:00.000Z',
      platform: 'instagram',
      conversationId: 'conv-3',
    },
  ],
};

/** The documented body, written out by hand (docs/agents.md). */
const expectedBody =
  '{"conversation":{"id":"conv-9","channelId":"chan-2","platform":"telegram"},' +
  '"contact":{"id":"contact-7","name":"Jörg Müller","handle":"777000"},' +
  '"message":{"id":"msg-12","contentType":"image","text":"Is this one in stock? 👀",' +
  '"content":{"type":"image","media":{"id":"file-1","mimeType":"image/jpeg","caption":"Is this one in stock? 👀"}},' +
  '"createdAt":"2024-06-01T08:30:00.000Z"},' +
  '"history":[{"direction":"outbound","senderKind":"user","contentType":"text","text":"Hello, how can we help?",' +
  '"createdAt":"2024-06-01T08:29:00.000Z","platform":"instagram","conversationId":"conv-3"}]}';

describe('HttpAgent', () => {
  /** The user's endpoint: verifies the signature like docs/agents.md shows, then answers. */
  const verified: boolean[] = [];
  const server = new RecordingServer((req: RecordedRequest) => {
    const ok = verifyOmnify(
      SECRET,
      Buffer.from(req.body, 'utf8'),
      req.headers['x-omnify-signature'] as string,
    );
    verified.push(ok);
    return ok
      ? { status: 200, body: { reply: ' In stock, yes! ' } }
      : { status: 401, body: { error: 'bad signature' } };
  });
  let agent: HttpAgent;

  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.requests.length = 0;
    verified.length = 0;
    agent = new HttpAgent({ url: `${server.baseUrl}/hooks/omnify?team=1`, secret: SECRET }, http);
  });

  it('POSTs the documented body, signed, and returns the reply', async () => {
    expect(await agent.reply(input, AbortSignal.timeout(5000))).toEqual({ text: 'In stock, yes!' });
    const req = server.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hooks/omnify?team=1');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toBe(expectedBody);
    expect(buildHttpAgentBody(input)).toBe(expectedBody);
    expect(verified).toEqual([true]);
    expect(req.headers['x-omnify-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(
      verifyOmnify(
        'another-secret-0123456',
        Buffer.from(req.body),
        req.headers['x-omnify-signature'] as string,
      ),
    ).toBe(false);
  });

  it('answers null for {"reply": null}, 204, an empty 200 and a blank reply', async () => {
    server.enqueue(
      { status: 200, body: { reply: null } },
      { status: 204, body: '' },
      { status: 200, body: '' },
      { status: 200, body: { reply: '  ' } },
    );
    for (let i = 0; i < 4; i++) expect(await agent.reply(input, AbortSignal.timeout(5000))).toBeNull();
  });

  it('rejects a 2xx without a valid reply field', async () => {
    for (const body of [{ text: 'hi' }, { reply: 42 }, 'not json', ['hi']]) {
      server.enqueue({ status: 200, body });
      const err = await rejectionOf(agent.reply(input, AbortSignal.timeout(5000)));
      expect(err.code).toBe('OMNIFY_ERR_AGENT_REJECTED');
      expect(err.details.platformCode).toBe('invalid_response');
    }
  });

  it('maps 5xx, 408, 409 and 429 to AGENT_FAILED, with retryAfterMs', async () => {
    server.enqueue({
      status: 503,
      body: { error: { message: 'maintenance', code: 'down' } },
      headers: { 'retry-after': '7' },
    });
    let err = await rejectionOf(agent.reply(input, AbortSignal.timeout(5000)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
    expect(err.details).toMatchObject({
      platformCode: 'down',
      platformMessage: 'maintenance',
      retryAfterMs: 7000,
    });
    for (const status of [408, 409, 429, 500]) {
      server.enqueue({ status, body: { message: 'try later' } });
      err = await rejectionOf(agent.reply(input, AbortSignal.timeout(5000)));
      expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
      expect(err.details).toMatchObject({ platformCode: String(status), platformMessage: 'try later' });
    }
  });

  it('maps other 4xx and 3xx to AGENT_REJECTED, without leaking the secret', async () => {
    server.enqueue({ status: 403, body: `forbidden: ${SECRET}`, headers: { 'content-type': 'text/plain' } });
    let err = await rejectionOf(agent.reply(input, AbortSignal.timeout(5000)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_REJECTED');
    expect(err.details).toMatchObject({ platformCode: '403', platformMessage: 'forbidden: [redacted]' });
    expect(err.message).not.toContain(SECRET);
    server.enqueue({ status: 302, body: '', headers: { location: 'https://example.com/elsewhere' } });
    err = await rejectionOf(agent.reply(input, AbortSignal.timeout(5000)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_REJECTED');
    expect(server.requests).toHaveLength(2);
  });

  it('signs with the agent secret: an endpoint with another secret refuses it', async () => {
    const wrong = new HttpAgent({ url: server.baseUrl, secret: 'not-the-right-secret' }, http);
    const err = await rejectionOf(wrong.reply(input, AbortSignal.timeout(5000)));
    expect(verified).toEqual([false]);
    expect(err.code).toBe('OMNIFY_ERR_AGENT_REJECTED');
    expect(err.details.platformMessage).toBe('bad signature');
  });

  it('maps an abort and a refused connection to AGENT_FAILED', async () => {
    server.enqueue({ status: 200, body: { reply: 'late' }, delayMs: 2000 });
    let err = await rejectionOf(agent.reply(input, AbortSignal.timeout(150)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
    const closed = await new RecordingServer(() => ({ status: 200, body: {} })).start();
    await closed.stop();
    err = await rejectionOf(
      new HttpAgent({ url: closed.baseUrl, secret: SECRET }, http).reply(input, AbortSignal.timeout(5000)),
    );
    expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
    expect(err.details.platformCode).toBe('ECONNREFUSED');
  });
});
