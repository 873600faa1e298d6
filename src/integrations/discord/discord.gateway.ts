import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketManager, type WebSocketManagerOptions, WebSocketShardEvents } from '@discordjs/ws';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import { isJsonObject } from '../../kernel/http-client/json-field.ts';
import type { ReceiverContext } from '../contract/channel-adapter.ts';
import { GATEWAY_EVENTS, isFromBot } from './discord.gateway-events.ts';
import { fetchGatewayBot, gatewayUrlAllowed } from './discord.gateway-info.ts';
import { type DeliveryRetry, DispatchQueue } from './discord.gateway-queue.ts';
import { GatewaySessions } from './discord.gateway-session.ts';

/**
 * Receiving ordinary messages over Discord's Gateway (Discord docs, "Events > Gateway"): one
 * WebSocket connection per shard, kept by @discordjs/ws's `WebSocketManager` (HELLO, IDENTIFY with
 * the bot token and intents, heartbeats, RESUME after a dropped connection, RECONNECT and INVALID
 * SESSION handling). Omnify gives it the `GET /gateway/bot` answer through the channel's HTTP
 * client, keeps the sessions so a RESUME replays what is not yet stored, stores each dispatch it
 * reads through `ctx.deliver`, and restarts the whole connection with backoff when it keeps failing.
 */

/** Gateway intents Omnify may ask for (Discord docs, "Events > Gateway > List of Intents"). */
export const GATEWAY_INTENTS = {
  GUILD_MESSAGES: 1 << 9,
  GUILD_MESSAGE_REACTIONS: 1 << 10,
  DIRECT_MESSAGES: 1 << 12,
  DIRECT_MESSAGE_REACTIONS: 1 << 13,
  /** Privileged: turned on in the Developer Portal (Bot → Privileged Gateway Intents). */
  MESSAGE_CONTENT: 1 << 15,
} as const;
export type GatewayIntentName = keyof typeof GATEWAY_INTENTS;
export const GATEWAY_INTENT_NAMES = Object.keys(GATEWAY_INTENTS) as GatewayIntentName[];

/** The intents' bitfield; no names → all of {@link GATEWAY_INTENTS}. */
export function intentBits(names: readonly GatewayIntentName[] = GATEWAY_INTENT_NAMES): number {
  return names.reduce((bits, n) => bits | GATEWAY_INTENTS[n], 0);
}

/**
 * Close codes after which reconnecting cannot help (Discord docs, "Topics > Opcodes and Status
 * Codes > Gateway Close Event Codes"): the loop throws with the reason.
 */
const FATAL_CLOSES: Record<number, string> = {
  4004: 'Authentication failed: Discord refused the bot token',
  4010: 'Invalid shard',
  4011: 'Sharding required',
  4012: 'Invalid API version',
  4013: 'Invalid intents',
  4014: 'Disallowed intents: turn on the Message Content intent in the Developer Portal (Bot → Privileged Gateway Intents), or leave MESSAGE_CONTENT out of gatewayIntents',
};

/** What the loop needs of a channel. */
export interface DiscordGatewayConfig {
  applicationId: string;
  botToken: string;
  /** The REST API origin (`adapter.apiBaseUrl(config)`): `GET /gateway/bot` goes there. */
  apiBaseUrl: string;
  /** The intents' bitfield (`intentBits`). */
  intents: number;
}

/** Waits of the loop (ms); tests shorten them. */
export interface GatewayTiming {
  /** After the n-th failed connection in a row: a random wait in [s/2, s], s = min(max, base·2ⁿ). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Connections closed in a row before a session began, after which the manager is rebuilt. */
  closesBeforeRestart: number;
  delivery: DeliveryRetry;
  /** On stop, how long dispatches already received may still be stored. */
  stopGraceMs: number;
}

export const GATEWAY_TIMING: GatewayTiming = {
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  closesBeforeRestart: 3,
  delivery: { baseMs: 250, maxMs: 30_000, maxUnexpected: 5 },
  stopGraceMs: 5_000,
};

interface LoopState {
  sessions: GatewaySessions;
  queue: DispatchQueue;
  /** Our application id and the bot user id READY named: their messages are echoes. */
  botIds: Set<string>;
}

/**
 * Runs until `ctx.signal` aborts, then closes the connection (code 1000) and returns once the
 * dispatches already received are stored (at most `timing.stopGraceMs`; see `DispatchQueue.stop`). Throws an `OmnifyError` (`OMNIFY_ERR_PLATFORM_REJECTED`) when
 * the config cannot work: `GET /gateway/bot` refused (a wrong token: 401), a refused Gateway URL,
 * or a fatal close (4004 authentication failed, 4013/4014 invalid or disallowed intents, 4010–4012).
 * Everything else (network errors, 5xx, 429, closes) is retried with backoff.
 */
