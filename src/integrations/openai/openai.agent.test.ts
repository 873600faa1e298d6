import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { AgentInput } from '../contract/agent.ts';
import { OpenAIAgent, type OpenAIAgentConfig } from './openai.agent.ts';

/** The test endpoints listen on 127.0.0.1: private addresses allowed, as OMNIFY_ALLOW_PRIVATE_URLS does. */
const http = createHttpClient({ allowPrivateUrls: true });

const API_KEY = 'sk-test-0123456789abcdef';

/** A Chat Completions answer as OpenAI sends it. */
function completion(content: string | null) {
  return {
    id: 'chatcmpl-abc123',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 42, completion_tokens: 9, total_tokens: 51 },
  };
}

const input: AgentInput = {
  conversationId: 'conv-1',
  channelId: 'chan-1',
  platform: 'whatsapp',
  contact: { id: 'contact-1', name: 'Ana', handle: '34600111222' },
  message: {
    id: 'msg-3',
    contentType: 'text',
    text: 'And on Sundays?',
    content: { type: 'text', text: 'And on Sundays?' },
    createdAt: '2024-05-04T10:02:00.000Z',
  },
  history: [
    {
      direction: 'inbound',
      senderKind: 'contact',
      contentType: 'text',
      text: 'When do you open?',
      createdAt: '2024-05-04T10:00:00.000Z',
      platform: 'whatsapp',
      conversationId: 'conv-1',
    },
    {
      direction: 'outbound',
      senderKind: 'agent',
      contentType: 'text',
      text: 'From 9:00 on weekdays.',
      createdAt: '2024-05-04T10:01:00.000Z',
      platform: 'whatsapp',
      conversationId: 'conv-1',
    },
    {
      direction: 'inbound',
      senderKind: 'contact',
      contentType: 'image',
      text: null,
      createdAt: '2024-05-04T10:01:30.000Z',
      platform: 'whatsapp',
      conversationId: 'conv-1',
    },
  ],
};

