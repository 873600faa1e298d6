import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineSignalContract } from '../contract/channel-signals.contract-suite.ts';
import { typingBaseUrl } from './twilio.actions.ts';
import { type TwilioConfig, twilioAdapter } from './twilio.adapter.ts';

/*
 * WhatsApp typing indicators through Twilio (public beta) against a local server. The request and
 * answer are written from Twilio's docs ("WhatsApp > Typing Indicators resource"); errors use the
 * REST error shape of twilio-node's `RestException`. ../shared has no captured typing call.
 */

const config: TwilioConfig = {
  accountSid: `AC${'0123456789abcdef'.repeat(2)}`,
  authToken: 'test-twilio-auth-token-0mnify',
  from: 'whatsapp:+14155238886',
};
const SID = `SM${'aa11bb22cc33dd44'.repeat(2)}`;
const restError = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

defineSignalContract<TwilioConfig>({
  adapter: twilioAdapter,
  config,
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  threadKey: 'whatsapp:+14155550123',
  platformMessageId: SID,
  typing: {
    success: { status: 200, body: { success: true } },
    assertRequest(req) {
      const basic = Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64');
      expect(req.method).toBe('POST');
      expect(req.url).toBe('/v2/Indicators/Typing.json');
      expect(req.headers.authorization).toBe(`Basic ${basic}`);
      expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({
        messageId: SID,
        channel: 'whatsapp',
      });
    },
  },
  serverError: restError(503, 20500, 'Service Unavailable'),
  rejected: { ...restError(400, 20001, 'Invalid messageId'), platformCode: '20001' },
  rateLimited: {
    ...restError(429, 20429, 'Too Many Requests'),
    headers: { 'retry-after': '4' },
    retryAfterMs: 4000,
  },
});

describe('twilio typing', () => {
  const withServer = async (fn: (server: RecordingServer, c: TwilioConfig) => Promise<void>) => {
    const server = await new RecordingServer(() => ({ status: 200, body: { success: true } })).start();
    try {
      await fn(server, { ...config, apiBaseUrl: server.baseUrl });
    } finally {
      await server.stop();
    }
  };
  const ctx = (apiBaseUrl: string) => ({
    apiBaseUrl,
    timeoutMs: 2_000,
    http: createHttpClient({ allowPrivateUrls: true }),
  });

  it('makes no call in an SMS conversation, which has no typing indicator', () =>
    withServer(async (server, c) => {
      await twilioAdapter.sendTyping!(
        { threadKey: '+14155550123', platformMessageId: SID },
        c,
        ctx(server.baseUrl),
      );
      expect(server.requests).toHaveLength(0);
    }));

  it('is refused without a request when the latest message is no Twilio message SID', () =>
    withServer(async (server, c) => {
      for (const platformMessageId of [undefined, 'wamid.NOT-TWILIO']) {
        const err = await rejectionOf(
          twilioAdapter.sendTyping!(
            { threadKey: 'whatsapp:+14155550123', platformMessageId },
            c,
            ctx(server.baseUrl),
          ),
        );
        expect(err.details.platformCode).toBe('no_inbound_message');
      }
      expect(server.requests).toHaveLength(0);
    }));

  it('goes to the Messaging API host of the REST API it is configured with', () => {
    expect(typingBaseUrl('https://api.twilio.com')).toBe('https://messaging.twilio.com');
    expect(typingBaseUrl('https://api.dublin.ie1.twilio.com')).toBe(
      'https://messaging.dublin.ie1.twilio.com',
    );
    expect(typingBaseUrl('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010');
    expect(typingBaseUrl('https://sandbox.omnify.invalid')).toBe('https://sandbox.omnify.invalid');
  });
});
