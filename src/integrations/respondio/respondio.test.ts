import { join } from 'node:path';
import { expect } from 'vitest';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import type { SignatureVector, WebhookFixture } from '../contract/channel.contract-suite.ts';
import { defineChannelContract } from '../contract/channel.contract-suite.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import type { InboundEvent } from '../contract/message.ts';
import { createRespondioAdapter, type RespondioConfig } from './respondio.adapter.ts';
import {
  CHANNEL_ID,
  CUSTOM_CONTACT,
  config,
  NOW_MS,
  one,
  SAMPLES,
  SIGNING_KEY_1,
  SIGNING_KEY_2,
  THREAD,
} from './respondio.fixtures.ts';
import { signRespondio } from './respondio.verify.ts';

/*
 * The shared channel contract for respond.io. The shared folder has no respond.io payloads (its
 * SOURCE.md explains why): every body here is written from respond.io's documentation and public
 * integrations (respondio.fixtures.ts). Should payload files ever be added there, they are parsed too
 * (skipped with a message when ../shared is absent). respond.io-specific behaviour is in
 * respondio.specifics.test.ts.
 */

const adapter = createRespondioAdapter({ now: () => NOW_MS });

const skipReason = sharedSkipReason();
if (skipReason) console.warn(`[respondio] ${skipReason}`);
const SHARED = join(SHARED_PAYLOADS_DIR, 'respondio');

const none = (events: InboundEvent[]) => expect(events).toEqual([]);
const matches = (expected: Record<string, unknown>) => (events: InboundEvent[]) =>
  expect(one(events)).toMatchObject(expected);
const status = (expected: Record<string, unknown>) => (events: InboundEvent[]) => {
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ kind: 'status', ...expected });
};

/** Checks on each of our samples. */
const CHECKS: Record<string, (events: InboundEvent[]) => void> = {
  'message_received_text.json': matches({
    platformMessageId: '1726740558441000',
    dedupeKey: '1726740558441000',
    threadKey: THREAD,
    sender: { handle: THREAD, displayName: 'Amara Okoye', phoneE164: '+4915198765432' },
    sentAt: new Date(1726740558441),
    content: { type: 'text', text: 'Hi, where is my order #4411?' },
    replyContext: { channelId: String(CHANNEL_ID) },
  }),
  'message_received_image.json': matches({
    content: {
      type: 'image',
      media: {
        id: 'https://cdn.example.com/files/photo.jpg',
        url: 'https://cdn.example.com/files/photo.jpg',
        fileName: 'photo.jpg',
        mimeType: 'image/jpeg',
        size: 48213,
      },
    },
    text: '[image: photo.jpg]',
  }),
  'message_received_file.json': matches({ content: { type: 'document' }, text: '[file: invoice.pdf]' }),
  'message_received_location.json': matches({
    content: { type: 'location', latitude: 52.52, longitude: 13.405, address: 'Alexanderplatz, Berlin' },
  }),
  'message_received_email.json': matches({ text: 'Please refund my last order.' }),
  'message_received_unsupported.json': matches({
    content: { type: 'unsupported', platformType: 'message:unsupported' },
    text: null,
  }),
  'message_received_seconds.json': matches({ sentAt: new Date(1662965213000) }),
  'message_received_own_custom_echo.json': none,
  'message_sent_delivered.json': status({
    platformMessageId: '1262965213',
    status: 'delivered',
    at: new Date(1662965220000),
  }),
  'message_sent_failed.json': status({
    platformMessageId: '1262965214',
    status: 'failed',
    error: { code: 'failed', message: 'Failed reason' },
  }),
  'message_sent_pending.json': none,
  'contact_updated.json': none,
  'conversation_closed.json': none,
  'custom_channel_text.json': matches({
    threadKey: `custom:${CUSTOM_CONTACT}`,
    sender: { handle: CUSTOM_CONTACT },
    text: 'Hello from a respond.io workflow',
    sentAt: new Date(NOW_MS),
    replyContext: { customChannelId: config.customChannelId },
  }),
  'custom_channel_attachment.json': matches({
    content: {
      type: 'video',
      media: { id: 'https://cdn.example.com/clip.mp4', url: 'https://cdn.example.com/clip.mp4' },
    },
  }),
};

