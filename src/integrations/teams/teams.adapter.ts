import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import type { ChannelAdapter } from '../contract/channel-adapter.ts';
import { parseTeamsActivity } from './teams.activity.ts';
import { bearerToken, verifiedTokenCache, verifyTeamsRequest } from './teams.auth.ts';
import { BOT_FRAMEWORK_OPENID_METADATA_URL, BotFrameworkKeys } from './teams.keys.ts';
import { downloadTeamsFile } from './teams.media.ts';
import { sendTeamsMessage, sendTeamsTyping } from './teams.send.ts';
import { BotFrameworkTokens, MICROSOFT_LOGIN_URL } from './teams.token.ts';

/**
 * Channel config, named as the Azure Bot resource and its app registration name them: the Microsoft
 * App ID ("Configuration"), a client secret of that app ("Certificates & secrets") and, for a
 * single-tenant app, its Directory (tenant) ID. The URLs are for tests, proxies and other clouds.
 */
export const TeamsConfigSchema = Type.Object({
  appId: Type.String({
    minLength: 1,
    description:
      'Microsoft App ID of the Azure Bot (Configuration); the audience of the Bot Connector tokens.',
  }),
  appPassword: Type.String({
    minLength: 1,
    description:
      'Client secret of the app registration (Certificates & secrets), the "app password" (secret).',
  }),
  tenantId: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$',
      maxLength: 100,
      description:
        'Directory (tenant) ID of a single-tenant app, where its tokens come from; omit (or botframework.com) for a multi-tenant app.',
    }),
  ),
  apiBaseUrl: Type.Optional(
    Type.String({
      format: 'uri',
      description:
        "Bot Connector base URL used instead of each conversation's serviceUrl (tests, proxies); default: the serviceUrl Teams sends with each activity.",
    }),
  ),
  tokenUrl: Type.Optional(
    Type.String({
      format: 'uri',
      description: `OAuth 2.0 token endpoint; default ${MICROSOFT_LOGIN_URL}/{tenantId or botframework.com}/oauth2/v2.0/token.`,
    }),
  ),
  openIdMetadataUrl: Type.Optional(
    Type.String({
      format: 'uri',
      description: `OpenID metadata listing the keys that sign the Bot Connector's tokens; default ${BOT_FRAMEWORK_OPENID_METADATA_URL}.`,
    }),
  ),
});
export type TeamsConfig = Static<typeof TeamsConfigSchema>;

/** Options of {@link createTeamsAdapter}. */
export interface TeamsAdapterOptions {
  /** The clock of token expiry checks and receipt times, ms since the epoch (tests pin it). */
  now?: () => number;
  /** The signing-key cache (tests pass one with their own TTL and cooldown). */
  keys?: BotFrameworkKeys;
  /** The access-token cache. */
  tokens?: BotFrameworkTokens;
}

/**
 * A Microsoft Teams channel adapter (Bot Framework: Bot Connector activities in, Bot Connector API
 * out) with its own clock and caches. Inbound: the JWT of every request is verified against the Bot
 * Framework's OpenID metadata and keys (`verify`: the header, without network; `verifyRemote`: the
 * rest, keys fetched through the route's HttpClient and cached); message activities (text, files and
 * inline images as references), edits, deletions (as `unsupported`) and reactions; activities of
 * bots, ours included, and membership/typing activities produce no events. Each message keeps the
 * activity's `serviceUrl` as the conversation's `replyContext`. Outbound: a client-credentials token
 * (cached), then the activity posted to `{serviceUrl}/v3/conversations/{id}/activities`.
 */
export function createTeamsAdapter(options: TeamsAdapterOptions = {}): ChannelAdapter<TeamsConfig> {
  const now = options.now ?? Date.now;
  const keys = options.keys ?? new BotFrameworkKeys({ now });
  const tokens = options.tokens ?? new BotFrameworkTokens(now);
  const verified = verifiedTokenCache();
  return {
    platform: 'teams',
    capabilities: {
      inboundMedia: true,
      outboundText: true,
      deliveryStatus: false,
      edits: true,
      reactions: true,
      replies: true,
      handshake: false,
      threads: true,
      typing: true,
      readReceipts: false,
    },
    configSchema: TeamsConfigSchema,
    secretFields: ['appPassword'],
    urlFields: ['apiBaseUrl', 'tokenUrl', 'openIdMetadataUrl'],
    // Empty unless overridden: every conversation is answered at the serviceUrl its activities name.
    apiBaseUrl: (config) => (config.apiBaseUrl ?? '').replace(/\/+$/, ''),
    verify: (req) => void bearerToken(req),
    verifyRemote: (req, config, ctx) =>
      verifyTeamsRequest(req, config, { ...ctx, keys, nowMs: now(), verified }),
    parse: (body, config) => parseTeamsActivity(body, config.appId, new Date(now())),
    send: (req, config, ctx) => sendTeamsMessage(req, config, ctx, tokens),
    sendTyping: (req, config, ctx) => sendTeamsTyping(req, config, ctx, tokens),
    downloadMedia: (media, config, ctx) => downloadTeamsFile(media, config, ctx, tokens),
  };
}

/** The Teams adapter on the real clock (the one the registry serves). */
export const teamsAdapter: ChannelAdapter<TeamsConfig> = createTeamsAdapter();