describe('OpenAIAgent', () => {
  const server = new RecordingServer(() => ({
    status: 200,
    body: completion('  We open at 10:00 on Sundays.  '),
  }));
  let config: OpenAIAgentConfig;

  beforeAll(async () => {
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(() => {
    server.requests.length = 0;
    config = {
      baseUrl: `${server.baseUrl}/v1/`,
      apiKey: API_KEY,
      model: 'gpt-4o-mini',
      systemPrompt: 'You answer for Corner Shop.',
      temperature: 0.2,
      maxTokens: 300,
    };
  });

  it('sends the exact Chat Completions request and returns the trimmed answer', async () => {
    const reply = await new OpenAIAgent(config, http).reply(input, AbortSignal.timeout(5000));
    expect(reply).toEqual({ text: 'We open at 10:00 on Sundays.' });
    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.json).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You answer for Corner Shop.' },
        { role: 'user', content: 'When do you open?' },
        { role: 'assistant', content: 'From 9:00 on weekdays.' },
        { role: 'user', content: '[image]' },
        { role: 'user', content: 'And on Sundays?' },
      ],
      temperature: 0.2,
      max_tokens: 300,
    });
  });

  it('omits the system prompt and optional parameters when not configured', async () => {
    const minimal = { baseUrl: `${server.baseUrl}/v1`, apiKey: API_KEY, model: 'llama3' };
    const noText = {
      ...input,
      history: [],
      message: { ...input.message, contentType: 'voice' as const, text: null },
    };
    await new OpenAIAgent(minimal, http).reply(noText, AbortSignal.timeout(5000));
    expect(server.requests[0].url).toBe('/v1/chat/completions');
    expect(server.requests[0].json).toEqual({
      model: 'llama3',
      messages: [{ role: 'user', content: '[voice]' }],
    });
  });

  it('answers null when the model returns no content', async () => {
    server.enqueue({ status: 200, body: completion(null) }, { status: 200, body: completion('   ') });
    server.enqueue({ status: 200, body: { choices: [] } });
    const agent = new OpenAIAgent(config, http);
    expect(await agent.reply(input, AbortSignal.timeout(5000))).toBeNull();
    expect(await agent.reply(input, AbortSignal.timeout(5000))).toBeNull();
    expect(await agent.reply(input, AbortSignal.timeout(5000))).toBeNull();
  });

  it('maps 500 to AGENT_FAILED', async () => {
    server.enqueue({
      status: 500,
      body: {
        error: {
          message: 'The server had an error while processing your request.',
          type: 'server_error',
          code: null,
        },
      },
    });
    const err = await rejectionOf(new OpenAIAgent(config, http).reply(input, AbortSignal.timeout(5000)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
    expect(err.retryable).toBe(true);
    expect(err.details.platformCode).toBe('500');
    expect(err.details.platformMessage).toBe('The server had an error while processing your request.');
  });

  it('maps 401 with the OpenAI error envelope to AGENT_REJECTED, without leaking the key', async () => {
    server.enqueue({
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${API_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
    });
    const err = await rejectionOf(new OpenAIAgent(config, http).reply(input, AbortSignal.timeout(5000)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.details.platformCode).toBe('invalid_api_key');
    expect(err.details.platformMessage).toMatch(/^Incorrect API key provided: \[redacted\]\./);
    expect(JSON.stringify(err.details)).not.toContain(API_KEY);
    expect(err.message).not.toContain(API_KEY);
  });

  it('maps 429 with Retry-After to AGENT_FAILED with retryAfterMs', async () => {
    server.enqueue({
      status: 429,
      headers: { 'retry-after': '20' },
      body: {
        error: {
          message: 'Rate limit reached for gpt-4o-mini.',
          type: 'requests',
          code: 'rate_limit_exceeded',
        },
      },
    });
    const err = await rejectionOf(new OpenAIAgent(config, http).reply(input, AbortSignal.timeout(5000)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
    expect(err.details.retryAfterMs).toBe(20_000);
    expect(err.details.platformCode).toBe('rate_limit_exceeded');
  });

  it('maps 400 to AGENT_REJECTED and 408/409 to AGENT_FAILED', async () => {
    const agent = new OpenAIAgent(config, http);
    server.enqueue({
      status: 400,
      body: {
        error: {
          message: "The model 'gpt-5x' does not exist",
          type: 'invalid_request_error',
          code: 'model_not_found',
        },
      },
    });
    expect((await rejectionOf(agent.reply(input, AbortSignal.timeout(5000)))).code).toBe(
      'OMNIFY_ERR_AGENT_REJECTED',
    );
    for (const status of [408, 409]) {
      server.enqueue({ status, body: 'busy' });
      const err = await rejectionOf(agent.reply(input, AbortSignal.timeout(5000)));
      expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
      expect(err.details.platformCode).toBe(String(status));
    }
  });

  it('rejects a 200 that is not JSON (wrong baseUrl)', async () => {
    server.enqueue({ status: 200, body: '<html>dashboard</html>', headers: { 'content-type': 'text/html' } });
    const err = await rejectionOf(new OpenAIAgent(config, http).reply(input, AbortSignal.timeout(5000)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_REJECTED');
  });

  it('turns an aborted slow request into AGENT_FAILED', async () => {
    server.enqueue({ status: 200, body: completion('too late'), delayMs: 2000 });
    const started = Date.now();
    const err = await rejectionOf(new OpenAIAgent(config, http).reply(input, AbortSignal.timeout(150)));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
    expect(err.details.platformCode).toBe('TimeoutError');
  });

  it('turns a refused connection into AGENT_FAILED', async () => {
    const closed = new RecordingServer(() => ({ status: 200, body: {} }));
    await closed.start();
    await closed.stop();
    const agent = new OpenAIAgent({ ...config, baseUrl: closed.baseUrl }, http);
    const err = await rejectionOf(agent.reply(input, AbortSignal.timeout(5000)));
    expect(err.code).toBe('OMNIFY_ERR_AGENT_FAILED');
    expect(err.details.platformCode).toBe('ECONNREFUSED');
    expect(err.message).not.toContain(API_KEY);
  });
});
