import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPayloads, signatureHeaders } from '../src/cli/replay.ts';
import { signWhatsApp } from '../src/integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../src/testing/backends.ts';
import {
  hasSharedFixtures,
  SAMPLE_PAYLOADS_DIR,
  SHARED_PAYLOADS_DIR,
  sharedSkipReason,
} from '../src/testing/fixtures.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../src/testing/harness.ts';
import { whatsappText } from './payloads.ts';

const APP_SECRET = 'bad-input-app-secret';
const TG_SECRET = 'bad_input_tg_secret';

describe.each(testBackends())('bad input on %s', (backend) => {
  let omnify: TestOmnify;
  let wa: any;
  let tg: any;
  const messageCount = async () =>
    Number((await omnify.db.query<{ n: string }>('SELECT count(*)::text AS n FROM messages')).rows[0]!.n);

  beforeAll(async () => {
    omnify = await startTestOmnify(backend, { bodyLimitBytes: 64 * 1024 });
    // No agent on these channels and an unreachable API: only ingestion is exercised.
    wa = (
      await omnify.api('POST', '/api/v1/channels', {
        platform: 'whatsapp',
        config: {
          phoneNumberId: '1',
          accessToken: 'token-xyz-123',
          appSecret: APP_SECRET,
          verifyToken: 'v',
          apiBaseUrl: 'http://127.0.0.1:9',
        },
      })
    ).json;
    tg = (
      await omnify.api('POST', '/api/v1/channels', {
        platform: 'telegram',
        config: { botToken: '1:abc', secretToken: TG_SECRET, apiBaseUrl: 'http://127.0.0.1:9' },
      })
    ).json;
  });
  afterAll(() => omnify?.close());

  it('rejects a bad or missing signature with 401 and stores nothing', async () => {
    const raw = Buffer.from(JSON.stringify(whatsappText('wamid.BAD-1', 'hello')));
    const before = await messageCount();
    const wrong = await omnify.post(`/webhooks/${wa.id}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, 'not-the-secret'),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
    const missing = await omnify.post(`/webhooks/${wa.id}`, raw);
    expect(missing.status).toBe(401);
    const tgWrong = await omnify.post(`/webhooks/${tg.id}`, '{"update_id":1}', {
      'x-telegram-bot-api-secret-token': 'nope',
    });
    expect(tgWrong.status).toBe(401);
    expect(await messageCount()).toBe(before);
  });

  it('answers 404 for an unknown channel', async () => {
    const res = await omnify.post('/webhooks/6f1c1d2e-0000-4000-8000-000000000000', '{}');
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('OMNIFY_ERR_CHANNEL_NOT_FOUND');
    expect((await omnify.post('/webhooks/not-a-uuid', '{}')).status).toBe(404);
  });

  it('answers 400 for malformed JSON that is correctly signed', async () => {
    const raw = Buffer.from('{"object": "whatsapp_business_account", "entry": [');
    const res = await omnify.post(`/webhooks/${wa.id}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('OMNIFY_ERR_MALFORMED_JSON');
  });

  it('answers 413 for a body over the limit', async () => {
    const raw = Buffer.from(
      JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(70 * 1024) }),
    );
    const res = await omnify.post(`/webhooks/${wa.id}`, raw, {
      'x-hub-signature-256': signWhatsApp(raw, APP_SECRET),
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('OMNIFY_ERR_PAYLOAD_TOO_LARGE');
  });

  it('answers 400 with field-level errors for an invalid API request, without stack traces', async () => {
    const res = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      config: { phoneNumberId: 5 },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('OMNIFY_ERR_VALIDATION');
    const paths = res.json.error.details.fields.map((f: any) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['/config/phoneNumberId', '/config/accessToken', '/config/appSecret']),
    );
    expect(JSON.stringify(res.json)).not.toMatch(/at .*\.ts:\d+/);
    const badPlatform = await omnify.api('POST', '/api/v1/channels', { platform: 'fax', config: {} });
    expect(badPlatform.status).toBe(400);
    expect(badPlatform.json.error.details.fields[0].path).toBe('/body/platform');
    const badAgent = await omnify.api('POST', '/api/v1/agents', {
      kind: 'openai',
      config: { baseUrl: 'not a url' },
    });
    expect(badAgent.status).toBe(400);
    expect(badAgent.json.error.details.fields.map((f: any) => f.path)).toEqual(
      expect.arrayContaining(['/config/apiKey', '/config/model']),
    );
  });

  it('answers 400 for malformed JSON on the API and 401 without a valid key', async () => {
    const res = await fetch(`${omnify.url}/api/v1/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: '{"kind":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('OMNIFY_ERR_MALFORMED_JSON');
    expect((await fetch(`${omnify.url}/api/v1/channels`)).status).toBe(401);
    const wrongKey = await fetch(`${omnify.url}/api/v1/channels`, {
      headers: { authorization: 'Bearer omk_wrong' },
    });
    expect(wrongKey.status).toBe(401);
    expect(((await wrongKey.json()) as any).error.code).toBe('OMNIFY_ERR_UNAUTHORIZED');
  });

  it('never returns channel secrets in full', async () => {
    const res = await omnify.api('GET', `/api/v1/channels/${wa.id}`);
    expect(JSON.stringify(res.json)).not.toContain(APP_SECRET);
    expect(JSON.stringify(res.json)).not.toContain('token-xyz-123');
    expect(res.json.config.phoneNumberId).toBe('1');
  });

  for (const platform of ['whatsapp', 'telegram'] as const) {
    const dirs = [SAMPLE_PAYLOADS_DIR, ...(hasSharedFixtures ? [SHARED_PAYLOADS_DIR] : [])];
    const source = hasSharedFixtures
      ? 'shared fixtures and own samples'
      : `own samples only; ${sharedSkipReason()}`;
    it(`accepts every ${platform} payload (${source}) without failing`, async () => {
      const payloads = dirs.flatMap((d) => collectPayloads(`${d}/${platform}`, platform));
      expect(payloads.length).toBeGreaterThan(hasSharedFixtures ? 12 : 4);
      const channel = platform === 'whatsapp' ? wa : tg;
      const secret = platform === 'whatsapp' ? APP_SECRET : TG_SECRET;
      for (const p of payloads) {
        const res = await omnify.post(
          `/webhooks/${channel.id}`,
          p.body,
          signatureHeaders(platform, p.body, secret),
        );
        expect(res.status, `${p.name}: ${res.text}`).toBe(200);
      }
      // Unknown content is kept as `unsupported` with its raw payload, never dropped.
      const { rows } = await omnify.db.query<any>(
        `SELECT content_type, raw FROM messages WHERE channel_id = $1 AND content_type = 'unsupported'`,
        [channel.id],
      );
      for (const r of rows) expect(r.raw).toBeTruthy();
    });
  }
});
