import { expect } from 'vitest';
import type { ChannelAdapter } from '../contract/channel-adapter.ts';
import { defineSignalContract } from '../contract/channel-signals.contract-suite.ts';
import { instagramAdapter } from '../instagram/instagram.adapter.ts';
import { type MessengerConfig, messengerAdapter } from './messenger.adapter.ts';
import { graphError, IG_ACCOUNT_ID, IGSID, MID, PAGE_ID, PSID } from './messenger.fixtures.ts';

/*
 * Sender actions (`typing_on`, `mark_seen`) of Messenger and Instagram against a local Graph API.
 * The bodies and the `{recipient_id}` answer are written from Meta's docs ("Messenger Platform >
 * Sender Actions", "Instagram Messaging > Sender Actions"): ../shared has no captured sender action.
 */

const config: MessengerConfig = {
  pageId: PAGE_ID,
  pageAccessToken: 'EAAGtest-page-access-token-never-logged',
  appSecret: 'test-messenger-app-secret',
  verifyToken: 'test-messenger-verify-token',
};

for (const [adapter, contact, extra] of [
  [messengerAdapter, PSID, {}],
  [instagramAdapter, IGSID, { instagramAccountId: IG_ACCOUNT_ID }],
] as const) {
  const action = (name: string) => ({
    success: { status: 200, body: { recipient_id: contact } },
    assertRequest(req: { method: string; url: string; headers: Record<string, unknown>; json: unknown }) {
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/v21.0/${PAGE_ID}/messages`);
      expect(req.headers.authorization).toBe(`Bearer ${config.pageAccessToken}`);
      expect(req.json).toEqual({ recipient: { id: contact }, sender_action: name });
    },
  });
  defineSignalContract<MessengerConfig>({
    adapter: adapter as unknown as ChannelAdapter<MessengerConfig>,
    config: { ...config, ...extra },
    withApiBaseUrl: (c, apiBaseUrl) => ({ ...c, apiBaseUrl }),
    threadKey: contact,
    platformMessageId: MID,
    typing: action('typing_on'),
    markRead: action('mark_seen'),
    serverError: {
      status: 500,
      body: graphError(2, 'An unexpected error has occurred.', { is_transient: true }),
    },
    rejected: {
      status: 400,
      body: graphError(10, 'This message is sent outside of allowed window.', { error_subcode: 2018278 }),
      platformCode: '10',
    },
    rateLimited: {
      status: 400,
      body: graphError(613, 'Calls to this api have exceeded the rate limit.'),
      headers: { 'retry-after': '3' },
      retryAfterMs: 3000,
    },
  });
}
