import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { listFixtures, SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { ReceiverContext } from '../contract/channel-adapter.ts';
import type { InboundEvent, InboundMessage } from '../contract/message.ts';
import { type DiscordConfig, discordAdapter } from './discord.adapter.ts';
import { APP_ID, GATEWAY_SAMPLES } from './discord.gateway.fixtures.ts';
import { GATEWAY_TIMING, type GatewayTiming, intentBits, receiveDiscordGateway } from './discord.gateway.ts';
import { FakeGateway } from './discord.gateway-server.fixtures.ts';

/*
 * The Gateway loop against local servers: a REST server answering GET /api/v10/gateway/bot and a
 * WebSocket server speaking the Gateway protocol (discord.gateway-server.fixtures.ts), driven by
 * @discordjs/ws as in production. Dispatches are the documentation-based samples of
 * discord.gateway.fixtures.ts and, when ../shared is present, the real message object fixture.
 */

const TOKEN = 'MTIwMDAwMDAwMDAwMDAwMDAwMA.GxGate.omnify-discord-gateway-token_0123456789';
const skip = sharedSkipReason();
if (skip) console.warn(`discord gateway: ${skip}`);
const sharedMessage = listFixtures(join(SHARED_PAYLOADS_DIR, 'discord'), /^message_object_example/)[0];

const FAST: GatewayTiming = {
  ...GATEWAY_TIMING,
  backoffBaseMs: 20,
  backoffMaxMs: 100,
  delivery: { baseMs: 10, maxMs: 50, maxUnexpected: 2 },
  stopGraceMs: 300,
};
/** Everything the loops logged, message and data, across the tests: checked for the token. */
const allLogs: string[] = [];

/** A ReceiverContext whose `deliver` runs the adapter's `parse` (as the host does) and keeps what it stored. */
function receiver(config: DiscordConfig) {
  const abort = new AbortController();
  const bodies: unknown[] = [];
  const events: InboundEvent[] = [];
  const logs: string[] = [];
  let hold: Promise<void> | undefined;
  let failure: (body: any) => Error | undefined = () => undefined;
  const log = (m: string, d?: object) => {
    logs.push(m);
    allLogs.push(`${m} ${JSON.stringify(d ?? {})}`);
  };
  const ctx: ReceiverContext = {
    signal: abort.signal,
    http: createHttpClient({ allowPrivateUrls: true }),
    log: { info: (m, d) => log(m, d), warn: (m, d) => log(m, d) },
    async deliver(body) {
      const fail = failure(body);
      if (fail) throw fail;
      if (hold) await hold;
      events.push(...discordAdapter.parse(body, config));
      bodies.push(body);
    },
  };
  const seen = async (n: number, timeoutMs = 10_000) => {
    const until = Date.now() + timeoutMs;
    while (bodies.length < n) {
      if (Date.now() > until)
        throw new Error(`stored ${bodies.length} of ${n} bodies; log: ${logs.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    ctx,
    abort,
    bodies,
    events,
    logs,
    seen,
    holdDeliveries: (p: Promise<void> | undefined) => {
      hold = p;
    },
    failDeliveries: (f: (body: any) => Error | undefined) => {
      failure = f;
    },
  };
}

const messages = (events: InboundEvent[]) => events.filter((e): e is InboundMessage => e.kind === 'message');

describe('discord gateway', () => {
  const gateway = new FakeGateway(TOKEN);
  let gatewayUrl = () => gateway.url;
  const api = new RecordingServer(() => ({
    status: 200,
    body: {
      url: gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    },
  }));
  const config = (over: Partial<DiscordConfig> = {}): DiscordConfig => ({
    applicationId: APP_ID,
    publicKey: 'ab'.repeat(32),
    botToken: TOKEN,
    apiBaseUrl: api.baseUrl,
    gateway: true,
    ...over,
  });
  const gw = (c: DiscordConfig) => ({
    applicationId: c.applicationId,
    botToken: c.botToken,
    apiBaseUrl: discordAdapter.apiBaseUrl(c),
    intents: intentBits(c.gatewayIntents),
  });
  let running: { abort: AbortController; run: Promise<unknown> } | undefined;

  beforeAll(async () => {
    await gateway.start();
    await api.start();
  });
  afterEach(async () => {
    running?.abort.abort();
    await running?.run.catch(() => {});
    running = undefined;
    gatewayUrl = () => gateway.url;
    gateway.closeOnIdentify = undefined;
  });
  afterAll(async () => {
    await gateway.stop();
    await api.stop();
    expect(allLogs.length).toBeGreaterThan(0);
    for (const l of allLogs) expect(l).not.toContain(TOKEN);
  });

  it('turns receiving on only with gateway: true, and asks for the intents named', async () => {
    expect(discordAdapter.receives?.(config())).toBe(true);
    expect(discordAdapter.receives?.(config({ gateway: undefined }))).toBe(false);
    // GUILD_MESSAGES 1<<9 | GUILD_MESSAGE_REACTIONS 1<<10 | DIRECT_MESSAGES 1<<12 | DIRECT_MESSAGE_REACTIONS 1<<13 | MESSAGE_CONTENT 1<<15
    expect(intentBits()).toBe(512 + 1024 + 4096 + 8192 + 32768);
    expect(intentBits(['DIRECT_MESSAGES', 'MESSAGE_CONTENT'])).toBe(4096 + 32768);
    const off = await rejectionOf(
      discordAdapter.receive!(config({ gateway: false }), receiver(config()).ctx),
    );
    expect(off.code).toBe('OMNIFY_ERR_VALIDATION');
  });

  it('identifies, stores message dispatches in order, skips echoes and other events, answers heartbeats, stops on abort', async () => {
    const c = config({ gatewayIntents: ['GUILD_MESSAGES', 'DIRECT_MESSAGES', 'MESSAGE_CONTENT'] });
    const r = receiver(c);
    const framesBefore = gateway.frames.length;
    const closesBefore = gateway.clientCloses.length;
    running = { abort: r.abort, run: discordAdapter.receive!(c, r.ctx) };
    const identify = await gateway.waitFor((f) => f.op === 2 && gateway.frames.indexOf(f) >= framesBefore);
    expect(identify.d).toMatchObject({ token: TOKEN, intents: 512 + 4096 + 32768, shard: [0, 1] });
    expect(gateway.queries.at(-1)).toBe('/?v=10&encoding=json');
    const rest = api.requests.at(-1)!;
    expect([rest.method, rest.url, rest.headers.authorization]).toEqual([
      'GET',
      '/api/v10/gateway/bot',
      `Bot ${TOKEN}`,
    ]);

    const S = GATEWAY_SAMPLES;
    const sent = [
      S.guildMessage,
      S.ownEcho,
      S.typing,
      S.webhookPost,
      S.dmWithFiles,
      S.edit,
      S.linkPreview,
      S.reaction,
      S.ownReaction,
      S.deleted,
    ];
    for (const x of sent) gateway.dispatch(x.t, x.d);
    if (sharedMessage) gateway.dispatch('MESSAGE_CREATE', JSON.parse(sharedMessage.bytes.toString('utf8')));
    const stored = 6 + (sharedMessage ? 1 : 0); // guild, dm, edit, link preview (stored, parses to none), reaction, delete
    await r.seen(stored);
    expect(r.bodies.map((b: any) => [b.op, b.t])).toEqual([
      [0, 'MESSAGE_CREATE'],
      [0, 'MESSAGE_CREATE'],
      [0, 'MESSAGE_UPDATE'],
      [0, 'MESSAGE_UPDATE'],
      [0, 'MESSAGE_REACTION_ADD'],
      [0, 'MESSAGE_DELETE'],
      ...(sharedMessage ? [[0, 'MESSAGE_CREATE']] : []),
    ]);
    const got = messages(r.events).map((m) => [m.dedupeKey, m.content.type, m.text]);
    expect(got).toEqual([
      ['1310000000000000001', 'text', 'Is the charger in stock?'],
      ['1310000000000000002', 'image', 'Photos of the damage'],
      ['1310000000000000002:file:1310000000000000102', 'document', '[file: receipt.pdf]'],
      ['1310000000000000001:edit:2025-11-01T11:02:30.000000+00:00', 'text', 'Is the 65 W charger in stock?'],
      ['reaction:1301000000000000001:80351110224678913:👍', 'reaction', '👍'],
      ['1310000000000000003:deleted', 'unsupported', null],
      ...(sharedMessage ? [['334385199974967042', 'text', 'Supa Hot']] : []),
    ]);

    // Heartbeats carry the sequence of the last stored dispatch and are acknowledged.
    const last = 1 + sent.length + (sharedMessage ? 1 : 0);
    await gateway.waitFor((f) => f.op === 1 && f.connection === identify.connection && f.d === last);

    r.abort.abort();
    await expect(running.run).resolves.toBeUndefined();
    await expect.poll(() => gateway.clientCloses.length).toBe(closesBefore + 1);
    expect(gateway.clientCloses.at(-1)).toBe(1000);
  });

  it('resumes after RECONNECT from the last stored dispatch, so what was not stored is replayed', async () => {
    const c = config();
    const r = receiver(c);
    const framesBefore = gateway.frames.length;
    running = { abort: r.abort, run: receiveDiscordGateway(gw(c), r.ctx, FAST) };
    const identify = await gateway.waitFor((f) => f.op === 2 && gateway.frames.indexOf(f) >= framesBefore);
    const first = gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.guildMessage.d);
    await r.seen(1);
    let release: () => void = () => {};
    r.holdDeliveries(new Promise<void>((res) => (release = res)));
    const second = gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.dmWithFiles.d);
    await new Promise((res) => setTimeout(res, 100)); // received, not yet stored
    gateway.requestReconnect();
    const resume = await gateway.waitFor((f) => f.op === 6 && f.connection > identify.connection);
    expect(resume.d).toEqual({ token: TOKEN, session_id: gateway.sessionId, seq: first });
    release();
    r.holdDeliveries(undefined);
    await r.seen(3); // the held one, then its replay (the inbox deduplicates by dedupeKey)
    expect(r.bodies.slice(1).map((b: any) => b.s)).toEqual([second, second]);
    const third = gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.reply.d);
    await r.seen(4);
    expect((r.bodies[3] as any).s).toBe(third);
    expect(r.logs).toContain('discord gateway: resumed');
  });

  it('retries a delivery that failed for a transient reason and skips one refused as bad input', async () => {
    const c = config();
    const r = receiver(c);
    running = { abort: r.abort, run: receiveDiscordGateway(gw(c), r.ctx, FAST) };
    const before = gateway.connections;
    await expect.poll(() => gateway.connections, { timeout: 10_000 }).toBeGreaterThan(before);
    await gateway.waitFor((f) => f.op === 2 && f.connection === gateway.connections);
    let outage = 2;
    r.failDeliveries((body) => {
      if (body.d.id === GATEWAY_SAMPLES.guildMessage.d.id && outage-- > 0) {
        return new OmnifyError('OMNIFY_ERR_DATABASE_UNAVAILABLE');
      }
      if (body.d.id === GATEWAY_SAMPLES.reply.d.id) return new OmnifyError('OMNIFY_ERR_VALIDATION', 'bad');
      return undefined;
    });
    gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.guildMessage.d); // fails twice, then stored
    gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.reply.d); // refused: skipped
    gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.sticker.d);
    await r.seen(2);
    expect(messages(r.events).map((m) => m.dedupeKey)).toEqual([
      '1310000000000000001',
      '1310000000000000005',
    ]);
    expect(r.logs.filter((l) => l.includes('retrying'))).toHaveLength(2);
    expect(r.logs).toContain('discord gateway: a dispatch could not be stored and is skipped');
  });

  it('returns on abort within the grace period even when a delivery hangs', async () => {
    const c = config();
    const r = receiver(c);
    const framesBefore = gateway.frames.length;
    const run = receiveDiscordGateway(gw(c), r.ctx, FAST);
    await gateway.waitFor((f) => f.op === 2 && gateway.frames.indexOf(f) >= framesBefore);
    r.holdDeliveries(new Promise<void>(() => {})); // a database that never answers
    gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.guildMessage.d);
    gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.reply.d);
    await new Promise((res) => setTimeout(res, 100));
    const started = Date.now();
    r.abort.abort();
    await expect(run).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.bodies).toHaveLength(0);
    expect(r.logs).toContain('discord gateway: stopped with dispatches not stored');
  });

  it('throws when Discord refuses the intents (close 4014) or the token (GET /gateway/bot 401)', async () => {
    gateway.closeOnIdentify = 4014;
    const c = config();
    const refused = await rejectionOf(receiveDiscordGateway(gw(c), receiver(c).ctx, FAST));
    expect([refused.code, refused.details.platformCode]).toEqual([
      'OMNIFY_ERR_PLATFORM_REJECTED',
      'gateway_4014',
    ]);
    expect(refused.message).toContain('Message Content intent');

    const connections = gateway.connections;
    api.enqueue({ status: 401, body: { message: '401: Unauthorized', code: 0 } });
    const bad = await rejectionOf(receiveDiscordGateway(gw(c), receiver(c).ctx, FAST));
    expect([bad.code, bad.details.httpStatus]).toEqual(['OMNIFY_ERR_PLATFORM_REJECTED', 401]);
    expect(gateway.connections).toBe(connections);
  });

  it('refuses a Gateway URL outside Discord and the API host, without connecting', async () => {
    gatewayUrl = () => 'wss://gateway.example.net';
    const c = config();
    const err = await rejectionOf(receiveDiscordGateway(gw(c), receiver(c).ctx, FAST));
    expect(err.details.platformCode).toBe('gateway_url_refused');
  });

  it('rebuilds the connection with backoff while the Gateway is unreachable, then receives', async () => {
    let calls = 0;
    gatewayUrl = () => (++calls <= 2 ? 'ws://127.0.0.1:9' : gateway.url); // port 9: nothing listens
    const c = config();
    const r = receiver(c);
    const restBefore = api.requests.length;
    const connections = gateway.connections;
    running = { abort: r.abort, run: receiveDiscordGateway(gw(c), r.ctx, FAST) };
    await expect.poll(() => gateway.connections, { timeout: 15_000 }).toBe(connections + 1);
    expect(api.requests.length - restBefore).toBe(3);
    expect(r.logs.filter((l) => l.includes('reconnecting')).length).toBe(2);
    await gateway.waitFor((f) => f.op === 2 && f.connection === gateway.connections);
    gateway.dispatch('MESSAGE_CREATE', GATEWAY_SAMPLES.guildMessage.d);
    await r.seen(1);
  }, 20_000);
});
