import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOmnifyError, type OmnifyError } from '../../kernel/errors/catalog.ts';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import {
  type FixtureFile,
  listFixtures,
  SAMPLE_PAYLOADS_DIR,
  SHARED_PAYLOADS_DIR,
  sharedSkipReason,
} from '../../testing/fixtures.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineChannelContract, type WebhookFixture } from '../contract/channel.contract-suite.ts';
import type { OutboundRequest } from '../contract/channel-adapter.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { parseTelegramUpdate, type TelegramConfig, telegramAdapter } from './telegram.adapter.ts';
import { echoWebhooks } from './telegram.echo.fixtures.ts';
import { telegramBotId } from './telegram.echo.ts';

const config: TelegramConfig = {
  botToken: '123456789:AAtest-Bot_token-0mnify',
  secretToken: 'omnify_test-Secret_9f3a',
};
const SHARED_DIR = join(SHARED_PAYLOADS_DIR, 'telegram');
const OWN_DIR = join(SAMPLE_PAYLOADS_DIR, 'telegram');
const skipReason = sharedSkipReason();
if (skipReason) console.warn(skipReason);

function one(events: InboundEvent[]): InboundMessage {
  expect(events).toHaveLength(1);
  expect(events[0].kind).toBe('message');
  return events[0] as InboundMessage;
}
const load = (dir: string, name: string) =>
  one(parseTelegramUpdate(JSON.parse(readFileSync(join(dir, name), 'utf8'))));

/** teloxide's photo fixture is a bare `Message`: wrap it in an `Update` envelope. */
function bodyOf(f: FixtureFile): Buffer {
  if (f.name !== 'message_object_photo_teloxide.json') return f.bytes;
  return Buffer.from(JSON.stringify({ update_id: 1, message: JSON.parse(f.bytes.toString('utf8')) }));
}

const TELOXIDE_PHOTO = 'AgADAgAD36sxG-PX0UvQSXIn9rccdw-ACA4ABAEAAwIAA';
const TGDOCS_FILE = 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX';
/** Expected fields (`toMatchObject`) of the one message each fixture yields. */
const SHARED_EXPECT: Record<string, Record<string, unknown>> = {
  'message_object_photo_teloxide.json': {
    content: { type: 'image', media: { id: `${TELOXIDE_PHOTO}3kAAyTcBAABFgQ`, width: 962 } },
    sender: { handle: '250918540', displayName: 'Андрей Власов', username: 'aka_dude' },
    text: '[photo]',
  },
  'update_callback_query_tgdocs.json': {
    content: { type: 'callback_query', callbackId: '4382bfdwdsb323b2d9', data: 'Data from button callback' },
    text: 'Data from button callback',
    threadKey: '1111111',
    dedupeKey: 'callback:4382bfdwdsb323b2d9',
  },
  'update_document_tgdocs.json': {
    content: { type: 'document', media: { fileName: 'Testfile.pdf', mimeType: 'application/pdf' } },
  },
  'update_edited_message_tgdocs.json': { edited: true, dedupeKey: '1111111:1365:edit:1441646600' },
  'update_my_chat_member_teloxide.json': {
    content: { type: 'unsupported', platformType: 'my_chat_member' },
    dedupeKey: 'update:0',
    sentAt: new Date(1644677726_000),
  },
  'update_private_text_teloxide.json': {
    content: { type: 'text', text: '4' },
    sender: { handle: '408258968', displayName: 'Hirrolot', username: 'hirrolot' },
    sentAt: new Date('2020-02-11T19:20:57Z'),
  },
  'update_reply_tgdocs.json': { replyToPlatformMessageId: '1111111:1334', text: '/start' },
  'update_text_tgdocs.json': {
    platformMessageId: '1111111:1365',
    dedupeKey: '1111111:1365',
    threadKey: '1111111',
  },
  'update_voice_tgdocs.json': {
    content: { type: 'voice', media: { id: TGDOCS_FILE, durationSeconds: 5, mimeType: 'audio/ogg' } },
  },
};
const OWN_EXPECT: Record<string, Record<string, unknown>> = {
  'update_private_text_question.json': {
    content: { type: 'text', text: 'Hi! Do you deliver to Porto on Saturdays?' },
    sender: { handle: '5823100417', displayName: 'Lena Okafor', username: 'lena_okafor_demo' },
  },
  'update_photo_caption.json': {
    content: { type: 'image', media: { id: 'omnify-sample-photo-large', width: 1280, height: 960 } },
    text: 'Is this the right charger for my model?',
  },
  'update_edited_message.json': {
    edited: true,
    platformMessageId: '5823100417:42',
    sentAt: new Date(1761994877_000),
  },
  'update_reply.json': { replyToPlatformMessageId: '5823100417:44' },
  'update_callback_query.json': {
    content: { type: 'callback_query', callbackId: '2500373018849216534', data: 'slot:sat-am' },
    threadKey: '-1001987654321',
    sender: { handle: '7740021956' },
  },
};

