import '../contract/formats.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { listFixtures, REPO_ROOT, SAMPLE_PAYLOADS_DIR } from '../../testing/fixtures.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import {
  defineChannelContract,
  type SignatureVector,
  type WebhookFixture,
} from '../contract/channel.contract-suite.ts';
import type { OutboundRequest } from '../contract/channel-adapter.ts';
import type { InboundEvent, InboundMessage, StatusUpdate } from '../contract/message.ts';
import { signOmnify, verifyOmnify } from './omnify-signature.ts';
import { type WebhookConfig, webhookAdapter } from './webhook.adapter.ts';
import { parseWebhookBody } from './webhook.normalize.ts';

const config: WebhookConfig = {
  secret: 'test-secret-0123456789abcdef',
  callbackUrl: 'https://crm.example.com/omnify/callback',
};
const CALLBACK_PATH = '/omnify/callback';
const withBase = (c: WebhookConfig, base: string): WebhookConfig => ({
  ...c,
  callbackUrl: `${base}${CALLBACK_PATH}`,
});
const SAMPLES = listFixtures(join(SAMPLE_PAYLOADS_DIR, 'webhook'));

const asMessage = (e: InboundEvent) => {
  expect(e.kind).toBe('message');
  return e as InboundMessage;
};
const checks: Record<string, (events: InboundEvent[]) => void> = {
  'message_text.json': ([e, ...rest]) => {
    expect(rest).toHaveLength(0);
    const m = asMessage(e);
    expect([m.platformMessageId, m.dedupeKey, m.threadKey]).toEqual([
      'crm-7f3a9c21',
      'crm-7f3a9c21',
      'ticket-5531',
    ]);
    expect(m.sender).toEqual({ handle: 'customer-1042', displayName: 'Priya Raman' });
    expect(m.content).toEqual({
      type: 'text',
      text: 'Hello, my order #1042 has not arrived yet. Can you check?',
    });
    expect(m.sentAt.toISOString()).toBe('2025-11-01T10:15:30.000Z');
  },
  'message_media.json': ([e]) => {
    const m = asMessage(e);
    expect(m.content).toEqual({
      type: 'document',
      media: {
        id: 'https://files.example.com/uploads/receipt-1042.pdf',
        mimeType: 'application/pdf',
        fileName: 'receipt-1042.pdf',
        caption: 'Here is the receipt',
      },
    });
    expect([m.text, m.replyToPlatformMessageId]).toEqual(['Here is the receipt', 'omnify-msg-0001']);
    expect(m.sentAt.getTime()).toBe(1761992190_000);
  },
  'batch.json': (events) => {
    expect(events.map((e) => e.kind)).toEqual(['message', 'status', 'message']);
    const first = asMessage(events[0]);
    expect([first.threadKey, first.sender.handle]).toEqual(['user-88', 'user-88']);
    expect(events[1]).toMatchObject({ platformMessageId: 'crm-reply-9001', status: 'read' });
    expect((events[1] as StatusUpdate).at.toISOString()).toBe('2025-11-01T09:20:00.000Z');
    expect(asMessage(events[2]).content).toEqual({ type: 'unsupported', platformType: 'reaction' });
  },
  'status_failed.json': ([e]) => {
    expect(e).toMatchObject({
      kind: 'status',
      platformMessageId: 'crm-reply-9002',
      status: 'failed',
      error: { code: 'recipient_unreachable', message: "The customer's device is offline" },
    });
  },
};
const webhooks: WebhookFixture[] = SAMPLES.map((f) => ({
  name: f.name,
  body: f.bytes,
  check: checks[f.name],
}));

const body = SAMPLES.find((s) => s.name === 'message_text.json')?.bytes ?? Buffer.from('{}');
const tampered = Buffer.from(body.toString('utf8').replace('#1042', '#1043'));
const now = Math.floor(Date.now() / 1000);
const signed = (rawBody: Buffer, header: string): SignatureVector<WebhookConfig>['request'] => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-omnify-signature': header },
  query: {},
  rawBody,
});

