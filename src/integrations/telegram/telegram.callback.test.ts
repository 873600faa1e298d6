import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { telegramAdapter } from './telegram.adapter.ts';

const TOKEN = '123456:callback-test-token';

/** The Bot API's `answerCallbackQuery` as our adapter calls it, against a local server speaking it. */
describe('telegram callback queries', () => {
  const api = new RecordingServer(() => ({ status: 200, body: { ok: true, result: true } }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  const config = () => ({ botToken: TOKEN, secretToken: 'secret', apiBaseUrl: api.baseUrl });
  const ctx = () => ({
    apiBaseUrl: api.baseUrl,
    timeoutMs: 5_000,
    http: createHttpClient({ allowPrivateUrls: true }),
  });
  const pressed = { type: 'callback_query', callbackId: 'cbq-1', data: 'yes' } as const;

  it('waits for an answer only for callback queries', () => {
    expect(telegramAdapter.needsAcknowledgement?.(pressed)).toBe(true);
    expect(telegramAdapter.needsAcknowledgement?.({ type: 'text', text: 'hi' })).toBe(false);
  });

  it('answers with answerCallbackQuery and the query id', async () => {
    const before = api.requests.length;
    await telegramAdapter.acknowledgeInbound!(pressed, config(), ctx());
    const req = api.requests[before]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`/bot${TOKEN}/answerCallbackQuery`);
    expect(req.json).toEqual({ callback_query_id: 'cbq-1' });
  });

  it('classifies an expired query as rejected and throttling as rate limited, without the token', async () => {
    api.enqueue(
      {
        status: 400,
        body: {
          ok: false,
          error_code: 400,
          description: 'Bad Request: query is too old and response timeout expired',
        },
      },
      {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: 'Too Many Requests',
          parameters: { retry_after: 3 },
        },
      },
    );
    const old = await rejectionOf(telegramAdapter.acknowledgeInbound!(pressed, config(), ctx()));
    expect(old).toMatchObject({ code: 'OMNIFY_ERR_PLATFORM_REJECTED', details: { platformCode: '400' } });
    const busy = await rejectionOf(telegramAdapter.acknowledgeInbound!(pressed, config(), ctx()));
    expect(busy).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_RATE_LIMITED',
      details: { retryAfterMs: 3_000 },
    });
    expect(JSON.stringify([old, busy, String(old), String(busy)])).not.toContain(TOKEN);
  });
});
