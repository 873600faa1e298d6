import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf, thrownBy } from '../../testing/errors.ts';
import { hasSharedFixtures, SHARED_PAYLOADS_DIR } from '../../testing/fixtures.ts';
import { type ProgrammedResponse, RecordingServer } from '../../testing/http-recorder.ts';
import type { OutboundRequest } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import { emulateDiscord } from '../sandbox/discord.emulator.ts';
import { type DiscordConfig, discordAdapter, parseDiscordInteraction } from './discord.adapter.ts';
import { secondsToMs } from './discord.ratelimit.ts';
import { DISCORD_SAMPLES } from './discord.samples.ts';

const config: DiscordConfig = {
  applicationId: '1200000000000000000',
  publicKey: 'ab'.repeat(32),
  botToken: 'MTIwMDAwMDAwMDAwMDAwMDAwMA.GxSpec.omnify-discord-spec-token_0123456789',
};
const SHARED_DIR = join(SHARED_PAYLOADS_DIR, 'discord');

/** A saved rate-limit example of the docs: `< ` status and header lines, then the JSON body. */
function docsAnswer(file: string): ProgrammedResponse {
  const lines = readFileSync(join(SHARED_DIR, file), 'utf8').split('\n');
  const head = lines.filter((l) => l.startsWith('< ')).map((l) => l.slice(2));
  const status = Number(head[0]!.split(' ')[1]);
  const headers = Object.fromEntries(
    head.slice(1).map((h) => [h.slice(0, h.indexOf(':')).toLowerCase(), h.slice(h.indexOf(':') + 1).trim()]),
  );
  return { status, headers, body: JSON.parse(lines.filter((l) => !l.startsWith('< ')).join('\n')) };
}

const sent = (id: string, channel: string) => ({
  status: 200,
  body: { id, channel_id: channel, content: 'x', type: 0, author: { id: '1', bot: true } },
});

describe('discord interactions', () => {
  const at = new Date(Date.UTC(2030, 0, 2));
  const cmd = DISCORD_SAMPLES['dm_slash_subcommand.json']!;

  it('answers PING with PONG and autocomplete with no choices, storing nothing', () => {
    expect(discordAdapter.respond?.({ id: '1', type: 1 }, config)).toEqual({
      status: 200,
      contentType: 'application/json',
      body: '{"type":1}',
    });
    expect(JSON.parse(discordAdapter.respond?.({ id: '1', type: 4 }, config)?.body ?? '')).toEqual({
      type: 8,
      data: { choices: [] },
    });
    expect(discordAdapter.respond?.(cmd, config)).toBeUndefined();
    expect(parseDiscordInteraction({ id: '1', type: 1 })).toEqual([]);
    expect(parseDiscordInteraction({ id: '1', type: 4, data: {} })).toEqual([]);
  });

  it('acknowledges commands and modals with a deferred message (5), components with a deferred update (6)', () => {
    const ack = (name: string) => JSON.parse(discordAdapter.acknowledge!(DISCORD_SAMPLES[name], config).body);
    expect(ack('dm_slash_subcommand.json')).toEqual({ type: 5 });
    expect(ack('guild_modal_submit.json')).toEqual({ type: 5 });
    expect(ack('guild_button_click.json')).toEqual({ type: 6 });
    expect(discordAdapter.acknowledge!(cmd, config).contentType).toBe('application/json');
  });

  it('rejects bodies that are not interactions', () => {
    for (const body of [null, [], {}, { id: 'abc', type: 2 }, { id: '1', type: '2' }, { id: 1, type: 2 }]) {
      expect(thrownBy(() => parseDiscordInteraction(body))?.code).toBe('OMNIFY_ERR_VALIDATION');
    }
  });

  it('keeps an interaction whose data cannot be read as unsupported, with the reason', () => {
    const [m] = parseDiscordInteraction({ ...cmd, data: { options: [] } }, at) as InboundMessage[];
    expect(m.dedupeKey).toBe('interaction:1300000000000000001');
    expect(m.content).toEqual({
      type: 'unsupported',
      platformType: 'interaction_type_2',
      reason: 'Not a Discord interaction: /data/name must be a non-empty string',
    });
    const [other] = parseDiscordInteraction({ id: '7', type: 9 }, at) as InboundMessage[];
    expect([other.content.type, other.sender.handle, other.threadKey]).toEqual([
      'unsupported',
      'discord',
      'discord',
    ]);
  });

  it('keeps the interaction token only in the reply context, never in the stored message', () => {
    for (const body of Object.values(DISCORD_SAMPLES)) {
      const [m] = parseDiscordInteraction(body) as InboundMessage[];
      const { replyContext, ...stored } = m!;
      expect(JSON.stringify(stored)).not.toContain(String(body.token));
      expect(replyContext?.interactionToken).toBe(body.token);
    }
  });

  it('validates the config and resolves the API base URL', () => {
    const valid = (patch: Partial<DiscordConfig>) =>
      Value.Check(discordAdapter.configSchema, { ...config, ...patch });
    expect(valid({})).toBe(true);
    expect(valid({ publicKey: 'ab'.repeat(31) })).toBe(false);
    expect(valid({ applicationId: 'my-app' })).toBe(false);
    expect(valid({ botToken: '' })).toBe(false);
    expect(discordAdapter.apiBaseUrl(config)).toBe('https://discord.com');
    expect(discordAdapter.apiBaseUrl({ ...config, apiBaseUrl: 'http://x:1/' })).toBe('http://x:1');
    expect(discordAdapter.secretFields).toEqual(['botToken']);
    expect(discordAdapter.handshake).toBeUndefined();
  });
});

