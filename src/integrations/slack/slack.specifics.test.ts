import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { OutboundRequest } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import { emulateSlack } from '../sandbox/slack.emulator.ts';
import { createSlackAdapter, respondToSlack, slackAdapter } from './slack.adapter.ts';
import { parseSlackEnvelope } from './slack.events.ts';
import {
  BOT_USER,
  CHANNEL,
  config,
  DM,
  envelope,
  message,
  NOW_S,
  one,
  POST_MESSAGE_OK,
  SAMPLES,
} from './slack.fixtures.ts';
import { signSlack } from './slack.signature.ts';

const parse = (body: unknown) => parseSlackEnvelope(body, new Date(NOW_S * 1000));
const code = (fn: () => unknown) => thrownBy(fn)?.code;

describe('slack signature clock', () => {
  const body = Buffer.from(JSON.stringify(SAMPLES['channel_top_level.json']));
  const req = (ts: number) => ({
    method: 'POST',
    headers: {
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlack(body, config.signingSecret, String(ts)),
    },
    query: {},
    rawBody: body,
  });
  it('accepts inside the 5-minute window of its own clock and refuses outside it', () => {
    const at = (s: number) => createSlackAdapter({ now: () => s * 1000 });
    expect(code(() => at(NOW_S + 300).verify(req(NOW_S), config))).toBeUndefined();
    expect(code(() => at(NOW_S + 301).verify(req(NOW_S), config))).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
    expect(code(() => at(NOW_S - 301).verify(req(NOW_S), config))).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
  });
  it('runs on the real clock by default', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(code(() => slackAdapter.verify(req(now), config))).toBeUndefined();
    expect(code(() => slackAdapter.verify(req(NOW_S), config))).toBe('OMNIFY_ERR_SIGNATURE_INVALID');
  });
});

describe('slack url_verification', () => {
  it('answers the challenge as text and nothing else', () => {
    const challenge = '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P';
    expect(respondToSlack({ token: 'x', challenge, type: 'url_verification' })).toEqual({
      status: 200,
      contentType: 'text/plain',
      body: challenge,
    });
    expect(respondToSlack(SAMPLES['channel_top_level.json'])).toBeUndefined();
    expect(respondToSlack(42)).toBeUndefined();
    expect(code(() => respondToSlack({ type: 'url_verification' }))).toBe('OMNIFY_ERR_VALIDATION');
  });
});

