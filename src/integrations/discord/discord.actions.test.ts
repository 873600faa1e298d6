import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineSignalContract } from '../contract/channel-signals.contract-suite.ts';
import { type DiscordConfig, discordAdapter } from './discord.adapter.ts';

/*
 * Trigger Typing Indicator (`POST /channels/{channel.id}/typing`, 204) against a local Discord
 * REST API. The request is written from Discord's docs ("Resources > Channel"); the 429 body is the
 * shared copy of Discord's documented rate-limit answer when ../shared is present.
 */

const config = {
  applicationId: '1100000000000000001',
  publicKey: 'a'.repeat(64),
  botToken: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.test.discord-bot-token-0mnify',
} as DiscordConfig;
const CHANNEL = '1100000000000000042';

const skipReason = sharedSkipReason();
if (skipReason) console.warn(`[discord] ${skipReason}`);
/** Discord's documented 429 body (shared copy: a text file with headers and the JSON), or ours. */
const shared = listFixtures(
  join(SHARED_PAYLOADS_DIR, 'discord'),
  /^rate_limit_429_user_discorddocs\.txt$/,
)[0];
const sharedJson = shared ? /\{[\s\S]*\}/.exec(shared.bytes.toString('utf8'))?.[0] : undefined;
const rateLimitBody = sharedJson
  ? JSON.parse(sharedJson)
  : { message: 'You are being rate limited.', retry_after: 64.57, global: false };

defineSignalContract<DiscordConfig>({
  adapter: discordAdapter,
  config,
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  threadKey: CHANNEL,
  platformMessageId: 'interaction:1100000000000000077',
  typing: {
    success: { status: 204, body: '' },
    assertRequest(req) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/api/v10/channels/${CHANNEL}/typing`);
      expect(req.headers.authorization).toBe(`Bot ${config.botToken}`);
      expect(req.headers['user-agent']).toMatch(/^DiscordBot \(/);
      expect(req.body).toBe('');
    },
  },
  serverError: { status: 502, body: { message: '502: Bad Gateway', code: 0 } },
  rejected: { status: 403, body: { message: 'Missing Access', code: 50001 }, platformCode: '50001' },
  rateLimited: {
    status: 429,
    body: rateLimitBody,
    headers: { 'retry-after': String(Math.ceil(Number(rateLimitBody.retry_after))) },
    retryAfterMs: Math.round(Number(rateLimitBody.retry_after) * 1000),
  },
});

describe('discord typing after a 429', () => {
  it('holds off without a request while its bucket is empty', async () => {
    const server = await new RecordingServer(() => ({ status: 204, body: '' })).start();
    try {
      const c = { ...config, apiBaseUrl: server.baseUrl, botToken: `${config.botToken}-bucket` };
      const ctx = {
        apiBaseUrl: server.baseUrl,
        timeoutMs: 2_000,
        http: createHttpClient({ allowPrivateUrls: true }),
      };
      server.enqueue({
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: 30, global: false },
        headers: {
          'retry-after': '30',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': '30',
          'x-ratelimit-scope': 'user',
        },
      });
      const typing = () => discordAdapter.sendTyping!({ threadKey: CHANNEL }, c, ctx);
      expect((await rejectionOf(typing())).code).toBe('OMNIFY_ERR_PLATFORM_RATE_LIMITED');
      const held = await rejectionOf(typing());
      expect(held.details.platformCode).toBe('bucket_empty');
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
