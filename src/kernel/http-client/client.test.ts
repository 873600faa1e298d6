import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { createHttpClient, httpError, statusErrorCode } from './client.ts';
import { bodyRetryAfterMs, retryAfterMs } from './retry-after.ts';

describe('retry-after', () => {
  it('reads seconds, HTTP dates, retry-after-ms and body retry_after', () => {
    const now = Date.parse('2024-06-01T08:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sat, 01 Jun 2024 08:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sat, 01 Jun 2024 07:00:00 GMT' }), now)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '1' }), now)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
    expect(bodyRetryAfterMs({ retry_after: 1.5 })).toBe(1500);
    expect(bodyRetryAfterMs({ ok: false, parameters: { retry_after: 7 } })).toBe(7000);
    expect(bodyRetryAfterMs({ retry_after: -1 })).toBeUndefined();
    expect(bodyRetryAfterMs('x')).toBeUndefined();
  });
});

describe('classification', () => {
  it('maps statuses to the catalog classes', () => {
    expect(statusErrorCode(200)).toBeUndefined();
    expect(statusErrorCode(429)).toBe('OMNIFY_ERR_PLATFORM_RATE_LIMITED');
    expect(statusErrorCode(503)).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
    expect(statusErrorCode(408)).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
    expect(statusErrorCode(404)).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
    expect(statusErrorCode(302)).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
    expect(statusErrorCode(409, 'agent')).toBe('OMNIFY_ERR_AGENT_FAILED');
    expect(statusErrorCode(400, 'agent')).toBe('OMNIFY_ERR_AGENT_REJECTED');
  });
  it('keeps the wait on retryable errors only, and redacts the message', () => {
    const slow = httpError({ status: 429, retryAfterMs: 2000 }, { label: 'API', platformMessage: 'slow' });
    expect([slow.retryable, slow.errorClass, slow.details.retryAfterMs]).toEqual([true, 'operational', 2000]);
    const no = httpError(
      { status: 403, retryAfterMs: 2000 },
      {
        label: 'API',
        platformMessage: 'bad token sk-live-123456 in ?access_token=abc',
        secrets: ['sk-live-123456'],
      },
    );
    expect([no.errorClass, no.details.retryAfterMs]).toEqual(['permanent', undefined]);
    expect(no.details.platformMessage).toBe('bad token [redacted] in ?access_token=[redacted]');
  });
});

describe('createHttpClient', () => {
  const server = new RecordingServer(() => ({ status: 200, body: { ok: true } }));
  const http = createHttpClient({ allowPrivateUrls: true });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('sends JSON, forms and raw bytes, and reads the answer with its wait', async () => {
    server.enqueue({ status: 429, body: { retry_after: 4 }, headers: {} });
    const res = await http.request({
      method: 'POST',
      url: `${server.baseUrl}/a`,
      body: { x: 1 },
      timeoutMs: 2000,
    });
    expect([res.status, res.json, res.retryAfterMs]).toEqual([429, { retry_after: 4 }, 4000]);
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/json');
    expect(server.requests.at(-1)?.json).toEqual({ x: 1 });
    await http.request({
      method: 'POST',
      url: `${server.baseUrl}/f`,
      body: new URLSearchParams({ a: 'b c' }),
      timeoutMs: 2000,
    });
    expect(server.requests.at(-1)?.body).toBe('a=b+c');
    expect(server.requests.at(-1)?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    server.enqueue({ status: 302, body: '', headers: { location: 'http://169.254.169.254/' } });
    const redirect = await http.request({ method: 'GET', url: `${server.baseUrl}/r`, timeoutMs: 2000 });
    expect(redirect.status).toBe(302); // never followed
  });

  it('turns a timeout and a refused connection into retryable errors, and rethrows the caller abort', async () => {
    server.enqueue({ status: 200, body: {}, delayMs: 1000 });
    const slow = await rejectionOf(http.request({ method: 'GET', url: server.baseUrl, timeoutMs: 100 }));
    expect([slow.code, slow.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_TRANSIENT', 'TimeoutError']);
    const dead = await rejectionOf(
      http.request({
        method: 'GET',
        url: 'http://127.0.0.1:9/bot123:secret-token/x',
        timeoutMs: 2000,
        errors: 'agent',
      }),
    );
    expect([dead.code, dead.details.platformCode]).toEqual(['OMNIFY_ERR_AGENT_FAILED', 'ECONNREFUSED']);
    expect(dead.message).not.toContain('secret-token');
    const ctl = new AbortController();
    ctl.abort(new Error('shutting down'));
    await expect(
      http.request({ method: 'GET', url: server.baseUrl, timeoutMs: 2000, signal: ctl.signal }),
    ).rejects.toThrow('shutting down');
  });
});