export async function receiveDiscordGateway(
  gw: DiscordGatewayConfig,
  ctx: ReceiverContext,
  timing: GatewayTiming = GATEWAY_TIMING,
): Promise<void> {
  const state: LoopState = {
    sessions: new GatewaySessions(),
    queue: new DispatchQueue(ctx, timing.delivery),
    botIds: new Set([gw.applicationId]),
  };
  let failures = 0;
  try {
    while (!ctx.signal.aborted) {
      const { wasReady, error } = await connectOnce(gw, ctx, state, timing);
      if (ctx.signal.aborted) return;
      if (isOmnifyError(error) && error.errorClass === 'permanent') throw error;
      if (wasReady) failures = 0;
      const s = Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.min(failures++, 20));
      const asked = isOmnifyError(error) ? (error.details.retryAfterMs ?? 0) : 0;
      const waitMs = Math.max(Math.round(s / 2 + (Math.random() * s) / 2), asked);
      const code = isOmnifyError(error) ? error.details.platformCode : undefined;
      ctx.log.warn('discord gateway: connection failed; reconnecting', { code, waitMs });
      try {
        await sleep(waitMs, undefined, { signal: ctx.signal });
      } catch {
        return;
      }
    }
  } finally {
    await state.queue.stop(timing.stopGraceMs);
  }
}

/** One `WebSocketManager` from connect to teardown: resolves why it ended (undefined: aborted). */
async function connectOnce(
  gw: DiscordGatewayConfig,
  ctx: ReceiverContext,
  state: LoopState,
  timing: GatewayTiming,
): Promise<{ wasReady: boolean; error?: unknown }> {
  let finish: (error?: unknown) => void = () => {};
  const ended = new Promise<unknown>((resolve) => {
    let settled = false;
    finish = (error) => {
      if (!settled) resolve(error);
      settled = true;
    };
  });
  let gatewayUrl = '';
  const gate = state.sessions.gate((url) => (gatewayUrlAllowed(url, gw.apiBaseUrl) ? url : gatewayUrl));
  // The manager's only REST call is GET /gateway/bot; it goes through the channel's HTTP client.
  const rest = {
    get: async (route: string) => {
      if (!route.endsWith('/gateway/bot')) throw new Error(`Discord route ${route} is not supported here`);
      const info = await fetchGatewayBot(gw.apiBaseUrl, gw.botToken, ctx);
      gatewayUrl = info.url;
      return info;
    },
  } as unknown as WebSocketManagerOptions['rest'];
  const manager = new WebSocketManager({
    token: gw.botToken,
    intents: gw.intents,
    rest,
    retrieveSessionInfo: gate.retrieve,
    updateSessionInfo: gate.update,
    identifyProperties: { os: process.platform, browser: 'omnify', device: 'omnify' },
  });
  let wasReady = false;
  let healthy = false;
  let closes = 0;
  manager.on(WebSocketShardEvents.Ready, (data, shardId) => {
    wasReady = healthy = true;
    closes = 0;
    state.botIds.add(data.user.id);
    ctx.log.info('discord gateway: ready', { shardId });
  });
  manager.on(WebSocketShardEvents.Resumed, (shardId) => {
    healthy = true;
    closes = 0;
    ctx.log.info('discord gateway: resumed', { shardId });
  });
  manager.on(WebSocketShardEvents.Closed, (code) => {
    const fatal = FATAL_CLOSES[code];
    if (fatal) {
      const message = `Discord closed the Gateway connection with ${code}: ${fatal}`;
      return finish(
        new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', message, { platformCode: `gateway_${code}` }),
      );
    }
    if (healthy) {
      healthy = false; // the library resumes or reconnects by itself
      return ctx.log.warn('discord gateway: connection closed; resuming', { code });
    }
    if (++closes >= timing.closesBeforeRestart) {
      const message = `The Discord Gateway closed ${closes} connections in a row before a session began (last ${code})`;
      finish(new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', message, { platformCode: `gateway_${code}` }));
    }
  });
  manager.on(WebSocketShardEvents.Error, (e) =>
    ctx.log.warn('discord gateway: error', { message: e.message }),
  );
  manager.on(WebSocketShardEvents.Dispatch, (payload, shardId) => {
    const { t, s, d } = payload as unknown as { t: string; s: number; d: unknown };
    const sessionId = state.sessions.get(shardId)?.sessionId;
    const wanted = GATEWAY_EVENTS.has(t) && isJsonObject(d) && !isFromBot(t, d, [...state.botIds]);
    state.queue.push({
      t,
      body: wanted ? payload : undefined,
      ack: () => state.sessions.ack(shardId, sessionId, s),
    });
  });
  const onAbort = () => finish();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (ctx.signal.aborted) finish();
  else manager.connect().catch((e: unknown) => finish(isOmnifyError(e) ? e : transient(e)));
  const error = await ended;
  ctx.signal.removeEventListener('abort', onAbort);
  gate.close();
  // A peer that never answers the close frame must not hold the loop (ws gives up after 30 s).
  const timer = new AbortController();
  try {
    await Promise.race([
      manager.destroy({ code: 1000, reason: 'Omnify stops receiving' }),
      sleep(5_000, undefined, { signal: timer.signal }).catch(() => {}),
    ]);
  } catch (e) {
    ctx.log.warn('discord gateway: closing the connection failed', { message: (e as Error).message });
  } finally {
    timer.abort();
  }
  return { wasReady, error };
}

function transient(e: unknown): OmnifyError {
  const message = e instanceof Error ? e.message : String(e);
  return new OmnifyError('OMNIFY_ERR_PLATFORM_TRANSIENT', `Discord Gateway: ${message}`, {
    platformCode: 'gateway_connect',
  });
}