const ownWebhooks: WebhookFixture[] = Object.entries(SAMPLES).map(([name, body]) => ({
  name: `samples/${name}`,
  body: Buffer.from(JSON.stringify(body)),
  check: CHECKS[name],
}));
const sharedWebhooks: WebhookFixture[] = listFixtures(SHARED, /\.json$/).map((f) => ({
  name: `shared/${f.name}`,
  body: f.bytes,
}));

const request = (
  rawBody: Buffer,
  headers: Record<string, string>,
  query: Record<string, string> = {},
): WebhookRequest => ({
  method: 'POST',
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  query,
  rawBody,
});
const body = ownWebhooks[0]!.body;
const vector = (
  name: string,
  valid: boolean,
  headers: Record<string, string>,
  query: Record<string, string> = {},
  c: RespondioConfig = config,
): SignatureVector<RespondioConfig> => ({ name, config: c, valid, request: request(body, headers, query) });
const signed = (key: string) => ({ 'X-Webhook-Signature': signRespondio(body, key) });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const vectors: SignatureVector<RespondioConfig>[] = [
  vector('signed with the first signing key', true, signed(SIGNING_KEY_1)),
  vector('signed with the second signing key', true, signed(SIGNING_KEY_2)),
  vector('signed with another key', false, signed('b3RoZXIta2V5')),
  vector('hex instead of base64', false, {
    'X-Webhook-Signature': Buffer.from(signRespondio(body, SIGNING_KEY_1), 'base64').toString('hex'),
  }),
  vector(
    'signed, but no signing key configured',
    false,
    signed(SIGNING_KEY_1),
    {},
    {
      apiToken: config.apiToken,
    },
  ),
  vector('Custom Channel bearer token', true, bearer(config.channelToken!)),
  vector('another bearer token', false, bearer('not-the-channel-token')),
  vector('the API token as bearer', false, bearer(config.apiToken)),
  vector(
    'bearer token, but no channelToken configured',
    false,
    bearer(config.channelToken!),
    {},
    {
      apiToken: config.apiToken,
    },
  ),
  vector('URL token', true, {}, { token: config.webhookToken! }),
  vector('wrong URL token', false, {}, { token: 'test_webhook_token_0mnify_7654321' }),
  vector(
    'URL token, but no webhookToken configured',
    false,
    {},
    { token: config.webhookToken! },
    {
      apiToken: config.apiToken,
    },
  ),
  vector('a wrong signature does not hide a right URL token', true, signed('b3RoZXIta2V5'), {
    token: config.webhookToken!,
  }),
];

defineChannelContract<RespondioConfig>({
  adapter,
  config,
  sign: (raw, c) => ({ 'X-Webhook-Signature': signRespondio(raw, c.signingKey!.split(',')[0]!.trim()) }),
  webhooks: [...ownWebhooks, ...sharedWebhooks],
  signatureVectors: vectors,
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  api: {
    success: { status: 200, body: { messageId: 1262965213 } },
    serverError: { status: 500, body: { code: 500, message: 'Internal server error.' } },
    rejected: { status: 404, body: { code: 404, message: 'Contact not found.' }, platformCode: '404' },
    rateLimited: {
      status: 429,
      headers: { 'retry-after': '5', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0' },
      body: { code: 429, message: 'Too many requests.' },
      retryAfterMs: 5_000,
    },
    assertSendRequest(req, out) {
      expect(out.threadKey).toBe(THREAD);
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/contact/${THREAD}/message`);
      expect(req.headers.authorization).toBe(`Bearer ${config.apiToken}`);
      expect(req.headers['content-type']).toBe('application/json');
      expect(req.json).toEqual({ message: { type: 'text', text: out.text } });
    },
    expectedPlatformMessageId: '1262965213',
  },
});
