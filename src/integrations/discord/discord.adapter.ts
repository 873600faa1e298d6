import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import { isOmnifyError, OmnifyError } from '../../kernel/errors/catalog.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import type { ChannelAdapter, ReceiverContext, WebhookResponse } from '../contract/channel-adapter.ts';
import type { InboundEvent } from '../contract/message.ts';
import { sendDiscordTyping } from './discord.actions.ts';
import { GATEWAY_INTENT_NAMES, intentBits, receiveDiscordGateway } from './discord.gateway.ts';
import { isGatewayDispatch, parseGatewayDispatch } from './discord.gateway-events.ts';
import { sendDiscord } from './discord.interaction-send.ts';
import { downloadDiscordAttachment } from './discord.media.ts';
import {
  asInteraction,
  INTERACTION,
  normalizeInteraction,
  unsupportedInteraction,
} from './discord.normalize.ts';
import { verifyDiscordSignature } from './discord.signature.ts';

/** The real API origin; requests go to `<base>/api/v10/…`. `config.apiBaseUrl` replaces it (tests, sandbox, proxies). */
export const DISCORD_API_BASE_URL = 'https://discord.com';

/**
 * Channel config, named as the Developer Portal names them: the application id and public key
 * (General Information) and the bot token (Bot → Reset Token; a secret). `gateway` turns on
 * receiving ordinary messages over the Gateway with the intents `gatewayIntents` names (Discord's
 * names; default all of them, `MESSAGE_CONTENT` being privileged).
 */
export const DiscordConfigSchema = Type.Object({
  applicationId: Type.String({
    pattern: '^[0-9]{17,20}$',
    description: 'Application ID (Developer Portal → General Information), a snowflake.',
  }),
  publicKey: Type.String({
    pattern: '^[0-9a-fA-F]{64}$',
    description: 'Public Key (Developer Portal → General Information): verifies X-Signature-Ed25519.',
  }),
  botToken: Type.String({ minLength: 1, description: 'Bot token (Developer Portal → Bot), secret.' }),
  apiBaseUrl: Type.Optional(
    Type.String({ format: 'uri', description: `API origin; defaults to ${DISCORD_API_BASE_URL}.` }),
  ),
  gateway: Type.Optional(
    Type.Boolean({
      description:
        'Receive ordinary messages, edits, deletions and reactions over the Gateway (a WebSocket Omnify keeps open); default false.',
    }),
  ),
  gatewayIntents: Type.Optional(
    Type.Array(Type.Union(GATEWAY_INTENT_NAMES.map((n) => Type.Literal(n))), {
      minItems: 1,
      uniqueItems: true,
      description: `Gateway intents to ask for; default all of ${GATEWAY_INTENT_NAMES.join(', ')}. MESSAGE_CONTENT is privileged (Developer Portal → Bot).`,
    }),
  ),
});
export type DiscordConfig = Static<typeof DiscordConfigSchema>;

const json = (body: unknown): WebhookResponse => ({
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify(body),
});

/**
 * Direct answers that store nothing ("Interactions > Receiving and Responding"): a PING (type 1)
 * gets PONG `{"type":1}`, an autocomplete request (type 4) an empty choice list
 * `{"type":8,"data":{"choices":[]}}`. Undefined for everything else (stored, then acknowledged).
 */
export function respondDiscord(body: unknown): WebhookResponse | undefined {
  const type = field(body, 'type');
  if (type === INTERACTION.ping) return json({ type: 1 });
  if (type === INTERACTION.autocomplete) return json({ type: 8, data: { choices: [] } });
  return undefined;
}

/**
 * The answer Discord needs within 3 seconds once an interaction is stored: a deferred response, so
 * the agent's reply can follow. Components get DEFERRED_UPDATE_MESSAGE `{"type":6}` (no loading
 * state, the clicked message unchanged); commands, modal submits and anything else
 * DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE `{"type":5}` (the user sees "thinking…").
 */
