import '../contract/formats.ts';
import { type Static, Type } from '@sinclair/typebox';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { ChannelAdapter, WebhookRequest, WebhookResponse } from '../contract/channel-adapter.ts';
import { sendTwilioTyping } from './twilio.actions.ts';
import { downloadTwilioMedia } from './twilio.media.ts';
import { parseTwilioWebhook } from './twilio.normalize.ts';
import { sendTwilioMessage } from './twilio.send.ts';
import { decodeForm, isJsonContentType, verifyTwilioSignature } from './twilio.signature.ts';

/** The real REST API; `config.apiBaseUrl` replaces it (tests, the sandbox, a regional edge). */
export const TWILIO_API_BASE_URL = 'https://api.twilio.com';

/** What Twilio expects back from a messaging webhook that has nothing to reply: an empty TwiML document. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Channel config, with Twilio Console names: the Account SID and Auth Token ("Account Info"), the
 * sender `from` (a Twilio phone number in E.164, or `whatsapp:+…` for a WhatsApp sender), an
 * optional `statusCallback` (this channel's webhook URL, passed as `StatusCallback` on every send so
 * Twilio reports delivery) and an optional API base URL.
 */
export const TwilioConfigSchema = Type.Object({
  accountSid: Type.String({
    pattern: '^AC[0-9a-fA-F]{32}$',
    description: 'Account SID (AC followed by 32 hex characters), Twilio Console > Account Info.',
  }),
  authToken: Type.String({
    minLength: 1,
    description: 'Auth Token (secret): authenticates API calls and signs webhooks (X-Twilio-Signature).',
  }),
  from: Type.String({
    pattern: '^(whatsapp:)?\\+[1-9][0-9]{1,14}$',
    description:
      'Sender: a Twilio number in E.164 (+15551234567) or a WhatsApp sender (whatsapp:+15551234567).',
  }),
  statusCallback: Type.Optional(
    Type.String({
      format: 'uri',
      description:
        "This channel's webhook URL (…/webhooks/{channelId}), sent as StatusCallback so Twilio reports delivery statuses.",
    }),
  ),
  apiBaseUrl: Type.Optional(
    Type.String({ format: 'uri', description: `REST API base URL; default ${TWILIO_API_BASE_URL}.` }),
  ),
});
export type TwilioConfig = Static<typeof TwilioConfigSchema>;

/**
 * The body of a verified request: form parameters (`decodeForm`), or for a JSON body (Twilio's
 * `bodySHA256` variant) the parsed JSON.
 *
 * @throws OmnifyError `OMNIFY_ERR_MALFORMED_JSON` when a JSON body does not parse.
 */
export function decodeTwilio(req: WebhookRequest): unknown {
  if (!isJsonContentType(req.headers['content-type'])) return decodeForm(req.rawBody);
  try {
    return JSON.parse(req.rawBody.toString('utf8'));
  } catch {
    throw new OmnifyError('OMNIFY_ERR_MALFORMED_JSON');
  }
}

/** The answer to every stored delivery: empty TwiML (`text/xml`), so Twilio sends no automatic reply. */
export function acknowledgeTwilio(): WebhookResponse {
  return { status: 200, contentType: 'text/xml', body: EMPTY_TWIML };
}

/**
 * Twilio Programmable Messaging channel, SMS and WhatsApp (https://www.twilio.com/docs/messaging).
 * Inbound: form-encoded message webhooks and status callbacks, authenticated by
 * `X-Twilio-Signature` over the called URL and the parameters, answered with empty TwiML.
 * Outbound: the Messages API, and WhatsApp typing indicators (`twilio.actions.ts`). No GET handshake;
 * Twilio's API cannot quote a message or send read receipts, and reports no edits or reactions.
 */
export const twilioAdapter: ChannelAdapter<TwilioConfig> = {
  platform: 'twilio',
  capabilities: {
    inboundMedia: true,
    outboundText: true,
    deliveryStatus: true,
    edits: false,
    reactions: false,
    replies: false,
    handshake: false,
    threads: false,
    typing: true,
    readReceipts: false,
  },
  configSchema: TwilioConfigSchema,
  secretFields: ['authToken'],
  urlFields: ['apiBaseUrl'],
  apiBaseUrl: (config) => (config.apiBaseUrl ?? TWILIO_API_BASE_URL).replace(/\/+$/, ''),
  verify: (req, config) => verifyTwilioSignature(req, config.authToken),
  decode: decodeTwilio,
  acknowledge: acknowledgeTwilio,
  parse: (body, config) => parseTwilioWebhook(body, config.from),
  send: sendTwilioMessage,
  downloadMedia: downloadTwilioMedia,
  sendTyping: sendTwilioTyping,
};
