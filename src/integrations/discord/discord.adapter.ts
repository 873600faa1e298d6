import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import { isOmnifyError } from '../../kernel/errors/catalog.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import type { ChannelAdapter, WebhookResponse } from '../contract/channel-adapter.ts';
import type { InboundEvent } from '../contract/message.ts';
import {
  asInteraction,
  INTERACTION,
  normalizeInteraction,
  unsupportedInteraction,
} from './discord.normalize.ts';
import { sendDiscordMessage } from './discord.send.ts';
import { verifyDiscordSignature } from './discord.signature.ts';

/** The real API origin; requests go to `<base>/api/v10/…`. `config.apiBaseUrl` replaces it (tests, sandbox, proxies). */
export const DISCORD_API_BASE_URL = 'https://discord.com';

/**
 * Channel config, named as the Developer Portal names them: the application id and public key
 * (General Information) and the bot token (Bot → Reset Token; a secret).
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
 * as `unsupported` with the reason. Throws `OMNIFY_ERR_VALIDATION` only when the body is not an
 * interaction (no snowflake `id` or integer `type`).
 */
export function parseDiscordInteraction(body: unknown, now = new Date()): InboundEvent[] {
  const x = asInteraction(body);
  if (x.type === INTERACTION.ping || x.type === INTERACTION.autocomplete) return [];
  try {
    return [normalizeInteraction(x, now)];
  } catch (e) {
    if (!isOmnifyError(e)) throw e;
    return [unsupportedInteraction(x, now, e.message)];
  }
}

/**
 * Discord channel (https://discord.com/developers/docs): inbound through the Interactions Endpoint
 * URL (slash, user and message commands, buttons and selects, modal submits), verified with
 * Ed25519; outbound through the REST API's Create Message. Ordinary channel messages (which need
 * the Gateway) are not received.
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
    typing: false,
    readReceipts: false,
  },
  configSchema: DiscordConfigSchema,
  secretFields: ['botToken'],
  urlFields: ['apiBaseUrl'],
  apiBaseUrl: (config) => (config.apiBaseUrl ?? DISCORD_API_BASE_URL).replace(/\/+$/, ''),
  verify: (req, config) => verifyDiscordSignature(req, config.publicKey),
  respond: (body) => respondDiscord(body),
  acknowledge: (body) => acknowledgeDiscord(body),
  parse: (body) => parseDiscordInteraction(body),
  send: (req, config, ctx) => sendDiscordMessage(req, config, ctx),
};
