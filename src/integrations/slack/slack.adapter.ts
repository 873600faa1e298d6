import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { field } from '../../kernel/http-client/json-field.ts';
import type { ChannelAdapter, WebhookResponse } from '../contract/channel-adapter.ts';
import { parseSlackEnvelope } from './slack.events.ts';
import { downloadSlackFile } from './slack.media.ts';
import { describeSlackUser } from './slack.profile.ts';
import { sendSlackMessage } from './slack.send.ts';
import { verifySlackSignature } from './slack.signature.ts';

/** The real Web API; `config.apiBaseUrl` replaces it (tests, sandbox, a proxy). */
export const SLACK_API_BASE_URL = 'https://slack.com/api';

/**
 * Channel config, named as Slack's app settings name them: the Bot User OAuth Token (`xoxb-…`,
 * "OAuth & Permissions") and the Signing Secret ("Basic Information > App Credentials").
 */
export const SlackConfigSchema = Type.Object({
  botToken: Type.String({
    minLength: 1,
    description: 'Bot User OAuth Token (xoxb-…), from OAuth & Permissions (secret).',
  }),
  signingSecret: Type.String({
    minLength: 1,
    description:
      'Signing Secret, from Basic Information > App Credentials; signs X-Slack-Signature (secret).',
  }),
  apiBaseUrl: Type.Optional(
    Type.String({ format: 'uri', description: `Web API base URL; default ${SLACK_API_BASE_URL}.` }),
  ),
});
export type SlackConfig = Static<typeof SlackConfigSchema>;

/**
 * Answers Slack's `url_verification` request (sent once when the Request URL is saved in "Event
 * Subscriptions", signed like every request: the route verified it first) with its `challenge` as
 * `text/plain`, one of the answers Slack's docs accept. Undefined for every other body.
 *
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` when a `url_verification` body has no string `challenge`.
 */
export function respondToSlack(body: unknown): WebhookResponse | undefined {
  if (field(body, 'type') !== 'url_verification') return undefined;
  const challenge = field(body, 'challenge');
  if (typeof challenge !== 'string' || challenge === '') {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The url_verification request has no challenge.', {
      fields: [{ path: '/challenge', message: 'must be a non-empty string' }],
    });
  }
  return { status: 200, contentType: 'text/plain', body: challenge };
}

/** Options of {@link createSlackAdapter}. */
export interface SlackAdapterOptions {
  /** The clock of the 5-minute replay window and of receipt times, ms since the epoch (tests pin it). */
  now?: () => number;
}

/**
 * A Slack channel adapter (Events API in, Web API `chat.postMessage` out) with its own clock.
 * Inbound: signed POSTs (`X-Slack-Signature` v0, 5-minute window), `url_verification` answered by
 * `respond`; message events in channels, private channels, DMs and threads, edits, deletions
 * (as `unsupported`), file shares (as media references) and reactions; messages and reactions of
 * bots and apps, ours included, produce no events. Outbound: text into the conversation's channel
 * and thread. No GET handshake, no delivery status, typing or read receipts (Slack's Web API offers
 * none to bots).
 */
export function createSlackAdapter(options: SlackAdapterOptions = {}): ChannelAdapter<SlackConfig> {
  const now = options.now ?? Date.now;
  return {
    platform: 'slack',
    capabilities: {
      inboundMedia: true,
      outboundText: true,
      deliveryStatus: false,
      edits: true,
      reactions: true,
      replies: true,
      handshake: false,
      threads: true,
      typing: false,
      readReceipts: false,
    },
    configSchema: SlackConfigSchema,
    secretFields: ['botToken', 'signingSecret'],
    urlFields: ['apiBaseUrl'],
    apiBaseUrl: (config) => (config.apiBaseUrl ?? SLACK_API_BASE_URL).replace(/\/+$/, ''),
    verify: (req, config) => verifySlackSignature(req, config.signingSecret, now()),
    respond: (body) => respondToSlack(body),
    parse: (body) => parseSlackEnvelope(body, new Date(now())),
    send: sendSlackMessage,
    downloadMedia: downloadSlackFile,
    describeSender: describeSlackUser,
  };
}

/** The Slack adapter on the real clock (the one the registry serves). */
export const slackAdapter: ChannelAdapter<SlackConfig> = createSlackAdapter();