export function acknowledgeDiscord(body: unknown): WebhookResponse {
  return json({ type: field(body, 'type') === INTERACTION.component ? 6 : 5 });
}

/**
 * Turns one interaction into events: none for PING and autocomplete (answered by `respondDiscord`),
 * else one message (see `normalizeInteraction`); an interaction whose `data` cannot be read is kept
 * as `unsupported` with the reason. `applicationId` (the channel's) names the application in the
 * reply context when the interaction carries no `application_id`. Throws `OMNIFY_ERR_VALIDATION`
 * only when the body is not an interaction (no snowflake `id` or integer `type`).
 */
export function parseDiscordInteraction(
  body: unknown,
  now = new Date(),
  applicationId?: string,
): InboundEvent[] {
  const x = asInteraction(body);
  if (x.type === INTERACTION.ping || x.type === INTERACTION.autocomplete) return [];
  try {
    return [normalizeInteraction(x, now, applicationId)];
  } catch (e) {
    if (!isOmnifyError(e)) throw e;
    return [unsupportedInteraction(x, now, e.message, applicationId)];
  }
}

/**
 * `parse`: a Gateway dispatch (`{op: 0, t, s, d}`, delivered by the receive loop) through
 * `parseGatewayDispatch`, anything else as an interaction (`parseDiscordInteraction`).
 */
export function parseDiscord(body: unknown, config: DiscordConfig, now = new Date()): InboundEvent[] {
  if (isGatewayDispatch(body)) return parseGatewayDispatch(body, config.applicationId, now);
  return parseDiscordInteraction(body, now, config.applicationId);
}

/**
 * `receive`: the Gateway loop (`receiveDiscordGateway`) for a channel with `gateway: true`. Rejects
 * with `OMNIFY_ERR_VALIDATION` for a channel without it.
 */
export async function receiveDiscord(config: DiscordConfig, ctx: ReceiverContext): Promise<void> {
  if (config.gateway !== true) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'This Discord channel does not receive over the Gateway', {
      fields: [{ path: '/config/gateway', message: 'must be true to receive over the Gateway' }],
    });
  }
  return receiveDiscordGateway(
    {
      applicationId: config.applicationId,
      botToken: config.botToken,
      apiBaseUrl: discordAdapter.apiBaseUrl(config),
      intents: intentBits(config.gatewayIntents),
    },
    ctx,
  );
}

/**
 * Discord channel (https://discord.com/developers/docs): inbound through the Interactions Endpoint
 * URL (slash, user and message commands, buttons and selects, modal submits), verified with
 * Ed25519, and — with `gateway: true` — ordinary messages, edits, deletions and reactions over the
 * Gateway; outbound by completing the deferred interaction (its webhook, while the token lives) or
 * through the REST API's Create Message.
 */
export const discordAdapter: ChannelAdapter<DiscordConfig> = {
  platform: 'discord',
  capabilities: {
    inboundMedia: true,
    outboundText: true,
    deliveryStatus: false,
    edits: false,
    reactions: false,
    replies: true,
    handshake: false,
    threads: false,
    typing: true,
    readReceipts: false,
  },
  configSchema: DiscordConfigSchema,
  secretFields: ['botToken'],
  urlFields: ['apiBaseUrl'],
  apiBaseUrl: (config) => (config.apiBaseUrl ?? DISCORD_API_BASE_URL).replace(/\/+$/, ''),
  verify: (req, config) => verifyDiscordSignature(req, config.publicKey),
  respond: (body) => respondDiscord(body),
  acknowledge: (body) => acknowledgeDiscord(body),
  parse: (body, config) => parseDiscord(body, config),
  send: (req, config, ctx) => sendDiscord(req, config, ctx),
  receives: (config) => config.gateway === true,
  receive: (config, ctx) => receiveDiscord(config, ctx),
  downloadMedia: (media, _config, ctx) => downloadDiscordAttachment(media, ctx),
  sendTyping: (req, config, ctx) => sendDiscordTyping(req, config, ctx),
};