defineChannelContract<WebhookConfig>({
  adapter: webhookAdapter,
  config,
  sign: (raw, c) => ({ 'X-Omnify-Signature': signOmnify(c.secret, raw) }),
  webhooks,
  signatureVectors: [
    { name: 'valid', config, request: signed(body, signOmnify(config.secret, body)), valid: true },
    {
      name: 'rotated secret (second v1 matches)',
      config,
      request: signed(
        body,
        `${signOmnify('old-secret-0123456789', body, now)},v1=${signOmnify(config.secret, body, now).split('v1=')[1]}`,
      ),
      valid: true,
    },
    {
      name: 'wrong secret',
      config,
      request: signed(body, signOmnify('another-secret-0123456789', body)),
      valid: false,
    },
    {
      name: 'timestamp 10 minutes old',
      config,
      request: signed(body, signOmnify(config.secret, body, now - 600)),
      valid: false,
    },
    {
      name: 'tampered body',
      config,
      request: signed(tampered, signOmnify(config.secret, body)),
      valid: false,
    },
    { name: 'no v1 entry', config, request: signed(body, `t=${now}`), valid: false },
  ],
  withApiBaseUrl: withBase,
  api: {
    success: { status: 200, body: { id: 'crm-msg-8812', received: true } },
    serverError: { status: 503, body: { error: { code: 'unavailable', message: 'CRM is restarting' } } },
    rejected: {
      status: 422,
      body: { error: { code: 'unknown_thread', message: 'No customer with this threadId' } },
      platformCode: 'unknown_thread',
    },
    rateLimited: {
      status: 429,
      headers: { 'retry-after': '12' },
      body: { error: { code: 'rate_limited', message: 'Slow down' } },
      retryAfterMs: 12_000,
    },
    assertSendRequest(req, out) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(CALLBACK_PATH);
      expect(req.headers['content-type']).toBe('application/json');
      const header = req.headers['x-omnify-signature'];
      expect(typeof header).toBe('string');
      expect(verifyOmnify(config.secret, Buffer.from(req.body, 'utf8'), header as string)).toBe(true);
      expect(verifyOmnify('another-secret-0123456789', Buffer.from(req.body, 'utf8'), header as string)).toBe(
        false,
      );
      expect(req.json).toEqual({
        type: 'message',
        id: out.messageId,
        threadId: out.threadKey,
        text: out.text,
      });
    },
    expectedPlatformMessageId: 'crm-msg-8812',
  },
});

