import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { ReadReceiptRequest, SendContext, TypingRequest } from '../contract/channel-adapter.ts';
import { classifyGraphError } from './whatsapp.send.ts';

/**
 * Read receipts and typing indicators of the WhatsApp Cloud API. Both are one call of the send
 * endpoint, `POST {apiBaseUrl}/{phoneNumberId}/messages`, about a message the contact sent (Meta
 * docs, "Mark messages as read" and "Typing indicators"): marking it read shows the contact blue
 * ticks on it and every earlier message; the typing indicator marks it read too and shows "typing…"
 * until we answer or 25 seconds pass. Meta answers `{"success": true}`.
 */

/** The body that marks message `messageId` (a `wamid…`) read, with the typing indicator when `typing`. */
export interface WhatsAppReadBody {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
  typing_indicator?: { type: 'text' };
}

/** The exact JSON body of a read receipt (or, with `typing`, of a typing indicator) for `messageId`. */
export function readBody(messageId: string, typing: boolean): WhatsAppReadBody {
  const body: WhatsAppReadBody = { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
  if (typing) body.typing_indicator = { type: 'text' };
  return body;
}

/** Posts `body` to the send endpoint; resolves on any 2xx, throws as `classifyGraphError` says otherwise. */
async function post(
  body: WhatsAppReadBody,
  config: { phoneNumberId: string; accessToken: string },
  ctx: SendContext,
): Promise<void> {
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/${encodeURIComponent(config.phoneNumberId)}/messages`,
    body,
    headers: { authorization: `Bearer ${config.accessToken}` },
    timeoutMs: ctx.timeoutMs,
    secrets: [config.accessToken],
    label: 'WhatsApp API',
  });
  if (res.status < 200 || res.status >= 300) throw classifyGraphError(res, config.accessToken);
}

/**
 * Marks the contact's message `req.platformMessageId` (and every earlier one) read.
 *
 * @throws OmnifyError as `sendWhatsAppText` (`classifyGraphError`; network errors and timeouts are
 *   `OMNIFY_ERR_PLATFORM_TRANSIENT`). The access token never appears in an error.
 */
export async function markWhatsAppRead(
  req: ReadReceiptRequest,
  config: { phoneNumberId: string; accessToken: string },
  ctx: SendContext,
): Promise<void> {
  return post(readBody(req.platformMessageId, false), config, ctx);
}

/**
 * Shows the typing indicator in answer to the contact's latest message (which WhatsApp marks read
 * at the same time).
 *
 * @throws OmnifyError `OMNIFY_ERR_PLATFORM_REJECTED` (platformCode `no_inbound_message`, no request
 *   made) when the conversation has no message of the contact to attach it to; otherwise as
 *   {@link markWhatsAppRead}.
 */
export async function sendWhatsAppTyping(
  req: TypingRequest,
  config: { phoneNumberId: string; accessToken: string },
  ctx: SendContext,
): Promise<void> {
  if (!req.platformMessageId) {
    const platformMessage = 'WhatsApp shows a typing indicator only in answer to a message of the contact.';
    throw new OmnifyError('OMNIFY_ERR_PLATFORM_REJECTED', platformMessage, {
      platformCode: 'no_inbound_message',
      platformMessage,
    });
  }
  return post(readBody(req.platformMessageId, true), config, ctx);
}
