import { join } from 'node:path';
import { expect } from 'vitest';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import { defineChannelContract, type WebhookFixture } from '../contract/channel.contract-suite.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { type DiscordConfig, discordAdapter } from './discord.adapter.ts';
import { dispatch, GATEWAY_SAMPLES } from './discord.gateway.fixtures.ts';
import { DISCORD_SAMPLES } from './discord.samples.ts';
import { discordNonce } from './discord.send.ts';
import { discordPublicKeyOfSeed, signDiscord } from './discord.signature.ts';

/** Our test key pair: a fixed Ed25519 seed (the team's own, not a published vector). */
const SEED = '0d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f61';
const config: DiscordConfig = {
  applicationId: '1200000000000000000',
  publicKey: discordPublicKeyOfSeed(SEED),
  botToken: 'MTIwMDAwMDAwMDAwMDAwMDAwMA.GxTest.omnify-discord-bot-token_0123456789',
};
const TS = '1761994800';
const SHARED_DIR = join(SHARED_PAYLOADS_DIR, 'discord');
const skipReason = sharedSkipReason();
if (skipReason) console.warn(skipReason);

function one(events: InboundEvent[]): InboundMessage {
  expect(events).toHaveLength(1);
  expect(events[0].kind).toBe('message');
  return events[0] as InboundMessage;
}
const check = (expected: Record<string, unknown> | 'none') => (events: InboundEvent[]) =>
  expected === 'none' ? expect(events).toEqual([]) : expect(one(events)).toMatchObject(expected);

const OWN_EXPECT: Record<string, Record<string, unknown>> = {
  'dm_slash_subcommand.json': {
    platformMessageId: 'interaction:1300000000000000001',
    dedupeKey: 'interaction:1300000000000000001',
    content: { type: 'text', text: '/order status number:1042 for:@nelly' },
    sender: { handle: '80351110224678912', displayName: 'Nelly', username: 'nelly' },
    threadKey: '1300000000000000777',
    raw: { token: '[redacted]' },
  },
  'guild_button_click.json': {
    content: { type: 'interactive_reply', kind: 'button', replyId: 'slot:sat-am', title: 'Saturday morning' },
    text: 'Saturday morning',
    sender: { handle: '80351110224678913', displayName: 'Rui (shop)', username: 'rui' },
    replyToPlatformMessageId: '1290000000000000042',
  },
  'guild_string_select.json': {
    content: { type: 'interactive_reply', kind: 'list', replyId: 'size', title: 'Medium', description: 'm' },
  },
  'guild_modal_submit.json': { content: { type: 'text', text: 'comment: Great service' } },
  'guild_slash_attachment.json': {
    content: {
      type: 'image',
      media: {
        id: '1300000000000000100',
        mimeType: 'image/jpeg',
        width: 1280,
        caption: '/ask photo:charger.jpg',
      },
    },
    text: '/ask photo:charger.jpg',
  },
};
const SHARED_EXPECT: Record<string, Record<string, unknown> | 'none'> = {
  'interaction_ping_discord_interactions_js_test.json': 'none',
  'interaction_slash_command_discorddocs.json': {
    platformMessageId: 'interaction:786008729715212338',
    text: '/cardsearch cardname:The Gitrog Monster',
    sender: { handle: '53908232506183680', displayName: 'Mason', username: 'Mason' },
    threadKey: '645027906669510667',
    sentAt: new Date('2020-12-08T23:18:04.500Z'), // (id >> 22) + 1420070400000 ms
  },
  'interaction_user_command_discorddocs.json': { text: '/context-menu-user-2 @VoltyDemo' },
  'interaction_message_command_discorddocs.json': {
    text: '/context-menu-message-2\n> some message',
    replyToPlatformMessageId: '867793854505943041',
  },
  'interaction_message_component_discord_interactions_js_test.json': {
    content: { type: 'interactive_reply', kind: 'button', replyId: 'test', title: 'test' },
    sender: { handle: 'discord' },
  },
};

const webhooks: WebhookFixture[] = [
  ...Object.entries(DISCORD_SAMPLES).map(([name, body]) => ({
    name: `samples/${name}`,
    body: Buffer.from(JSON.stringify(body)),
    check: check(OWN_EXPECT[name] ?? {}),
  })),
  // Gateway dispatches as the receive loop delivers them (discord.gateway-events.test.ts checks their content).
  ...Object.entries(GATEWAY_SAMPLES).map(([name, x], i) => ({
    name: `gateway/${name}`,
    body: Buffer.from(JSON.stringify(dispatch(x.t, i + 2, x.d))),
  })),
  ...listFixtures(SHARED_DIR, /^interaction_.*\.json$/).map((f) => ({
    name: `shared/${f.name}`,
    body: f.bytes,
    check: check(SHARED_EXPECT[f.name] ?? {}),
  })),
];

