import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { defineSignalContract } from '../contract/channel-signals.contract-suite.ts';
import { type WhatsAppConfig, whatsappAdapter } from './whatsapp.adapter.ts';
import { config, graphError, rateLimitedBody } from './whatsapp.fixtures.ts';

/*
 * Read receipts and typing indicators of the WhatsApp Cloud API against a local Graph API. No real
 * captured request exists in ../shared for these calls: the bodies and the `{"success": true}`
 * answer are written from Meta's docs ("Mark messages as read", "Typing indicators").
 */

const WAMID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA';
const SUCCESS = { status: 200, body: { success: true } };

const assertPost = (req: { method: string; url: string; headers: Record<string, unknown> }) => {
  expect(req.method).toBe('POST');
  expect(req.url).toBe(`/${config.phoneNumberId}/messages`);
  expect(req.headers.authorization).toBe(`Bearer ${config.accessToken}`);
  expect(req.headers['content-type']).toBe('application/json');
};

defineSignalContract<WhatsAppConfig>({
  adapter: whatsappAdapter,
  config,
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  threadKey: '16505551234',
  platformMessageId: WAMID,
  typing: {
    success: SUCCESS,
    assertRequest(req) {
      assertPost(req);
      expect(req.json).toEqual({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: WAMID,
        typing_indicator: { type: 'text' },
      });
    },
  },
  markRead: {
    success: SUCCESS,
    assertRequest(req) {
      assertPost(req);
      expect(req.json).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: WAMID });
    },
  },
  serverError: { status: 500, body: graphError(2, 'Service temporarily unavailable') },
  rejected: {
    status: 400,
    body: graphError(100, 'Invalid parameter', 'Invalid message_id'),
    platformCode: '100',
  },
  rateLimited: { status: 400, body: rateLimitedBody, headers: { 'retry-after': '2' }, retryAfterMs: 2000 },
});

describe('whatsapp typing without a message of the contact', () => {
  it('is refused without a request: WhatsApp attaches the indicator to a message', async () => {
    const server = await new RecordingServer(() => SUCCESS).start();
    try {
      const c = { ...config, apiBaseUrl: server.baseUrl };
      const ctx = {
        apiBaseUrl: server.baseUrl,
        timeoutMs: 2_000,
        http: createHttpClient({ allowPrivateUrls: true }),
      };
      const err = await rejectionOf(whatsappAdapter.sendTyping!({ threadKey: '16505551234' }, c, ctx));
      expect(err.code).toBe('OMNIFY_ERR_PLATFORM_REJECTED');
      expect(err.details.platformCode).toBe('no_inbound_message');
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.stop();
    }
  });
});
