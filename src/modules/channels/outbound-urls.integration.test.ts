import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, type TestOmnify } from '../../testing/harness.ts';

/** Loopback and metadata spellings, as a user could type them into a config. */
const REFUSED = [
  'http://127.1/hook',
  'http://0x7f.1/hook',
  'http://2130706433/hook',
  'http://0177.0.0.1/hook',
  'http://[::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://169.254.169.254/latest/meta-data',
  'http://localhost:8080/hook',
];

describe.each(testBackends())('outbound URLs are checked when saved (SSRF) on %s', (backend) => {
  let omnify: TestOmnify;
  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { allowPrivateUrls: false });
  });
  afterAll(() => omnify?.close());

  it.each(REFUSED)(
    'refuses a webhook channel with callbackUrl %s: 400 with the field and the fix',
    async (url) => {
      const res = await omnify.api('POST', '/api/v1/channels', {
        platform: 'webhook',
        config: { secret: 'a-shared-secret-of-16+', callbackUrl: url },
      });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
      expect(res.json.error.details.fields[0].path).toBe('/config/callbackUrl');
      expect(res.json.error.details.fields[0].message).toContain('OMNIFY_ALLOW_PRIVATE_URLS=true');
    },
  );

  it.each(REFUSED)('refuses an http agent url / openai baseUrl %s', async (url) => {
    const http = await omnify.api('POST', '/api/v1/agents', {
      kind: 'http',
      name: 'x',
      config: { url, secret: 'a-shared-secret-of-16+' },
    });
    expect([http.status, http.json.error.details.fields[0].path]).toEqual([400, '/config/url']);
    const openai = await omnify.api('POST', '/api/v1/agents', {
      kind: 'openai',
      name: 'x',
      config: { baseUrl: url, apiKey: 'k', model: 'm' },
    });
    expect([openai.status, openai.json.error.details.fields[0].path]).toEqual([400, '/config/baseUrl']);
  });

  it('refuses a private apiBaseUrl on a telegram channel, on create and on update', async () => {
    const bad = await omnify.api('POST', '/api/v1/channels', {
      platform: 'telegram',
      config: { botToken: '1:x', secretToken: 's', apiBaseUrl: 'http://127.1:8081' },
    });
    expect([bad.status, bad.json.error.details.fields[0].path]).toEqual([400, '/config/apiBaseUrl']);
    const ok = await omnify.api('POST', '/api/v1/channels', {
      platform: 'telegram',
      config: { botToken: '1:x', secretToken: 's', apiBaseUrl: 'https://93.184.216.34' },
    });
    expect(ok.status).toBe(201);
    const patch = await omnify.api('PATCH', `/api/v1/channels/${ok.json.id}`, {
      config: { apiBaseUrl: 'http://[::1]:8081' },
    });
    expect([patch.status, patch.json.error.details.fields[0].path]).toEqual([400, '/config/apiBaseUrl']);
  });
});

describe.each(testBackends())('private URLs allowed (OMNIFY_ALLOW_PRIVATE_URLS) on %s', (backend) => {
  let omnify: TestOmnify;
  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { allowPrivateUrls: true });
  });
  afterAll(() => omnify?.close());

  it('accepts a loopback agent endpoint', async () => {
    const res = await omnify.api('POST', '/api/v1/agents', {
      kind: 'openai',
      name: 'local ollama',
      config: { baseUrl: 'http://127.0.0.1:11434/v1', apiKey: 'ollama', model: 'llama3' },
    });
    expect(res.status).toBe(201);
  });
});