const req = (rawBody: Buffer, headers: Record<string, string>) => ({
  method: 'POST',
  headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  query: {},
  rawBody,
});
/** RFC 8032 §7.1 TEST 2: public key, message "r" (timestamp "r", empty body), signature. */
const RFC8032 = {
  publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
  signature:
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
};
const rfcVector = (name: string, timestamp: string, body: string, signature: string, valid: boolean) => ({
  name,
  valid,
  config: { ...config, publicKey: RFC8032.publicKey },
  request: req(Buffer.from(body), { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }),
});
const body0 = webhooks[0]!.body;
const ownVector = (name: string, headers: Record<string, string>, valid: boolean, c = config) => ({
  name,
  valid,
  config: c,
  request: req(body0, headers),
});
const signed = signDiscord(body0, SEED, TS);
const flipped = `${signed['X-Signature-Ed25519'].slice(0, -1)}${signed['X-Signature-Ed25519'].endsWith('0') ? '1' : '0'}`;

const MESSAGE = {
  id: '1301000000000000001',
  type: 0,
  channel_id: '1300000000000000777',
  content: 'Hello from Omnify ✓',
  author: { id: config.applicationId, username: 'omnify-bot', bot: true },
  timestamp: '2025-11-01T11:00:00.000000+00:00',
};

defineChannelContract<DiscordConfig>({
  adapter: discordAdapter,
  config,
  sign: (raw, c) => (c === config ? signDiscord(raw, SEED, TS) : {}),
  webhooks,
  signatureVectors: [
    rfcVector('RFC 8032 test 2 (timestamp "r", empty body)', 'r', '', RFC8032.signature, true),
    rfcVector('RFC 8032 test 2, body added', 'r', ' ', RFC8032.signature, false),
    rfcVector('RFC 8032 test 2, moved into the body', '', 'r', RFC8032.signature, true),
    rfcVector('RFC 8032 test 2, upper-case hex', 'r', '', RFC8032.signature.toUpperCase(), true),
    ownVector('own key, fresh signature', signed, true),
    ownVector('own key, one bit flipped', { ...signed, 'X-Signature-Ed25519': flipped }, false),
    ownVector('own key, other timestamp', { ...signed, 'X-Signature-Timestamp': '1761994801' }, false),
    ownVector('own key, no timestamp', { 'X-Signature-Ed25519': signed['X-Signature-Ed25519'] }, false),
    ownVector('signature not hex', { ...signed, 'X-Signature-Ed25519': 'zz'.repeat(64) }, false),
    ownVector(
      'signature truncated',
      { ...signed, 'X-Signature-Ed25519': signed['X-Signature-Ed25519'].slice(2) },
      false,
    ),
    ownVector('signed by another key', signed, false, { ...config, publicKey: RFC8032.publicKey }),
    ownVector('channel public key malformed', signed, false, { ...config, publicKey: 'not-a-key' }),
  ],
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  api: {
    success: { status: 200, body: MESSAGE },
    serverError: { status: 502, body: '<html>502 Bad Gateway</html>' },
    rejected: { status: 403, body: { message: 'Missing Access', code: 50001 }, platformCode: '50001' },
    // "Example Exceeded Resource Rate Limit Response" (docs, Topics > Rate Limits): a shared limit.
    rateLimited: {
      status: 429,
      headers: {
        'retry-after': '1337',
        'x-ratelimit-limit': '10',
        'x-ratelimit-remaining': '9',
        'x-ratelimit-reset': '1470173023.123',
        'x-ratelimit-reset-after': '64.57',
        'x-ratelimit-bucket': 'abcd1234',
        'x-ratelimit-scope': 'shared',
      },
      body: { message: 'The resource is being rate limited.', retry_after: 1336.57, global: false },
      retryAfterMs: 1_336_570,
    },
    assertSendRequest(r, out) {
      expect(r.method).toBe('POST');
      expect(r.url).toBe(`/api/v10/channels/${out.threadKey}/messages`);
      expect(r.headers.authorization).toBe(`Bot ${config.botToken}`);
      expect(r.headers['user-agent']).toMatch(/^DiscordBot \(/);
      expect(r.json).toEqual({
        content: out.text,
        allowed_mentions: { parse: [] },
        nonce: discordNonce(out.messageId),
        enforce_nonce: true,
      });
    },
    expectedPlatformMessageId: MESSAGE.id,
  },
});
