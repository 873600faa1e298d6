import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../modules/workspaces/test-call.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';

describe.each(testBackends())('rate limits on %s', (backend) => {
  let omnify: TestOmnify;
  // The authentication-failure limit keeps its default (20 a minute); the per-key limit is tiny.
  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { apiRateLimitPerMinute: 5 });
  }, 60_000);
  afterAll(() => omnify?.close());

  it('limits each API key on its own, with Retry-After, and never webhooks', async () => {
    const viewer = await call(omnify.url, TEST_API_KEY, 'POST', '/api/v1/api-keys', {
      name: 'v',
      role: 'viewer',
    });
    expect(viewer.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call(omnify.url, TEST_API_KEY, 'GET', '/api/v1/channels')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const limited = await call(omnify.url, TEST_API_KEY, 'GET', '/api/v1/channels');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('OMNIFY_ERR_RATE_LIMITED');
    const wait = Number(limited.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    // Another key still has its own budget.
    expect((await call(omnify.url, viewer.json.key, 'GET', '/api/v1/channels')).status).toBe(200);
    for (let i = 0; i < 30; i++) {
      const r = await omnify.post(`/webhooks/${randomUUID()}`, '{}');
      expect(r.status).toBe(404);
    }
  });

  it('answers 429 with Retry-After after 20 failed authentications from one IP', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await call(omnify.url, `omk_wrong_${i}`, 'GET', '/api/v1/contacts')).status);
    expect(new Set(statuses)).toEqual(new Set([401]));
    const blocked = await call(omnify.url, 'omk_wrong_again', 'GET', '/api/v1/contacts');
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('OMNIFY_ERR_RATE_LIMITED');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const noKey = await fetch(`${omnify.url}/api/v1/contacts`);
    expect(noKey.status).toBe(429);
    // Webhooks are not behind the API's authentication and stay open.
    expect((await omnify.post(`/webhooks/${randomUUID()}`, '{}')).status).toBe(404);
  });
});
