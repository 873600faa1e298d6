import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { sharedSkipReason } from '../../testing/fixtures.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineChannelContract, type WebhookFixture } from '../contract/channel.contract-suite.ts';
import type { OutboundRequest, WebhookRequest } from '../contract/channel-adapter.ts';
import type { InboundEvent, InboundMessage, StatusUpdate } from '../contract/message.ts';
import { signWhatsApp } from '../whatsapp/whatsapp.signature.ts';
import { type MessengerConfig, messengerAdapter } from './messenger.adapter.ts';
import {
  envelope,
  graphError,
  messengerItems as I,
  MID,
  metaSignatureVectors,
  PAGE_ID,
  PSID,
  sendSuccess,
  sharedMessengerWebhooks,
  T0,
} from './messenger.fixtures.ts';
import { messagingPolicy } from './messenger.send.ts';

const skipReason = sharedSkipReason();
if (skipReason) console.warn(`[messenger] ${skipReason}`);

const config: MessengerConfig = {
  pageId: PAGE_ID,
  pageAccessToken: 'EAAGtest-page-access-token-never-logged',
  appSecret: 'test-messenger-app-secret',
  verifyToken: 'test-messenger-verify-token',
};
const parse = (items: unknown[]) => messengerAdapter.parse(envelope('page', PAGE_ID, items), config);
const one = (events: InboundEvent[]): InboundMessage => {
  expect(events).toHaveLength(1);
  expect(events[0]!.kind).toBe('message');
  return events[0] as InboundMessage;
};
const body = (v: unknown) => Buffer.from(JSON.stringify(v));

/** Expected fields of the shared 2016 doc copies (`USER_ID` placeholders kept as handles). */
const SHARED_EXPECT: Record<string, (ev: InboundEvent[]) => void> = {
  'webhook_message_text_fbmessengerhs.json': (ev) =>
    expect(one(ev)).toMatchObject({
      platformMessageId: 'mid.1457764197618:41d102a3e1ae206a38',
      dedupeKey: 'mid.1457764197618:41d102a3e1ae206a38',
      sender: { handle: 'USER_ID' },
      threadKey: 'USER_ID',
      sentAt: new Date(1457764197627),
      content: { type: 'text', text: 'hello, world!' },
    }),
  'webhook_postback_fbmessengerhs.json': (ev) =>
    expect(one(ev).content).toEqual({
      type: 'interactive_reply',
      kind: 'button',
      replyId: 'USER_DEFINED_PAYLOAD',
      title: '',
    }),
  'webhook_delivery_fbmessengerhs.json': (ev) =>
    expect(ev).toEqual([
      expect.objectContaining({
        kind: 'status',
        status: 'delivered',
        platformMessageId: 'mid.1458668856218:ed81099e15d3f4f233',
        at: new Date(1458668856253),
      }),
    ]),
  'webhook_optin_fbmessengerhs.json': (ev) =>
    expect(one(ev).content).toEqual({ type: 'unsupported', platformType: 'optin' }),
};

const webhooks: WebhookFixture[] = [
  { name: 'docs/text', body: body(envelope('page', PAGE_ID, [I.text])) },
  { name: 'docs/all event kinds', body: body(envelope('page', PAGE_ID, Object.values(I))) },
  ...sharedMessengerWebhooks().map((f) => ({
    name: `shared/${f.name}`,
    body: f.bytes,
    check: SHARED_EXPECT[f.name],
  })),
];