describe('discord send', () => {
  const api = new RecordingServer(() => sent('1301000000000000009', '1'));
  const http = createHttpClient({ allowPrivateUrls: true });
  const send = (o: Partial<OutboundRequest> = {}, c = config) =>
    discordAdapter.send({ messageId: 'm-1', threadKey: '1400000000000000001', text: 'Sure!', ...o }, c, {
      apiBaseUrl: discordAdapter.apiBaseUrl({ ...c, apiBaseUrl: api.baseUrl }),
      timeoutMs: 5_000,
      http,
    });
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('quotes a Discord message it answers, never an interaction', async () => {
    api.enqueue(sent('1301000000000000010', '1400000000000000001'));
    const res = await send({ replyToPlatformMessageId: '1290000000000000042' });
    expect(res).toEqual({ platformMessageId: '1301000000000000010', status: 'sent' });
    expect(api.requests.at(-1)?.json.message_reference).toEqual({
      message_id: '1290000000000000042',
      fail_if_not_exists: false,
    });
    await send({ replyToPlatformMessageId: 'interaction:1300000000000000001' });
    expect(api.requests.at(-1)?.json.message_reference).toBeUndefined();
  });

  it('gives each message its own stable nonce (Discord returns the first message on a repeat)', async () => {
    await send({ messageId: 'a' });
    await send({ messageId: 'a' });
    await send({ messageId: 'b' });
    const [a1, a2, b] = api.requests.slice(-3).map((r) => r.json.nonce);
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(a1.length).toBeLessThanOrEqual(25);
  });

  it('reads error codes and never puts the bot token in an error', async () => {
    api.enqueue(
      { status: 404, body: { message: 'Unknown Channel', code: 10003 } },
      {
        status: 400,
        body: { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [] } } },
      },
      { status: 401, body: { message: '401: Unauthorized', code: 0 } },
      { status: 500, body: `<html>proxy failed for Bot ${config.botToken}</html>` },
      { status: 200, body: 'not json' },
    );
    const errs = [];
    for (let i = 0; i < 5; i++) errs.push(await rejectionOf(send()));
    expect(errs.map((e) => [e.code, e.details.platformCode])).toEqual([
      ['OMNIFY_ERR_PLATFORM_REJECTED', '10003'],
      ['OMNIFY_ERR_PLATFORM_REJECTED', '50035'],
      ['OMNIFY_ERR_PLATFORM_REJECTED', '401'],
      ['OMNIFY_ERR_PLATFORM_TRANSIENT', '500'],
      ['OMNIFY_ERR_PLATFORM_REJECTED', 'invalid_response'],
    ]);
    expect(errs[1]!.details.platformMessage).toContain('content');
    for (const e of errs)
      expect([e.message, JSON.stringify(e.details)].join()).not.toContain(config.botToken);
  });

  it('rounds retry_after seconds up to whole milliseconds', () => {
    expect([secondsToMs(64.57), secondsToMs('0.001'), secondsToMs(0.0001), secondsToMs(-1)]).toEqual([
      64_570,
      1,
      1,
      undefined,
    ]);
  });

  it('holds off a route whose bucket is empty, without calling Discord', async () => {
    api.enqueue({
      ...sent('1301000000000000011', '1400000000000000002'),
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '30.5',
        'x-ratelimit-bucket': 'b1',
      },
    });
    await send({ threadKey: '1400000000000000002' });
    const before = api.requests.length;
    const held = await rejectionOf(send({ threadKey: '1400000000000000002' }));
    expect(held.code).toBe('OMNIFY_ERR_PLATFORM_RATE_LIMITED');
    expect(held.details.platformCode).toBe('bucket_empty');
    expect(held.details.retryAfterMs).toBeGreaterThan(29_000);
    expect(api.requests.length).toBe(before);
    await send({ threadKey: '1400000000000000003' }); // another channel is another bucket
    expect(api.requests.length).toBe(before + 1);
  });

  it.skipIf(!hasSharedFixtures)("honours the docs' 429 examples: user, shared and global scope", async () => {
    const bot = { ...config, botToken: `${config.botToken}-429` };
    api.enqueue(docsAnswer('rate_limit_429_user_discorddocs.txt'));
    const user = await rejectionOf(send({ threadKey: '1400000000000000010' }, bot));
    expect(user.details).toMatchObject({
      retryAfterMs: 64_570,
      global: false,
      scope: 'user',
      bucket: 'abcd1234',
    });
    // Remaining 0: the route waits; other channels do not.
    expect((await rejectionOf(send({ threadKey: '1400000000000000010' }, bot))).details.platformCode).toBe(
      'bucket_empty',
    );
    api.enqueue(docsAnswer('rate_limit_429_shared_discorddocs.txt'));
    const shared = await rejectionOf(send({ threadKey: '1400000000000000011' }, bot));
    expect(shared.details).toMatchObject({ retryAfterMs: 1_336_570, scope: 'shared', platformCode: '429' });
    api.enqueue(sent('1301000000000000012', '1400000000000000011'));
    await send({ threadKey: '1400000000000000011' }, bot); // a shared limit is not counted against the bot
    api.enqueue(docsAnswer('rate_limit_429_global_discorddocs.txt'));
    const global = await rejectionOf(send({ threadKey: '1400000000000000012' }, bot));
    expect(global.details).toMatchObject({ retryAfterMs: 64_570, global: true, scope: 'global' });
    const before = api.requests.length;
    const held = await rejectionOf(send({ threadKey: '1400000000000000013' }, bot));
    expect([held.details.platformCode, api.requests.length]).toEqual(['bucket_empty', before]);
    expect((await send({ threadKey: '1400000000000000013' })).status).toBe('sent'); // another bot is not held
  });
});

