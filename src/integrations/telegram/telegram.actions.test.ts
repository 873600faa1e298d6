import { expect } from 'vitest';
import { defineSignalContract } from '../contract/channel-signals.contract-suite.ts';
import { type TelegramConfig, telegramAdapter } from './telegram.adapter.ts';

/*
 * The typing indicator of a Telegram bot (`sendChatAction`) against a local Bot API. The request
 * and answers are written from the Bot API documentation (`sendChatAction`, "Making requests"):
 * ../shared has no captured `sendChatAction` call. Telegram has no read receipts for bots.
 */

const config: TelegramConfig = {
  botToken: '123456789:AAtest-Bot_token-0mnify',
  secretToken: 'omnify_test-Secret_9f3a',
};
const failure = (code: number, description: string, extra = {}) => ({
  status: code,
  body: { ok: false, error_code: code, description, ...extra },
});

defineSignalContract<TelegramConfig>({
  adapter: telegramAdapter,
  config,
  withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
  threadKey: '5823100417',
  platformMessageId: '5823100417:4711',
  typing: {
    success: { status: 200, body: { ok: true, result: true } },
    assertRequest(req) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/bot${config.botToken}/sendChatAction`);
      expect(req.headers['content-type']).toContain('application/json');
      expect(req.json).toEqual({ chat_id: '5823100417', action: 'typing' });
    },
  },
  serverError: failure(502, 'Bad Gateway'),
  rejected: { ...failure(403, 'Forbidden: bot was blocked by the user'), platformCode: '403' },
  rateLimited: {
    ...failure(429, 'Too Many Requests: retry after 7', { parameters: { retry_after: 7 } }),
    retryAfterMs: 7000,
  },
});