defineChannelContract<MessengerConfig>({
  adapter: messengerAdapter,
  config,
  sign: (raw, c) => ({ 'X-Hub-Signature-256': signWhatsApp(raw, c.appSecret) }),
  webhooks,
  signatureVectors: metaSignatureVectors(config),
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  api: {
    success: { status: 200, body: sendSuccess },
    serverError: {
      status: 500,
      body: graphError(2, 'An unexpected error has occurred.', { is_transient: true }),
    },
    rejected: {
      status: 400,
      body: graphError(100, 'Invalid parameter', { error_data: 'No matching user found.' }),
      platformCode: '100',
    },
    rateLimited: {
      status: 400,
      body: graphError(613, 'Calls to this api have exceeded the rate limit.'),
      headers: { 'retry-after': '3' },
      retryAfterMs: 3000,
    },
    expectedPlatformMessageId: sendSuccess.message_id,
    assertSendRequest(req, out) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/v21.0/${PAGE_ID}/messages`);
      expect(req.headers.authorization).toBe(`Bearer ${config.pageAccessToken}`);
      expect(req.json).toEqual({
        recipient: { id: out.threadKey },
        messaging_type: 'RESPONSE',
        message: { text: out.text },
      });
    },
  },
});

describe('messenger parsing', () => {
  it('maps every documented event kind and never stores our echoes', () => {
    const ev = parse(Object.values(I));
    const messages = ev.filter((e): e is InboundMessage => e.kind === 'message');
    const byKey = new Map(messages.map((m) => [m.dedupeKey, m]));
    expect(byKey.get(MID)).toMatchObject({
      text: 'Hi! Is the blue one in stock?',
      sender: { handle: PSID },
      threadKey: PSID,
      sentAt: new Date(T0),
    });
    expect(byKey.get(`${MID}-qr`)?.content).toEqual({
      type: 'interactive_reply',
      kind: 'quick_reply',
      replyId: 'COLOR_RED',
      title: 'Red',
    });
    expect(byKey.get(`${MID}-re`)?.replyToPlatformMessageId).toBe('m_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU');
    expect(byKey.get(`${MID}-att`)?.content).toEqual({
      type: 'image',
      media: { id: 'https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg' },
    });
    expect(byKey.get(`${MID}-att#2`)).toMatchObject({
      platformMessageId: `${MID}-att`,
      content: { type: 'document' },
    });
    expect(byKey.get(`${MID}-st`)?.content.type).toBe('sticker');
    expect(byKey.get(`${MID}-fb`)?.content).toEqual({
      type: 'unsupported',
      platformType: 'attachment:fallback',
    });
    expect(byKey.get(`${MID}:edit:1`)).toMatchObject({
      platformMessageId: MID,
      edited: true,
      text: 'Hi! Is the navy one in stock?',
    });
    expect(byKey.get(`${MID}-pb`)?.content).toEqual({
      type: 'interactive_reply',
      kind: 'button',
      replyId: 'GET_STARTED',
      title: 'Get Started',
    });
    const reactions = messages.filter((m) => m.content.type === 'reaction').map((m) => m.content);
    expect(reactions).toEqual([
      { type: 'reaction', emoji: '\u2764\uFE0F', targetPlatformMessageId: 'm_our-earlier-reply' },
      { type: 'reaction', emoji: null, targetPlatformMessageId: 'm_our-earlier-reply' },
    ]);
    expect(messages.some((m) => m.platformMessageId === 'm_echo-of-our-send')).toBe(false);
    const statuses = ev.filter((e): e is StatusUpdate => e.kind === 'status');
    expect(statuses.map((s) => [s.platformMessageId, s.status])).toEqual([
      [`watermark:${PSID}:${T0 - 1000}`, 'read'],
      ['m_our-earlier-reply', 'delivered'],
      ['m_our-other-reply', 'delivered'],
    ]);
    // `read.watermark` names no message: every one of ours in the conversation up to that time.
    expect(statuses[0]!.watermark).toEqual({ threadKey: PSID, upTo: new Date(T0 - 1000) });
    expect(
      messages.find((m) => m.content.type === 'unsupported' && m.content.platformType === 'optin'),
    ).toBeDefined();
  });

  it('gives every event a dedupe key that is stable across redeliveries and distinct between events', () => {
    const keys = (parse(Object.values(I)).filter((e) => e.kind === 'message') as InboundMessage[]).map(
      (m) => m.dedupeKey,
    );
    const again = (
      parse(structuredClone(Object.values(I))).filter((e) => e.kind === 'message') as InboundMessage[]
    ).map((m) => m.dedupeKey);
    expect(again).toEqual(keys);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('skips items sent by our own Page even without is_echo', () => {
    expect(parse([{ ...I.text, sender: { id: PAGE_ID } }])).toEqual([]);
  });

  it('keeps one bad item as unsupported or a repaired time, and the good ones', () => {
    const items = [
      { ...I.text, timestamp: 1e300 },
      { ...I.quickReply, message: 'not an object' },
      { sender: { id: PSID }, recipient: { id: PAGE_ID }, timestamp: T0, message: { text: 'no mid' } },
      { ...I.reaction, reaction: { action: 'react' } },
      42,
      I.postback,
    ];
    const ev = messengerAdapter.parse(envelope('page', PAGE_ID, items), config) as InboundMessage[];
    expect(ev.map((m) => m.content.type)).toEqual([
      'text',
      'unsupported',
      'unsupported',
      'unsupported',
      'interactive_reply',
    ]);
    expect(ev[0]!.issue?.code).toBe('timestamp_invalid');
    expect(ev[0]!.sentAt.getTime()).toBeGreaterThan(T0);
  });

  it('rejects bodies that are not page webhooks', () => {
    for (const b of [42, { object: 'instagram', entry: [] }, { object: 'page' }, null]) {
      expect(thrownBy(() => messengerAdapter.parse(b, config))?.code).toBe('OMNIFY_ERR_VALIDATION');
    }
    expect(
      messengerAdapter.parse({ object: 'page', entry: [{ id: PAGE_ID, standby: [I.text] }] }, config),
    ).toEqual([]);
  });
});

describe('messenger handshake', () => {
  const get = (query: Record<string, string>): WebhookRequest => ({
    method: 'GET',
    headers: {},
    query,
    rawBody: Buffer.alloc(0),
  });
  it('echoes hub.challenge for the right verify token only', () => {
    const ok = {
      'hub.mode': 'subscribe',
      'hub.verify_token': config.verifyToken,
      'hub.challenge': '1158201444',
    };
    expect(messengerAdapter.handshake!(get(ok), config)).toEqual({
      status: 200,
      contentType: 'text/plain',
      body: '1158201444',
    });
    const bad = thrownBy(() =>
      messengerAdapter.handshake!(get({ ...ok, 'hub.verify_token': 'nope' }), config),
    );
    expect(bad?.code).toBe('OMNIFY_ERR_VERIFY_TOKEN_MISMATCH');
  });
});

