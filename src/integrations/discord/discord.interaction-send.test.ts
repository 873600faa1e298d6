import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { OutboundRequest } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import { SANDBOX_BASE_URL, type SandboxRecord, sandboxHttpClient } from '../sandbox/sandbox.transport.ts';
import { type DiscordConfig, discordAdapter, parseDiscordInteraction } from './discord.adapter.ts';
import { DISCORD_SAMPLES } from './discord.samples.ts';

/*
 * Completing deferred interactions against a local REST server: the exact requests (PATCH of the
 * original response for the interaction's own answer, POST follow-ups otherwise), the 15-minute
 * limit on a pinned clock, the fallback to Create Message, and rate limits on the webhook route.
 * Interactions are the documentation-based samples of discord.samples.ts.
 */

const config: DiscordConfig = {
  applicationId: '1200000000000000000',
  publicKey: 'ab'.repeat(32),
  botToken: 'MTIwMDAwMDAwMDAwMDAwMDAwMA.GxDefer.omnify-discord-defer-token_0123456789',
};
const command = DISCORD_SAMPLES['dm_slash_subcommand.json']!;
const button = DISCORD_SAMPLES['guild_button_click.json']!;
/** The command's snowflake time: (1300000000000000001 >> 22) + Discord's epoch. */
const ISSUED = Date.parse('2024-10-27T07:35:52.832Z');
const MINUTE = 60_000;

let tokens = 0;
/** The reply context `parse` keeps for `body`, with a token of its own (rate-limit buckets are per token). */
function contextOf(body: Record<string, unknown>) {
  const [m] = parseDiscordInteraction({
    ...body,
    token: `tok-${++tokens}.${'x'.repeat(40)}`,
  }) as InboundMessage[];
  return m!.replyContext!;
}
const message = (id: string) => ({
  status: 200,
  body: { id, type: 20, channel_id: '1300000000000000777', content: 'x', author: { id: '1', bot: true } },
});