describe('webhook channel specifics', () => {
  const api = new RecordingServer(() => ({ status: 200, body: {} }));
  const out = { messageId: 'omnify-msg-77', threadKey: 'ticket-5531', text: 'On its way!' };
  const send = (o: OutboundRequest = out) =>
    webhookAdapter.send(o, withBase(config, api.baseUrl), {
      apiBaseUrl: `${api.baseUrl}${CALLBACK_PATH}`,
      timeoutMs: 5_000,
      http: createHttpClient({ allowPrivateUrls: true }),
    });
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('ships the four own samples, and the tampered vector really differs', () => {
    expect(Object.keys(checks).every((n) => SAMPLES.some((s) => s.name === n))).toBe(true);
    expect(tampered.equals(body)).toBe(false);
  });

  it('sends replyTo and falls back to our message id when the answer has none', async () => {
    api.enqueue({ status: 202, body: '' });
    const res = await send({ ...out, replyToPlatformMessageId: 'crm-7f3a9c21' });
    expect(res).toEqual({ platformMessageId: 'omnify-msg-77', status: 'sent' });
    expect(api.requests.at(-1)?.json).toMatchObject({ replyTo: 'crm-7f3a9c21' });
  });

  it('uses the HTTP status and body text when the error body is not ours', async () => {
    api.enqueue({ status: 404, body: 'no such route' });
    const err = await rejectionOf(send());
    expect([err.code, err.details.platformCode, err.details.platformMessage]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      '404',
      'no such route',
    ]);
    api.enqueue({ status: 302, headers: { location: 'https://elsewhere.example.com/' }, body: '' });
    expect((await rejectionOf(send())).code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
  });

  it('refuses bodies that are not events, pointing at the field', () => {
    const code = (b: unknown) => thrownBy(() => parseWebhookBody(b))?.code;
    expect(code({ text: 'no type' })).toBe('OMNIFY_ERR_VALIDATION');
    expect(code({ events: {} })).toBe('OMNIFY_ERR_VALIDATION');
    expect(code({ type: 'typing', threadId: 'x' })).toBe('OMNIFY_ERR_VALIDATION');
    expect(code({ type: 'message', id: 'a', from: { id: 'b' } })).toBe('OMNIFY_ERR_VALIDATION');
    expect(code({ type: 'status', messageId: 'a', status: 'sent' })).toBe('OMNIFY_ERR_VALIDATION');
    const err = thrownBy(() =>
      parseWebhookBody({
        events: [
          { type: 'message', id: 'a', from: { id: 'b' }, text: 'x' },
          { type: 'message', id: 'c', from: {} },
        ],
      }),
    );
    expect(err?.details.fields).toEqual([
      { path: '/events/1/from/id', message: 'must be a non-empty string' },
    ]);
  });

  it('keeps an invalid but identifiable event of a batch as unsupported, and the rest', () => {
    const events = parseWebhookBody({
      events: [
        { type: 'message', id: 'a', from: { id: 'b' }, text: 'x' },
        { type: 'message', id: 'c', from: { id: 'd' }, text: 42 },
      ],
    }) as InboundMessage[];
    expect(events.map((e) => e.content.type)).toEqual(['text', 'unsupported']);
    expect(events[1]!.content).toEqual({
      type: 'unsupported',
      platformType: 'message',
      reason: 'Invalid webhook event: /events/1/text must be a string',
    });
  });

  it('uses the time of receipt for an unusable timestamp and records why', () => {
    const now = new Date(Date.UTC(2031, 5, 1));
    for (const timestamp of ['yesterday', 1e300, -1, '+275760-09-13T00:00:00Z', true]) {
      const [m] = parseWebhookBody(
        { type: 'message', id: 'a', from: { id: 'b' }, text: 'x', timestamp },
        now,
      ) as InboundMessage[];
      expect(m.sentAt).toEqual(now);
      expect(m.issue?.code).toBe('timestamp_invalid');
    }
    const [ok] = parseWebhookBody(
      { type: 'message', id: 'a', from: { id: 'b' }, text: 'x', timestamp: 0 },
      now,
    );
    expect((ok as InboundMessage).sentAt.toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  it('infers the media kind and defaults failed statuses and timestamps', () => {
    const before = Date.now();
    const [m] = parseWebhookBody({
      type: 'message',
      id: 'a',
      from: { id: 'b' },
      media: { id: 'f', mimeType: 'image/png' },
    }) as InboundMessage[];
    expect([m.content.type, m.text, m.threadKey]).toEqual(['image', null, 'b']);
    expect(m.sentAt.getTime()).toBeGreaterThanOrEqual(before);
    const [s] = parseWebhookBody({ type: 'status', messageId: 'x', status: 'failed' }) as StatusUpdate[];
    expect(s.error?.code).toBe('unspecified');
  });

  it('validates its config', () => {
    expect(Value.Check(webhookAdapter.configSchema, { ...config, secret: 'too-short' })).toBe(false);
    expect(Value.Check(webhookAdapter.configSchema, { ...config, callbackUrl: 'ftp://x' })).toBe(false);
    expect(
      Value.Check(webhookAdapter.configSchema, { ...config, callbackUrl: 'http://127.0.0.1:8080/cb?x=1' }),
    ).toBe(true);
  });

  it('matches the worked example in docs/webhook-channel.md', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs/webhook-channel.md'), 'utf8');
    const secret = 'whsec_omnify_example_0123456789';
    const examples = [
      ['{"type":"message","id":"m-1001","from":{"id":"cust-42","name":"Ada"},"text":"Hi there"}', 1767225600],
      [
        '{"type":"message","id":"01JBX3K8Q2","threadId":"cust-42","text":"Hello Ada, how can we help?"}',
        1767225605,
      ],
    ] as const;
    for (const [raw, t] of examples) {
      const header = signOmnify(secret, raw, t);
      expect(doc).toContain(raw);
      expect(doc).toContain(`X-Omnify-Signature: ${header}`);
      expect(verifyOmnify(secret, Buffer.from(raw), header, 300, t + 299)).toBe(true);
      expect(verifyOmnify(secret, Buffer.from(raw), header, 300, t + 301)).toBe(false);
    }
    expect(parseWebhookBody(JSON.parse(examples[0][0]))).toHaveLength(1);
  });
});