describe('slack parsing', () => {
  const changed = (eventTs: string, text: string, inner: Record<string, unknown> = {}) =>
    envelope(
      {
        type: 'message',
        subtype: 'message_changed',
        hidden: true,
        channel: CHANNEL,
        channel_type: 'channel',
        ts: eventTs,
        event_ts: eventTs,
        message: { ...message('1700000000.000100', text), edited: { user: 'U1', ts: eventTs }, ...inner },
        previous_message: message('1700000000.000100', 'before'),
      },
      `Ev${eventTs}`,
    );

  it('keeps every edit as its own event of the original message', () => {
    const original = one(parse(SAMPLES['channel_top_level.json']));
    const [a, b] = [changed('1700000300.000001', 'v2'), changed('1700000400.000001', 'v3')].map((e) =>
      one(parse(e)),
    );
    expect([a.platformMessageId, b.platformMessageId]).toEqual([
      original.platformMessageId,
      original.platformMessageId,
    ]);
    expect([a.threadKey, a.edited, a.text]).toEqual([original.threadKey, true, 'v2']);
    expect(new Set([original.dedupeKey, a.dedupeKey, b.dedupeKey]).size).toBe(3);
    expect(a.sentAt).toEqual(new Date(1700000300000));
  });

  it('ignores edits and deletions of bot messages, and posts by any bot or app', () => {
    expect(parse(changed('1700000300.000001', 'x', { bot_id: 'B1' }))).toEqual([]);
    expect(parse(changed('1700000300.000001', 'x', { user: BOT_USER }))).toEqual([]);
    const deleted = {
      type: 'message',
      subtype: 'message_deleted',
      channel: CHANNEL,
      deleted_ts: '1700000000.000100',
      ts: '1700000500.000001',
      previous_message: message('1700000000.000100', 'ours', { bot_id: 'B1' }),
    };
    expect(parse(envelope(deleted, 'EvDEL'))).toEqual([]);
    for (const extra of [{ bot_id: 'B9' }, { subtype: 'bot_message' }, { user: BOT_USER }]) {
      expect(parse(envelope(message('1700000000.000900', 'hi', extra), 'EvBOT'))).toEqual([]);
    }
  });

  it('stores a post once when both app_mention and message arrive', () => {
    const mention = one(parse(SAMPLES['app_mention.json']));
    const same = message('1700000150.000500', 'x');
    expect(one(parse(envelope(same, 'EvOTHER'))).dedupeKey).toBe(mention.dedupeKey);
  });

  it('answers threads in their thread and DMs in the DM', () => {
    const reply = one(parse(SAMPLES['thread_reply.json']));
    const dmReply = one(
      parse(
        envelope(
          message('1700000700.1', 'x', { channel: DM, channel_type: 'im', thread_ts: '1700000600.1' }),
          'Ev7',
        ),
      ),
    );
    expect([reply.threadKey, dmReply.threadKey]).toEqual([
      `${CHANNEL}:1700000000.000100`,
      `${DM}:1700000600.1`,
    ]);
    expect(one(parse(SAMPLES['dm_with_profile.json'])).threadKey).toBe(DM);
  });

  it('rejects what is not an Events API body, keeps unreadable events as unsupported', () => {
    expect(code(() => parse({}))).toBe('OMNIFY_ERR_VALIDATION');
    expect(code(() => parse({ type: 'event_callback', event: 'x' }))).toBe('OMNIFY_ERR_VALIDATION');
    expect(parse({ type: 'app_rate_limited', minute_rate_limited: 1 })).toEqual([]);
    const noEvent = one(parse({ type: 'event_callback', event_id: 'Ev1', event: [] }));
    expect([noEvent.dedupeKey, noEvent.content.type]).toEqual(['event:Ev1', 'unsupported']);
    const noChannel = one(parse(envelope(message('1.5', 'x', { channel: 7 }), 'Ev2')));
    expect(noChannel.content).toMatchObject({
      type: 'unsupported',
      reason: '/event/channel must be a string',
    });
  });

  it('uses the time of receipt for an out-of-range ts and records why', () => {
    const m = one(parse(envelope(message('999999999999.5', 'late'), 'Ev3')));
    expect(m.sentAt).toEqual(new Date(NOW_S * 1000));
    expect([m.issue?.code, m.text]).toEqual(['timestamp_invalid', 'late']);
  });
});