const fixture = (
  prefix: string,
  expected: Record<string, unknown> | undefined,
  f: FixtureFile,
  body = f.bytes,
) => ({
  name: `${prefix}/${f.name}`,
  body,
  check: (events: InboundEvent[]) => expect(one(events)).toMatchObject(expected ?? {}),
});
const ownSamples = listFixtures(OWN_DIR);
const sharedFiles = listFixtures(SHARED_DIR);
const webhooks: WebhookFixture[] = [
  ...ownSamples.map((f) => fixture('samples', OWN_EXPECT[f.name], f)),
  ...sharedFiles.map((f) => fixture('shared', SHARED_EXPECT[f.name], f, bodyOf(f))),
];
const sign = (_: Buffer, c: TelegramConfig) => ({ 'X-Telegram-Bot-Api-Secret-Token': c.secretToken });
const vector = (name: string, token: string, valid: boolean) => ({
  name,
  config,
  valid,
  request: {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token },
    query: {},
    rawBody: webhooks[0]?.body ?? Buffer.from('{}'),
  },
});
const withBase = (c: TelegramConfig, apiBaseUrl: string): TelegramConfig => ({ ...c, apiBaseUrl });
const SENT = { message_id: 4711, chat: { id: 5823100417, type: 'private' }, date: 1761995100, text: 'Hi ✓' };
const failure = (code: number, description: string, extra = {}) => ({
  status: code,
  body: { ok: false, error_code: code, description, ...extra },
});