describe('discord sandbox emulator', () => {
  const call = (path: string, body: unknown, authorization = 'Bot t', method = 'POST') =>
    emulateDiscord({ method, path, headers: { authorization }, body }) as { status: number; body: any };

  it('creates messages with increasing snowflakes and answers errors in Discord’s shape', () => {
    const path = '/api/v10/channels/42/messages';
    const [a, b] = [call(path, { content: 'a' }), call(path, { content: 'b' })];
    expect(a).toMatchObject({ status: 200, body: { channel_id: '42', content: 'a', author: { bot: true } } });
    expect(BigInt(b.body.id) > BigInt(a.body.id)).toBe(true);
    const reply = call(path, { content: 'r', message_reference: { message_id: '7' } });
    expect(reply.body.message_reference).toEqual({ message_id: '7' });
    expect(call(path, { content: ' ' }).body).toEqual({
      message: 'Cannot send an empty message',
      code: 50006,
    });
    expect(call(path, { content: 'x'.repeat(2001) }).body.code).toBe(50035);
    expect(call(path, { content: 'a' }, '').status).toBe(401);
    expect(call('/api/v10/channels/42/pins', {}).status).toBe(404);
    expect(call('/api/v10/channels/42/typing', {}).status).toBe(204);
    expect(call(path, {}, 'Bot t', 'GET').status).toBe(404);
  });
});