describe('slack send details', () => {
  const api = new RecordingServer(() => ({ status: 200, body: POST_MESSAGE_OK }));
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  const send = (threadKey = DM, extra: Partial<OutboundRequest> = {}) =>
    slackAdapter.send({ messageId: 'm1', threadKey, text: 'Sure!', ...extra }, config, {
      apiBaseUrl: api.baseUrl,
      timeoutMs: 5_000,
      http: createHttpClient({ allowPrivateUrls: true }),
    });

  it('posts to the DM without a thread and ignores replyTo (threads come from the key)', async () => {
    await send(DM, { replyToPlatformMessageId: `${DM}:1700000120.000400` });
    expect(api.requests.at(-1)!.json).toEqual({ channel: DM, text: 'Sure!' });
    await send(`${CHANNEL}:not-a-ts`);
    expect(api.requests.at(-1)!.json).toEqual({ channel: `${CHANNEL}:not-a-ts`, text: 'Sure!' });
  });

  it.each([
    [200, 'ratelimited', 'OMNIFY_ERR_PLATFORM_RATE_LIMITED'],
    [200, 'internal_error', 'OMNIFY_ERR_PLATFORM_TRANSIENT'],
    [200, 'invalid_auth', 'OMNIFY_ERR_PLATFORM_REJECTED'],
    [200, 'not_in_channel', 'OMNIFY_ERR_PLATFORM_REJECTED'],
    [400, 'invalid_arguments', 'OMNIFY_ERR_PLATFORM_REJECTED'],
  ])('HTTP %i with error %s → %s', async (status, error, expected) => {
    api.enqueue({ status, body: { ok: false, error }, headers: { 'retry-after': '2' } });
    const err = await rejectionOf(send());
    expect([err.code, err.details.platformCode]).toEqual([expected, error]);
    if (expected === 'OMNIFY_ERR_PLATFORM_RATE_LIMITED') expect(err.details.retryAfterMs).toBe(2000);
  });

  it('never puts the bot token in an error, and refuses an answer that is not Slack', async () => {
    api.enqueue({
      status: 200,
      body: { ok: false, error: 'invalid_auth', warning: `token ${config.botToken}` },
    });
    api.enqueue({ status: 200, body: 'not json' });
    const [bad, garbled] = [await rejectionOf(send()), await rejectionOf(send())];
    expect(JSON.stringify({ m: bad.message, d: bad.details })).not.toContain(config.botToken);
    expect([garbled.code, garbled.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'invalid_response',
    ]);
  });

  it('validates its config and resolves the API base URL', () => {
    expect(Value.Check(slackAdapter.configSchema, { ...config, apiBaseUrl: 'not a url' })).toBe(false);
    expect(Value.Check(slackAdapter.configSchema, { botToken: 'x' })).toBe(false);
    expect(slackAdapter.apiBaseUrl(config)).toBe('https://slack.com/api');
    expect(slackAdapter.apiBaseUrl({ ...config, apiBaseUrl: 'http://x:1/api/' })).toBe('http://x:1/api');
    expect(slackAdapter.secretFields).toEqual(['botToken', 'signingSecret']);
    expect(slackAdapter.handshake).toBeUndefined();
  });
});

describe('slack sandbox emulator', () => {
  const post = (body: unknown, authorization = 'Bearer xoxb-1', path = '/chat.postMessage') =>
    emulateSlack({ method: 'POST', path, headers: { authorization }, body });
  it('answers in Slack shapes', () => {
    const ok = post({ channel: CHANNEL, text: 'hi', thread_ts: '1700000000.000100' }).body as any;
    expect(ok).toMatchObject({
      ok: true,
      channel: CHANNEL,
      message: { text: 'hi', thread_ts: '1700000000.000100' },
    });
    expect(ok.ts).toMatch(/^\d+\.\d{6}$/);
    expect(post({ channel: CHANNEL, text: 'hi' }, '').body).toEqual({ ok: false, error: 'not_authed' });
    expect(post({ channel: CHANNEL }).body).toEqual({ ok: false, error: 'no_text' });
    expect(post({ text: 'x' }).body).toEqual({ ok: false, error: 'channel_not_found' });
    expect(post({ channel: CHANNEL, text: 'x', thread_ts: 5 }).body).toEqual({
      ok: false,
      error: 'invalid_thread_ts',
    });
    expect(post({}, 'Bearer x', '/chat.delete').status).toBe(404);
  });
});

// A reminder of the model's limits, asserted so a change is noticed: deletions are `unsupported`.
it('keeps deletions as unsupported (no deletion in the message model)', () => {
  const del = {
    type: 'message',
    subtype: 'message_deleted',
    channel: DM,
    channel_type: 'im',
    deleted_ts: '1.2',
    ts: '3.4',
  };
  const m: InboundMessage = one(parse(envelope(del, 'EvX')));
  expect([m.threadKey, m.content.type, m.sender.handle]).toEqual([DM, 'unsupported', 'slack']);
});