defineChannelContract<TelegramConfig>({
  adapter: telegramAdapter,
  signatureCoversBody: false,
  config,
  sign,
  // Our own bot's messages yield no event (telegram.echo.fixtures.ts; bot id = the token's prefix).
  webhooks: [...webhooks, ...echoWebhooks(telegramBotId(config.botToken)!)],
  signatureVectors: [
    vector('right secret token', config.secretToken, true),
    vector('wrong secret token', 'another_secret-token', false),
    vector('same-prefix token (truncated)', config.secretToken.slice(0, -1), false),
    vector('same-prefix token (extended)', `${config.secretToken}0`, false),
    vector('different case', config.secretToken.toUpperCase(), false),
  ],
  withApiBaseUrl: withBase,
  api: {
    success: { status: 200, body: { ok: true, result: SENT } },
    serverError: failure(502, 'Bad Gateway'),
    rejected: { ...failure(400, 'Bad Request: chat not found'), platformCode: '400' },
    rateLimited: {
      ...failure(429, 'Too Many Requests: retry after 7', { parameters: { retry_after: 7 } }),
      retryAfterMs: 7000,
    },
    assertSendRequest(req, out) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/bot${config.botToken}/sendMessage`);
      expect(req.headers['content-type']).toContain('application/json');
      expect(req.json).toEqual({ chat_id: out.threadKey, text: out.text });
    },
    expectedPlatformMessageId: '5823100417:4711',
  },
});

/** The `OmnifyError` that `p` rejects with (fails on success or on any other error). */
const sendError = (p: Promise<unknown>): Promise<OmnifyError> =>
  p.then(
    () => Promise.reject(new Error('expected an OmnifyError')),
    (e) => (isOmnifyError(e) ? e : Promise.reject(e)),
  );
const errorCode = (body: unknown) => {
  try {
    telegramAdapter.parse(body, config);
  } catch (e) {
    return isOmnifyError(e) ? e.code : 'other';
  }
};
/** The content of a private-chat message with `extra` fields. */
const contentOf = (extra: Record<string, unknown>) => {
  const message = { message_id: 9, date: 1761994800, chat: { id: 55, type: 'private' }, from: { id: 55 } };
  return one(parseTelegramUpdate({ update_id: 7, message: { ...message, ...extra } })).content;
};

describe('telegram adapter specifics', () => {
  const api = new RecordingServer(() => failure(500, 'unset'));
  const out = { messageId: 'm-1', threadKey: '5823100417', text: 'Sure!' };
  const send = (o: OutboundRequest = out, apiBaseUrl = api.baseUrl) =>
    telegramAdapter.send(o, config, {
      apiBaseUrl,
      timeoutMs: 5_000,
      http: createHttpClient({ allowPrivateUrls: true }),
    });
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('keeps the original id on edits, with a dedupeKey of its own', () => {
    expect(ownSamples.length).toBeGreaterThanOrEqual(5);
    const pairs = [[OWN_DIR, 'update_private_text_question.json', 'update_edited_message.json']];
    if (sharedFiles.length)
      pairs.push([SHARED_DIR, 'update_text_tgdocs.json', 'update_edited_message_tgdocs.json']);
    for (const [dir, original, edit] of pairs) {
      const [o, e] = [load(dir, original), load(dir, edit)];
      expect([e.edited, e.platformMessageId]).toEqual([true, o.platformMessageId]);
      expect(e.dedupeKey).not.toBe(o.dedupeKey);
    }
  });

  it('quotes the replied-to message with reply_parameters', async () => {
    api.enqueue({ status: 200, body: { ok: true, result: { ...SENT, message_id: 12 } } });
    const res = await send({ ...out, replyToPlatformMessageId: '5823100417:44' });
    expect(res).toEqual({ platformMessageId: '5823100417:12', status: 'sent' });
    const reply_parameters = { message_id: 44, allow_sending_without_reply: true };
    expect(api.requests.at(-1)?.json).toEqual({ chat_id: '5823100417', text: 'Sure!', reply_parameters });
  });

  it('classifies a blocked bot as rejected and falls back to Retry-After', async () => {
    api.enqueue(failure(403, 'Forbidden: bot was blocked by the user'));
    const blocked = await sendError(send());
    expect([blocked.code, blocked.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', '403']);
    api.enqueue({ ...failure(429, 'Too Many Requests'), headers: { 'retry-after': '3' } });
    const slow = await sendError(send());
    expect([slow.code, slow.details.retryAfterMs]).toEqual(['OMNIFY_ERR_PLATFORM_RATE_LIMITED', 3000]);
  });

  it('never puts the bot token in an error', async () => {
    const echo = `<html>proxy failed for /bot${config.botToken}/sendMessage</html>`;
    api.enqueue({ status: 502, body: echo }, { status: 200, body: 'not json' });
    const proxy = await sendError(send());
    const garbled = await sendError(send());
    const badUrl = await sendError(send(out, 'http://[bad'));
    expect(proxy.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
    expect(garbled.details.platformCode).toBe('invalid_response');
    expect(badUrl.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
    for (const e of [proxy, garbled, badUrl]) {
      const all = [e.message, JSON.stringify(e.details), String(e.cause), e.stack].join('\n');
      expect(all).not.toContain(config.botToken);
    }
  });

  it('rejects bodies that are not updates, ignores empty ones', () => {
    expect(errorCode({ message: {} })).toBe('OMNIFY_ERR_VALIDATION');
    expect(errorCode({ update_id: 'x' })).toBe('OMNIFY_ERR_VALIDATION');
    expect(parseTelegramUpdate({ update_id: 1 })).toEqual([]);
  });

  it('keeps a malformed message of a valid update as unsupported, with the reason', () => {
    const now = new Date(Date.UTC(2030, 0, 2));
    const [m] = parseTelegramUpdate(
      { update_id: 7, message: { message_id: 2, date: 3 } },
      now,
    ) as InboundMessage[];
    expect(m.dedupeKey).toBe('update:7');
    expect(m.content).toEqual({
      type: 'unsupported',
      platformType: 'message',
      reason: 'Not a Telegram update: /message/chat/id must be a number',
    });
  });

  it('uses the time of receipt for an out-of-range date and records why', () => {
    const now = new Date(Date.UTC(2030, 0, 2));
    const update = { update_id: 8, message: { message_id: 2, date: 1e300, chat: { id: 5 }, text: 'hi' } };
    const [m] = parseTelegramUpdate(update, now) as InboundMessage[];
    expect(m.sentAt).toEqual(now);
    expect(m.text).toBe('hi');
    expect(m.issue?.code).toBe('timestamp_invalid');
    const neg = { update_id: 9, message: { message_id: 3, date: -5, chat: { id: 5 }, text: 'x' } };
    expect((parseTelegramUpdate(neg, now)[0] as InboundMessage).sentAt).toEqual(now);
  });

  it('maps location, venue, contact, animation, video notes and unknown content', () => {
    const at = { latitude: 41.1, longitude: -8.6 };
    const gif = { file_id: 'g1', width: 10, height: 10, duration: 2, mime_type: 'video/mp4' };
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ location: at }, { type: 'location', ...at }],
      [
        { venue: { location: at, title: 'Shop', address: 'Rua 1' }, location: at },
        { name: 'Shop', address: 'Rua 1' },
      ],
      [
        { contact: { phone_number: '+3519', first_name: 'Rui' } },
        { contacts: [{ name: 'Rui', phones: ['+3519'] }] },
      ],
      [
        { animation: gif, document: { file_id: 'g1' } },
        { type: 'animation', media: { durationSeconds: 2 } },
      ],
      [{ video_note: { file_id: 'v1', length: 240 } }, { type: 'video', media: { width: 240, height: 240 } }],
      [{ dice: { emoji: '🎲', value: 4 } }, { type: 'unsupported', platformType: 'dice' }],
    ];
    for (const [extra, expected] of cases) expect(contentOf(extra)).toMatchObject(expected);
  });

  it('takes a channel post sender from the channel', () => {
    const chat = { id: -100777, type: 'channel', title: 'News' };
    const post = { message_id: 3, date: 1, chat, sender_chat: chat, text: 'hi' };
    const m = one(parseTelegramUpdate({ update_id: 2, channel_post: post }));
    expect([m.sender, m.threadKey]).toEqual([{ handle: '-100777', displayName: 'News' }, '-100777']);
  });

  it('validates the config and resolves the API base URL', () => {
    const valid = (patch: Partial<TelegramConfig>) =>
      Value.Check(telegramAdapter.configSchema, { ...config, ...patch });
    expect(valid({ secretToken: 'has space' })).toBe(false);
    expect(valid({ secretToken: 'a'.repeat(257) })).toBe(false);
    expect(telegramAdapter.apiBaseUrl(config)).toBe('https://api.telegram.org');
    expect(telegramAdapter.apiBaseUrl(withBase(config, 'http://x:1/'))).toBe('http://x:1');
    expect(telegramAdapter.handshake).toBeUndefined();
  });
});
