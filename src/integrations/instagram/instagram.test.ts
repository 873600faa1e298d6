import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineChannelContract, type WebhookFixture } from '../contract/channel.contract-suite.ts';
import type { InboundMessage, StatusUpdate } from '../contract/message.ts';
import {
  envelope,
  graphError,
  instagramItems as I,
  IG_ACCOUNT_ID,
  IGSID,
  metaSignatureVectors,
  PAGE_ID,
  sendSuccess,
} from '../messenger/messenger.fixtures.ts';
import { signWhatsApp } from '../whatsapp/whatsapp.signature.ts';
import { type InstagramConfig, instagramAdapter } from './instagram.adapter.ts';

/*
 * Instagram messaging. No real Instagram delivery is in ../shared, so every payload here is written
 * from Meta's "Instagram Messaging > Webhooks" examples (messenger.fixtures.ts).
 */

const config: InstagramConfig = {
  pageId: PAGE_ID,
  instagramAccountId: IG_ACCOUNT_ID,
  pageAccessToken: 'EAAGtest-ig-page-token-never-logged',
  appSecret: 'test-instagram-app-secret',
  verifyToken: 'test-instagram-verify-token',
};
const parse = (items: unknown[]) =>
  instagramAdapter.parse(envelope('instagram', IG_ACCOUNT_ID, items), config);
const body = (v: unknown) => Buffer.from(JSON.stringify(v));
const sendResult = {
  ...sendSuccess,
  recipient_id: IGSID,
  message_id: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQ2',
};

const webhooks: WebhookFixture[] = [
  { name: 'docs/text', body: body(envelope('instagram', IG_ACCOUNT_ID, [I.text])) },
  { name: 'docs/all event kinds', body: body(envelope('instagram', IG_ACCOUNT_ID, Object.values(I))) },
];

defineChannelContract<InstagramConfig>({
  adapter: instagramAdapter,
  config,
  sign: (raw, c) => ({ 'X-Hub-Signature-256': signWhatsApp(raw, c.appSecret) }),
  webhooks,
  signatureVectors: metaSignatureVectors(config),
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  api: {
    success: { status: 200, body: sendResult },
    serverError: { status: 502, body: '<html>Bad Gateway</html>' },
    rejected: { status: 400, body: graphError(100, 'No matching user found'), platformCode: '100' },
    rateLimited: {
      status: 429,
      body: graphError(4, 'Application request limit reached'),
      headers: { 'retry-after': '1' },
      retryAfterMs: 1000,
    },
    expectedPlatformMessageId: sendResult.message_id,
    assertSendRequest(req, out) {
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

describe('instagram parsing', () => {
  it('maps text, media, story replies, deletions, reactions, postbacks and seen receipts; skips echoes', () => {
    const ev = parse(Object.values(I));
    const messages = ev.filter((e): e is InboundMessage => e.kind === 'message');
    expect(messages.map((m) => [m.dedupeKey.slice(-6), m.content.type])).toEqual([
      ['E3ODQx', 'text'],
      ['E3ODQy', 'image'],
      ['ODQy#2', 'video'],
      ['ODQy#3', 'unsupported'],
      ['E3ODQz', 'text'],
      ['eleted', 'unsupported'],
      [expect.any(String), 'reaction'],
      ['E3ODQ1', 'interactive_reply'],
    ]);
    expect(messages.every((m) => m.sender.handle === IGSID && m.threadKey === IGSID)).toBe(true);
    expect(messages[2]!.content).toEqual({
      type: 'video',
      media: { id: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=2', caption: 'Our spring look' },
    });
    expect(messages[3]!.content).toEqual({ type: 'unsupported', platformType: 'attachment:story_mention' });
    expect(messages[4]!.replyToPlatformMessageId).toBeUndefined();
    expect(messages.some((m) => m.text === 'Yes we do!')).toBe(false);
    const seen = ev.filter((e): e is StatusUpdate => e.kind === 'status');
    expect(seen).toEqual([
      expect.objectContaining({ platformMessageId: 'aWdfZAG1-our-reply', status: 'read' }),
    ]);
  });

  it('skips items whose sender is our Instagram account even without is_echo', () => {
    expect(parse([{ ...I.text, sender: { id: IG_ACCOUNT_ID } }])).toEqual([]);
  });

  it('accepts only instagram envelopes', () => {
    expect(thrownBy(() => instagramAdapter.parse(envelope('page', PAGE_ID, [I.text]), config))?.code).toBe(
      'OMNIFY_ERR_VALIDATION',
    );
  });
});

describe('instagram send', () => {
  const api = new RecordingServer(() => ({ status: 500, body: 'unset' }));
  const http = createHttpClient({ allowPrivateUrls: true });
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('uses the HUMAN_AGENT tag after 24 hours and refuses after 7 days without a request', async () => {
    api.enqueue({ status: 200, body: sendResult });
    const ctx = { apiBaseUrl: api.baseUrl, timeoutMs: 5_000, http };
    const out = { messageId: 'm', threadKey: IGSID, text: 'On it' };
    await instagramAdapter.send(
      { ...out, lastInboundAt: new Date(Date.now() - 30 * 3_600_000) },
      config,
      ctx,
    );
    expect(api.requests.at(-1)?.json).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    const before = api.requests.length;
    const err = await rejectionOf(
      instagramAdapter.send({ ...out, lastInboundAt: new Date(Date.now() - 8 * 86_400_000) }, config, ctx),
    );
    expect([err.code, err.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', 'window_closed']);
    expect(api.requests.length).toBe(before);
  });
});