describe('messenger send', () => {
  const api = new RecordingServer(() => ({ status: 500, body: 'unset' }));
  const http = createHttpClient({ allowPrivateUrls: true });
  const out: OutboundRequest = { messageId: 'm-1', threadKey: PSID, text: 'Sure!' };
  const send = (o: Partial<OutboundRequest>) =>
    messengerAdapter.send({ ...out, ...o }, config, { apiBaseUrl: api.baseUrl, timeoutMs: 5_000, http });
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('answers inside 24 hours as RESPONSE, then with the HUMAN_AGENT tag, and refuses after 7 days', async () => {
    api.enqueue({ status: 200, body: sendSuccess }, { status: 200, body: sendSuccess });
    await send({ lastInboundAt: hoursAgo(23) });
    expect(api.requests.at(-1)?.json).toMatchObject({ messaging_type: 'RESPONSE' });
    expect(api.requests.at(-1)?.json).not.toHaveProperty('tag');
    await send({ lastInboundAt: hoursAgo(25) });
    expect(api.requests.at(-1)?.json).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    const before = api.requests.length;
    const closed = await rejectionOf(send({ lastInboundAt: hoursAgo(24 * 7 + 1) }));
    expect([closed.code, closed.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'window_closed',
    ]);
    expect(closed.message).toMatch(/window closed/);
    expect(api.requests.length).toBe(before);
  });

  it('chooses the policy at the exact boundaries', () => {
    const now = new Date(Date.UTC(2030, 0, 8));
    const at = (ms: number) => new Date(now.getTime() - ms);
    expect(messagingPolicy(at(86_400_000), now)).toEqual({ messaging_type: 'RESPONSE' });
    expect(messagingPolicy(at(86_400_001), now).messaging_type).toBe('MESSAGE_TAG');
    expect(messagingPolicy(at(7 * 86_400_000), now).messaging_type).toBe('MESSAGE_TAG');
    expect(thrownBy(() => messagingPolicy(at(7 * 86_400_000 + 1), now))?.code).toBe(
      'OMNIFY_ERR_PLATFORM_REJECTED',
    );
  });

  it('classifies Graph errors: rate-limit codes, 429, is_transient, outside the window', async () => {
    const cases: [number, unknown, string, string][] = [
      [400, graphError(4, 'Application request limit reached'), 'OMNIFY_ERR_PLATFORM_RATE_LIMITED', '4'],
      [400, graphError(17, 'User request limit reached'), 'OMNIFY_ERR_PLATFORM_RATE_LIMITED', '17'],
      [403, graphError(32, 'Page request limit reached'), 'OMNIFY_ERR_PLATFORM_RATE_LIMITED', '32'],
      [429, { error: { message: 'slow down' } }, 'OMNIFY_ERR_PLATFORM_RATE_LIMITED', '429'],
      [
        400,
        graphError(1, 'An unknown error occurred', { is_transient: true }),
        'OMNIFY_ERR_PLATFORM_TRANSIENT',
        '1',
      ],
      [503, '<html>down</html>', 'OMNIFY_ERR_PLATFORM_TRANSIENT', '503'],
      [
        400,
        graphError(10, 'This message is sent outside of allowed window.', { error_subcode: 2018278 }),
        'OMNIFY_ERR_PLATFORM_REJECTED',
        '10',
      ],
      [
        400,
        graphError(551, 'This person isn\u2019t available right now.', { error_subcode: 1545041 }),
        'OMNIFY_ERR_PLATFORM_REJECTED',
        '551',
      ],
      [200, { recipient_id: PSID }, 'OMNIFY_ERR_PLATFORM_TRANSIENT', '200'],
    ];
    for (const [status, b, code, platformCode] of cases) {
      api.enqueue({ status, body: b });
      const err = await rejectionOf(send({}));
      expect([err.code, err.details.platformCode], JSON.stringify(b)).toEqual([code, platformCode]);
    }
  });

  it('keeps the subcode and trace id, and never the access token, in errors', async () => {
    const echo = `Invalid OAuth access token - ${config.pageAccessToken}`;
    api.enqueue({ status: 400, body: graphError(190, echo, { error_subcode: 463 }) });
    const err = await rejectionOf(send({}));
    expect(err.details.platformMessage).toMatch(/subcode 463.*fbtrace_id AbCdEfGh123/);
    const all = [err.message, JSON.stringify(err.details), String(err.cause), err.stack].join('\n');
    expect(all).not.toContain(config.pageAccessToken);
    expect(api.requests.at(-1)?.url).not.toContain(config.pageAccessToken);
  });

  it('resolves the API base URL', () => {
    expect(messengerAdapter.apiBaseUrl(config)).toBe('https://graph.facebook.com');
    expect(messengerAdapter.apiBaseUrl({ ...config, apiBaseUrl: 'http://x:1//' })).toBe('http://x:1');
  });
});
