import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import type { SignatureVector, WebhookFixture } from '../contract/channel.contract-suite.ts';
import { defineChannelContract } from '../contract/channel.contract-suite.ts';
import type { WebhookRequest } from '../contract/channel-adapter.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { createSlackAdapter, type SlackConfig } from './slack.adapter.ts';
import {
  BOT_USER,
  CHANNEL,
  config,
  DM,
  NOW_S,
  one,
  PERSON,
  POST_MESSAGE_OK,
  SAMPLES,
} from './slack.fixtures.ts';
import { signSlack } from './slack.signature.ts';

/*
 * The shared channel contract for Slack over the shared real payloads (../shared, skipped with a
 * message when absent) and our samples written from Slack's docs (slack.fixtures.ts). Slack-specific
 * behaviour is in slack.specifics.test.ts.
 */

const adapter = createSlackAdapter({ now: () => NOW_S * 1000 });

const skipReason = sharedSkipReason();
if (skipReason) console.warn(`[slack] ${skipReason}`);
const SHARED = join(SHARED_PAYLOADS_DIR, 'slack');

const none = (events: InboundEvent[]) => expect(events).toEqual([]);
const matches = (expected: Record<string, unknown>) => (events: InboundEvent[]) =>
  expect(one(events)).toMatchObject(expected);

const ORIGINAL = 'C043YJGBY49:1663966382.046509';
/** Checks on each shared real payload. */
const SHARED_CHECKS: Record<string, (events: InboundEvent[]) => void> = {
  'event_message_channel.json': matches({
    platformMessageId: ORIGINAL,
    dedupeKey: ORIGINAL,
    threadKey: ORIGINAL,
    sender: { handle: 'U043H11ES4V' },
    content: { type: 'text', text: 'dgsfklsdgf' },
    sentAt: new Date(1663966382046.509),
  }),
  'event_message_im.json': matches({
    platformMessageId: 'D0442US94JD:1664408649.009629',
    threadKey: 'D0442US94JD',
    text: 'test',
  }),
  'event_message_changed.json': matches({
    platformMessageId: 'C043YJGBY49:1663969333.524439',
    dedupeKey: 'C043YJGBY49:1663969333.524439:edit:1663969334.001500',
    threadKey: 'C043YJGBY49:1663969333.524439',
    edited: true,
    text: '<https://jadeapptesting.slack.com/archives/C043YJGBY49/p1663966292304369>',
    sentAt: new Date(1663969334001.5),
  }),
  'event_message_deleted.json': matches({
    platformMessageId: ORIGINAL,
    dedupeKey: `${ORIGINAL}:deleted`,
    threadKey: ORIGINAL,
    sender: { handle: 'U043H11ES4V' },
    content: { type: 'unsupported', platformType: 'message_deleted' },
    text: null,
  }),
  'event_message_file_share.json': matches({
    platformMessageId: 'D0442US94JD:1670631527.874149',
    threadKey: 'D0442US94JD',
    content: {
      type: 'document',
      media: {
        id: 'F04EEHX1EES',
        url: 'https://files.slack.com/files-pri/T043DB835ML-F04EEHX1EES/download/namenamename.txt',
        mimeType: 'text/plain',
        fileName: 'namenamename.txt',
        size: 12,
        caption: 'message message message',
      },
    },
    text: 'message message message',
  }),
  // Our own bot (bot_id, bot_profile, authorizations' bot user) and another app's bot_message: ignored.
  'event_message_from_bot_with_bot_profile.json': none,
  'event_message_subtype_bot_message.json': none,
  'url_verification_slackdocs.json': none,
};

const TOP = `${CHANNEL}:1700000000.000100`;
/** Checks on each of our samples. */
const SAMPLE_CHECKS: Record<string, (events: InboundEvent[]) => void> = {
  'channel_top_level.json': matches({ platformMessageId: TOP, threadKey: TOP, sender: { handle: PERSON } }),
  'thread_reply.json': matches({
    platformMessageId: `${CHANNEL}:1700000060.000200`,
    threadKey: TOP,
    replyToPlatformMessageId: TOP,
  }),
  'thread_broadcast.json': matches({ threadKey: TOP, text: 'Also sent to the channel' }),
  'dm_with_profile.json': matches({
    threadKey: DM,
    sender: { handle: PERSON, displayName: 'lena', username: 'lena.okafor' },
  }),
  'app_mention.json': matches({
    dedupeKey: `${CHANNEL}:1700000150.000500`,
    threadKey: `${CHANNEL}:1700000150.000500`,
    text: `<@${BOT_USER}> where is my parcel?`,
  }),
  'file_share_two_images.json': (events) => {
    expect(events).toHaveLength(2);
    const [a, b] = events as InboundMessage[];
    expect(a.content).toEqual({
      type: 'image',
      media: {
        id: 'F0IMAGE001',
        url: 'https://files.slack.com/files-pri/T0OMNIFY01-F0IMAGE001/box.jpg',
        mimeType: 'image/jpeg',
        fileName: 'box.jpg',
        size: 48213,
        width: 1280,
        height: 960,
        caption: 'Two photos of the damage',
      },
    });
    expect([a.dedupeKey, b.dedupeKey]).toEqual([
      `${DM}:1700000180.000600`,
      `${DM}:1700000180.000600:file:F0IMAGE002`,
    ]);
    expect(b.platformMessageId).toBe(a.platformMessageId);
  },
  'own_bot_user_message.json': none,
  'message_replied_hidden.json': none,
  'channel_join.json': matches({ content: { type: 'unsupported', platformType: 'message:channel_join' } }),
  // Reactions (the inbox moves them to the conversation of the message they react to, when stored).
  'reaction_added.json': matches({
    platformMessageId: 'event:Ev0SAMPLE10',
    dedupeKey: 'event:Ev0SAMPLE10',
    sender: { handle: PERSON },
    threadKey: `${CHANNEL}:1700000100.000150`,
    content: {
      type: 'reaction',
      emoji: ':thumbsup:',
      targetPlatformMessageId: `${CHANNEL}:1700000100.000150`,
    },
    text: ':thumbsup:',
    sentAt: new Date(1700000270000.9),
  }),
  'reaction_removed.json': matches({
    dedupeKey: 'event:Ev0SAMPLE11',
    content: { type: 'reaction', emoji: null, targetPlatformMessageId: `${CHANNEL}:1700000100.000150` },
    text: null,
  }),
  'reaction_added_dm_skin_tone.json': matches({
    threadKey: DM,
    content: {
      type: 'reaction',
      emoji: ':+1::skin-tone-3:',
      targetPlatformMessageId: `${DM}:1700000210.000700`,
    },
  }),
  'reaction_added_by_own_bot.json': none,
  'reaction_added_file.json': matches({
    dedupeKey: 'event:Ev0SAMPLE14',
    content: { type: 'unsupported', platformType: 'reaction_added', reason: 'a reaction on a file' },
  }),
};

