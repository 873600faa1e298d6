import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { hasSharedFixtures, sharedSkipReason } from '../../testing/fixtures.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineChannelContract } from '../contract/channel.contract-suite.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import { type WhatsAppConfig, whatsappAdapter } from './whatsapp.adapter.ts';
import {
  ECHO_BUSINESS_NUMBER,
  echoWebhooks,
  messageFromOwnNumber,
  smbMessageEcho,
} from './whatsapp.echo.fixtures.ts';
import {
  CHECKS,
  config,
  graphError,
  ownSuccess,
  rateLimitedBody,
  readShared,
  signatureVectors,
  successBody,
  webhooks,
} from './whatsapp.fixtures.ts';
import { signWhatsApp } from './whatsapp.signature.ts';

const skipReason = sharedSkipReason();
if (skipReason) console.warn(`[whatsapp] ${skipReason}`);

defineChannelContract<WhatsAppConfig>({
  adapter: whatsappAdapter,
  config,
  sign: (rawBody, c) => ({ 'X-Hub-Signature-256': signWhatsApp(rawBody, c.appSecret) }),
  // Echoes of the business's own messages yield no event (whatsapp.echo.fixtures.ts).
  webhooks: [...webhooks, ...echoWebhooks],
  signatureVectors,
  withApiBaseUrl: (c, baseUrl) => ({ ...c, apiBaseUrl: baseUrl }),
  api: {
    success: { status: 200, body: successBody },
    serverError: { status: 500, body: graphError(2, 'Service temporarily unavailable') },
    rejected: {
      status: 400,
      body: graphError(131047, 'Re-engagement message', 'More than 24 hours since the last reply'),
      platformCode: '131047',
    },
    rateLimited: { status: 400, body: rateLimitedBody, headers: { 'retry-after': '2' }, retryAfterMs: 2000 },
    expectedPlatformMessageId: successBody.messages[0].id,
    assertSendRequest(req, out) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/${config.phoneNumberId}/messages`);
      expect(req.headers.authorization).toBe(`Bearer ${config.accessToken}`);
      expect(req.json).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: out.threadKey,
        type: 'text',
        text: { preview_url: false, body: out.text },
      });
    },
  },
});

// --- WhatsApp-specific behaviour ----------------------------------------------------------------

describe('whatsapp handshake', () => {
  const get = (query: Record<string, string>): WebhookRequest => ({
    method: 'GET',
    headers: {},
    query,
    rawBody: Buffer.alloc(0),
  });
  it('echoes hub.challenge when the verify token matches', () => {
    const res = whatsappAdapter.handshake!(
      get({ 'hub.mode': 'subscribe', 'hub.verify_token': config.verifyToken, 'hub.challenge': '42' }),
      config,
    );
    expect(res).toEqual({ status: 200, contentType: 'text/plain', body: '42' });
  });
  it('refuses a wrong token or mode', () => {
    const queries: Record<string, string>[] = [
      { 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' },
      { 'hub.mode': 'unsubscribe', 'hub.verify_token': config.verifyToken, 'hub.challenge': '1' },
      {},
    ];
    for (const q of queries) {
      expect(thrownBy(() => whatsappAdapter.handshake!(get(q), config))?.code).toBe(
        'OMNIFY_ERR_VERIFY_TOKEN_MISMATCH',
      );
    }
  });
  const doc = readShared('verify_get_request_metadocs.txt');
  it.skipIf(!doc)("answers Meta's documented sample verification request", () => {
    const url = new URL(
      doc!
        .toString('utf8')
        .trim()
        .replace(/^GET\s+/, ''),
    );
    const query = Object.fromEntries(url.searchParams);
    const res = whatsappAdapter.handshake!(get(query), { ...config, verifyToken: 'meatyhamhock' });
    expect(res.body).toBe('1158201444');
    expect(thrownBy(() => whatsappAdapter.handshake!(get(query), config))?.code).toBe(
      'OMNIFY_ERR_VERIFY_TOKEN_MISMATCH',
    );
  });
});

describe('whatsapp send details', () => {
  const api = new RecordingServer(() => ({ status: 200, body: ownSuccess }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  const send = (replyTo?: string) =>
    whatsappAdapter.send(
      { messageId: 'm1', threadKey: '15551230001', text: 'hi', replyToPlatformMessageId: replyTo },
      { ...config, apiBaseUrl: `${api.baseUrl}/` },
      {
        apiBaseUrl: whatsappAdapter.apiBaseUrl({ ...config, apiBaseUrl: `${api.baseUrl}/` }),
        timeoutMs: 5_000,
        http: createHttpClient({ allowPrivateUrls: true }),
      },
    );

  it('quotes the replied-to message with context.message_id', async () => {
    await send('wamid.ABC');
    expect(api.requests.at(-1)!.json.context).toEqual({ message_id: 'wamid.ABC' });
  });
  const bodies: Record<string, unknown> = {
    '429': {},
    '131056': graphError(131056, 'Pair rate limit'),
    '131000': graphError(131000, 'Something went wrong'),
    '200': { messaging_product: 'whatsapp', messages: [] },
    '190': graphError(190, 'Invalid OAuth access token'),
  };
  it.each([
    [429, '429', 'OMNIFY_ERR_PLATFORM_RATE_LIMITED'],
    [400, '131056', 'OMNIFY_ERR_PLATFORM_RATE_LIMITED'],
    [400, '131000', 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
    [200, '200', 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
    [401, '190', 'OMNIFY_ERR_PLATFORM_REJECTED'],
  ])('HTTP %i with code %s → %s', async (statusCode, platformCode, code) => {
    const body = bodies[platformCode];
    api.enqueue({ status: statusCode, body });
    const err = await rejectionOf(send());
    expect(err.code).toBe(code);
    expect(err.details.platformCode).toBe(platformCode);
  });
  it('never puts the access token in an error', async () => {
    api.enqueue({ status: 400, body: graphError(100, `bad token ${config.accessToken}`) });
    const err = await rejectionOf(send());
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(config.accessToken);
  });
  it('defaults to the Graph API and strips a trailing slash', () => {
    expect(whatsappAdapter.apiBaseUrl(config)).toBe('https://graph.facebook.com/v21.0');
    expect(whatsappAdapter.apiBaseUrl({ ...config, apiBaseUrl: 'http://x/' })).toBe('http://x');
  });
});

describe('whatsapp echoes of our own side', () => {
  const parse = (body: unknown) => whatsappAdapter.parse(body, config);
  const customer = (id: string) => ({
    from: '15551230001',
    id,
    timestamp: '1739321024',
    type: 'text',
    text: { body: 'hello' },
  });
  const messagesChange = (value: Record<string, unknown>) => ({
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: ECHO_BUSINESS_NUMBER },
      ...value,
    },
  });
  it('never turns a smb_message_echoes change into a message, next to a customer message', () => {
    const body = smbMessageEcho({
      id: 'wamid.ECHO-1',
      to: '+15551230001',
      text: 'From the app',
      phoneNumberId: '1',
    });
    const changes = (body as any).entry[0].changes;
    changes.push(messagesChange({ messages: [customer('wamid.CUSTOMER-1')] }));
    expect(parse(body).map((e) => e.platformMessageId)).toEqual(['wamid.CUSTOMER-1']);
  });
  it('skips a messages item written by the business number itself, keeps the others', () => {
    const body = messageFromOwnNumber('wamid.OWN-2', '1') as any;
    body.entry[0].changes[0].value.messages.push(customer('wamid.CUSTOMER-2'));
    expect(parse(body).map((e) => e.platformMessageId)).toEqual(['wamid.CUSTOMER-2']);
  });
  it('turns statuses of our sends into status updates only, never messages', () => {
    const statuses = ['sent', 'delivered', 'read', 'failed'].map((status) => ({
      id: 'wamid.OURS-1',
      status,
      timestamp: '1739321024',
      recipient_id: '15551230001',
    }));
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ changes: [messagesChange({ statuses })] }],
    };
    expect(parse(body).map((e) => e.kind)).toEqual(['status', 'status', 'status', 'status']);
  });
});

describe('whatsapp fixture coverage', () => {
  it('has a fixture for every named check', () => {
    const names = new Set(webhooks.map((w) => w.name));
    const expected = Object.keys(CHECKS).filter((k) => hasSharedFixtures || k.startsWith('samples/'));
    expect(expected.filter((k) => !names.has(k))).toEqual([]);
  });
  it.skipIf(!hasSharedFixtures)('expands all 23 named payloads of upstream_pywa_message.json', () => {
    expect(webhooks.filter((w) => w.name.startsWith('upstream_pywa_message.json#'))).toHaveLength(23);
  });
});