describe('discord deferred interaction answers', () => {
  const api = new RecordingServer(() => message('1301000000000000900'));
  const http = createHttpClient({ allowPrivateUrls: true });
  const send = (o: Partial<OutboundRequest>) =>
    discordAdapter.send(
      { messageId: 'm-1', threadKey: '1300000000000000777', text: 'Order 1042 ships today.', ...o },
      config,
      {
        apiBaseUrl: api.baseUrl,
        timeoutMs: 5_000,
        http,
      },
    );
  const at = (ms: number) => vi.setSystemTime(ISSUED + ms);
  beforeAll(() => api.start());
  afterEach(() => vi.useRealTimers());
  afterAll(() => api.stop());
  const last = () => api.requests.at(-1)!;
  const webhook = (ctx: Record<string, string>) =>
    `/api/v10/webhooks/1200000000000000000/${encodeURIComponent(ctx.interactionToken!)}`;

  it('keeps what a deferred answer needs in the reply context', () => {
    const [m] = parseDiscordInteraction(command) as InboundMessage[];
    expect(m!.replyContext).toEqual({
      interactionId: '1300000000000000001',
      interactionToken: command.token,
      applicationId: '1200000000000000000',
      interactionIssuedAt: new Date(ISSUED).toISOString(),
      deferredType: '5',
    });
    expect((parseDiscordInteraction(button)[0] as InboundMessage).replyContext?.deferredType).toBe('6');
    const noApp = { ...command, application_id: undefined };
    expect(
      (parseDiscordInteraction(noApp, new Date(), '1200000000000000001')[0] as InboundMessage).replyContext
        ?.applicationId,
    ).toBe('1200000000000000001');
  });

  it("edits the original response with the interaction's own answer; other answers are follow-ups", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(MINUTE);
    const ctx = contextOf(command);
    api.enqueue(message('1301000000000000901'));
    const res = await send({
      replyToPlatformMessageId: 'interaction:1300000000000000001',
      replyContext: ctx,
    });
    expect(res).toEqual({ platformMessageId: '1301000000000000901', status: 'sent' });
    expect([last().method, last().url]).toEqual(['PATCH', `${webhook(ctx)}/messages/@original`]);
    expect(last().json).toEqual({ content: 'Order 1042 ships today.', allowed_mentions: { parse: [] } });
    expect(last().headers.authorization).toBeUndefined(); // the token is the credential
    expect(last().headers['user-agent']).toMatch(/^DiscordBot \(/);

    await send({ replyContext: ctx }); // a person's reply
    expect([last().method, last().url]).toEqual(['POST', webhook(ctx)]);

    const clicked = contextOf(button); // deferred update: the clicked message must stay
    await send({ replyToPlatformMessageId: 'interaction:1300000000000000002', replyContext: clicked });
    expect([last().method, last().url]).toEqual(['POST', webhook(clicked)]);

    await send({ replyToPlatformMessageId: '1310000000000000001', replyContext: ctx }); // answers a Gateway message
    expect([last().method, last().url]).toEqual(['POST', '/api/v10/channels/1300000000000000777/messages']);
    expect(last().json.message_reference).toEqual({
      message_id: '1310000000000000001',
      fail_if_not_exists: false,
    });
  });

  it('uses the token for less than 15 minutes (minus a 10 s margin), then creates a channel message', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const ctx = contextOf(command);
    const route = (ms: number) => async () => {
      at(ms);
      await send({ replyContext: ctx });
      return `${last().method} ${last().url.startsWith('/api/v10/webhooks/') ? 'webhook' : last().url}`;
    };
    expect(await route(14 * MINUTE + 49_000)()).toBe('POST webhook');
    expect(await route(14 * MINUTE + 51_000)()).toBe('POST /api/v10/channels/1300000000000000777/messages');
    expect(await route(15 * MINUTE)()).toBe('POST /api/v10/channels/1300000000000000777/messages');
    expect(await route(-20_000)()).toBe('POST /api/v10/channels/1300000000000000777/messages'); // clock behind Discord's
    expect(last().headers.authorization).toBe(`Bot ${config.botToken}`);
    await send({ replyContext: { ...ctx, interactionToken: 'has space' } }); // unreadable context: a channel message
    expect(last().url).toBe('/api/v10/channels/1300000000000000777/messages');
  });

  it('falls back to a channel message when Discord says the token no longer works', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(MINUTE);
    for (const gone of [
      { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } },
      { status: 404, body: { message: 'Unknown Webhook', code: 10015 } },
    ]) {
      const ctx = contextOf(command);
      const before = api.requests.length;
      api.enqueue(gone, message('1301000000000000902'));
      const res = await send({
        replyToPlatformMessageId: 'interaction:1300000000000000001',
        replyContext: ctx,
      });
      expect(res.platformMessageId).toBe('1301000000000000902');
      expect(api.requests.slice(before).map((r) => `${r.method} ${r.url.split('/')[3]}`)).toEqual([
        'PATCH webhooks',
        'POST channels',
      ]);
    }
    const ctx = contextOf(command);
    api.enqueue({ status: 404, body: { message: 'Unknown Message', code: 10008 } });
    const err = await rejectionOf(
      send({ replyToPlatformMessageId: 'interaction:1300000000000000001', replyContext: ctx }),
    );
    expect([err.code, err.details.platformCode]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', '10008']);
  });

  it('honours 429s on the webhook route: retry_after, the bucket, and no global hold either way', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(MINUTE);
    const ctx = contextOf(command);
    api.enqueue({
      status: 429,
      headers: {
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': '2.5',
        'x-ratelimit-bucket': 'webhook-bucket',
        'x-ratelimit-scope': 'user',
      },
      body: { message: 'You are being rate limited.', retry_after: 2.5, global: false },
    });
    const limited = await rejectionOf(send({ replyContext: ctx }));
    expect(limited.code).toBe('OMNIFY_ERR_PLATFORM_RATE_LIMITED');
    expect(limited.details).toMatchObject({
      retryAfterMs: 2_500,
      bucket: 'webhook-bucket',
      scope: 'user',
      global: false,
    });
    const before = api.requests.length;
    const held = await rejectionOf(send({ replyContext: ctx }));
    expect([held.details.platformCode, api.requests.length]).toEqual(['bucket_empty', before]);
    at(MINUTE + 2_600);
    await send({ replyContext: ctx });
    expect(api.requests.length).toBe(before + 1);

    // A global 429 of the bot (Create Message) holds its channel messages, not interaction answers.
    api.enqueue({
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: 30, global: true },
    });
    const global = await rejectionOf(send({ threadKey: '1400000000000000099' }));
    expect(global.details.global).toBe(true);
    expect((await rejectionOf(send({ threadKey: '1400000000000000098' }))).details.platformCode).toBe(
      'bucket_empty',
    );
    const other = contextOf(command);
    expect((await send({ replyContext: other })).status).toBe('sent');
    expect(last().url).toBe(webhook(other));
  });

  it('never puts the interaction token in an error', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(MINUTE);
    const ctx = contextOf(command);
    api.enqueue({
      status: 502,
      body: `<html>upstream failed for /webhooks/1200000000000000000/${ctx.interactionToken}</html>`,
    });
    const err = await rejectionOf(send({ replyContext: ctx }));
    expect(err.code).toBe('OMNIFY_ERR_PLATFORM_TRANSIENT');
    expect(`${err.message} ${JSON.stringify(err.details)}`).not.toContain(ctx.interactionToken);
  });

  it('is understood by the sandbox emulator: original response, follow-up, and no Gateway', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    at(MINUTE);
    const records: SandboxRecord[] = [];
    const sandbox = sandboxHttpClient('discord', async (r) => void records.push(r), [config.botToken]);
    const ctx = contextOf(command);
    const out = { messageId: 'm-2', threadKey: '1300000000000000777', text: 'Hi', replyContext: ctx };
    const opts = { apiBaseUrl: SANDBOX_BASE_URL, timeoutMs: 5_000, http: sandbox };
    await discordAdapter.send(
      { ...out, replyToPlatformMessageId: 'interaction:1300000000000000001' },
      config,
      opts,
    );
    await discordAdapter.send(out, config, opts);
    expect(records.map((r) => [r.method, r.response.status, (r.response.body as any).webhook_id])).toEqual([
      ['PATCH', 200, '1200000000000000000'],
      ['POST', 200, '1200000000000000000'],
    ]);
    const gateway = await sandbox.request({
      method: 'GET',
      url: `${SANDBOX_BASE_URL}/api/v10/gateway/bot`,
      timeoutMs: 1_000,
    });
    expect(gateway.status).toBe(404);
  });
});