const ownWebhooks: WebhookFixture[] = Object.entries(SAMPLES).map(([name, body]) => ({
  name: `samples/${name}`,
  body: Buffer.from(JSON.stringify(body)),
  check: SAMPLE_CHECKS[name],
}));
const sharedWebhooks: WebhookFixture[] = listFixtures(SHARED, /^(event_|url_verification).*\.json$/).map(
  (f) => ({ name: `shared/${f.name}`, body: f.bytes, check: SHARED_CHECKS[f.name] }),
);

const sign = (rawBody: Buffer, c: SlackConfig, ts = String(NOW_S)) => ({
  'X-Slack-Request-Timestamp': ts,
  'X-Slack-Signature': signSlack(rawBody, c.signingSecret, ts),
});
const request = (rawBody: Buffer, headers: Record<string, string>): WebhookRequest => ({
  method: 'POST',
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  query: {},
  rawBody,
});
const body = ownWebhooks[0]!.body;
const vector = (name: string, valid: boolean, headers: Record<string, string>, c = config) => ({
  name,
  config: c,
  valid,
  request: request(body, headers),
});
const signed = (ts: number) => sign(body, config, String(ts));
const vectors: SignatureVector<SlackConfig>[] = [
  vector('signed now', true, signed(NOW_S)),
  vector('signed 299 s ago (inside the window)', true, signed(NOW_S - 299)),
  vector('signed 301 s ago (a replay)', false, signed(NOW_S - 301)),
  vector('signed 301 s ahead', false, signed(NOW_S + 301)),
  vector('signed with another secret', false, sign(body, { ...config, signingSecret: 'other' })),
  vector('uppercase hex', true, {
    ...signed(NOW_S),
    'X-Slack-Signature': signed(NOW_S)['X-Slack-Signature'].toUpperCase().replace('V0=', 'v0='),
  }),
  vector('v1 scheme', false, {
    ...signed(NOW_S),
    'X-Slack-Signature': signed(NOW_S)['X-Slack-Signature'].replace('v0=', 'v1='),
  }),
  vector('no timestamp header', false, { 'X-Slack-Signature': signed(NOW_S)['X-Slack-Signature'] }),
  vector('timestamp not a number', false, { ...signed(NOW_S), 'X-Slack-Request-Timestamp': 'soon' }),
];
// Slack's published vector (Verifying requests from Slack), over a slash-command form body.
const sharedVectorBody = listFixtures(SHARED, /^signature_vector_slash_command_body\.txt$/)[0];
if (sharedVectorBody) {
  const v = JSON.parse(readFileSync(join(SHARED, 'signature_vectors.json'), 'utf8')).vectors[0];
  const docs = { ...config, signingSecret: v.signing_secret };
  const headers = { 'x-slack-request-timestamp': v.timestamp, 'x-slack-signature': v.expected_header };
  vectors.push(
    {
      name: 'Slack docs vector',
      config: docs,
      valid: true,
      request: request(sharedVectorBody.bytes, headers),
    },
    {
      name: 'Slack docs vector, wrong secret',
      config,
      valid: false,
      request: request(sharedVectorBody.bytes, headers),
    },
  );
}

defineChannelContract<SlackConfig>({
  adapter,
  config,
  sign: (raw, c) => sign(raw, c),
  webhooks: [...ownWebhooks, ...sharedWebhooks],
  signatureVectors: vectors,
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  api: {
    success: { status: 200, body: POST_MESSAGE_OK },
    serverError: { status: 503, body: '<html>503 Service Unavailable</html>' },
    rejected: {
      status: 200,
      body: { ok: false, error: 'channel_not_found' },
      platformCode: 'channel_not_found',
    },
    rateLimited: {
      status: 429,
      headers: { 'retry-after': '30' },
      body: { ok: false, error: 'ratelimited' },
      retryAfterMs: 30_000,
    },
    assertSendRequest(req, out) {
      expect(out.threadKey).toBe(TOP);
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/chat.postMessage');
      expect(req.headers.authorization).toBe(`Bearer ${config.botToken}`);
      expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(req.json).toEqual({ channel: CHANNEL, text: out.text, thread_ts: '1700000000.000100' });
    },
    expectedPlatformMessageId: 'C1H9RESGL:1503435956.000247',
  },
});
