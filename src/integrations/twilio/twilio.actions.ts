import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { SendContext, TypingRequest } from '../contract/channel-adapter.ts';
import { interpretTwilioResponse } from './twilio.send.ts';

/**
 * WhatsApp typing indicators through Twilio (Twilio docs, "WhatsApp > Typing Indicators resource",
 * public beta): `POST https://messaging.twilio.com/v2/Indicators/Typing.json`, form `channel=whatsapp`
 * and `messageId` = the SID of the contact's message being answered, HTTP Basic auth with the
 * account. WhatsApp then marks that message read and shows "typing…" until our answer is delivered or
 * 25 seconds pass; Twilio answers `{"success": true}`. SMS has no typing indicator, and Twilio offers
 * no read receipt of its own, so there is no `markRead`.
 */

/** A Twilio Message (SM…) or Media (MM…) SID, the only ids the typing indicator takes. */
const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

/**
 * The origin of the typing endpoint for the channel's API base URL: Twilio's product host
 * `messaging.` in place of `api.` (`https://api.twilio.com` → `https://messaging.twilio.com`, and the
 * same for regional hosts such as `api.dublin.ie1.twilio.com`), as Twilio's own libraries build it.
 * Any other base URL (a test server, the sandbox, a proxy) serves both APIs and is kept.
 */
export function typingBaseUrl(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  if (!/^api\.([a-z0-9-]+\.)*twilio\.com$/i.test(url.hostname)) return apiBaseUrl;
  url.hostname = url.hostname.replace(/^api\./i, 'messaging.');
  return url.origin;
}

/** The exact form of a typing indicator answering message `messageId`. */
export function typingForm(messageId: string): URLSearchParams {
  return new URLSearchParams({ messageId, channel: 'whatsapp' });
}

/**
 * Shows the typing indicator in a WhatsApp conversation, in answer to the contact's latest message
 * (`req.platformMessageId`). Resolves without a request in an SMS conversation (thread key without
 * `whatsapp:`).
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` (platformCode `no_inbound_message`, no request
 *   made) when the contact's latest message is not a Twilio message SID; otherwise as
 *   `interpretTwilioResponse` classifies a failed answer (429 / 20429 → rate limited, 5xx →
 *   transient, other 4xx → rejected); network errors and timeouts are transient. The auth token
 *   never appears in an error.
 */
export async function sendTwilioTyping(
  req: TypingRequest,
  config: { accountSid: string; authToken: string },
  ctx: SendContext,
): Promise<void> {
  if (!req.threadKey.startsWith('whatsapp:')) return;
  const messageId = req.platformMessageId;
  if (!messageId || !MESSAGE_SID.test(messageId)) {
    const platformMessage =
      'Twilio shows a WhatsApp typing indicator only in answer to a message of the contact.';
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', platformMessage, {
      platformCode: 'no_inbound_message',
      platformMessage,
    });
  }
  const basic = Buffer.from(`${config.accountSid}:${config.authToken}`, 'utf8').toString('base64');
  const res = await ctx.http.request({
    method: 'POST',
    url: `${typingBaseUrl(ctx.apiBaseUrl)}/v2/Indicators/Typing.json`,
    headers: { authorization: `Basic ${basic}` },
    body: typingForm(messageId),
    timeoutMs: ctx.timeoutMs,
    secrets: [config.authToken, basic],
    label: 'Twilio Typing Indicators API',
  });
  if (res.status >= 200 && res.status < 300) return;
  // Every answer outside 2xx throws there (rate limited, transient or rejected).
  interpretTwilioResponse(res, config.authToken);
}
