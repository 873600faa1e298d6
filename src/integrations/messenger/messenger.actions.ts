import type { ReadReceiptRequest, SendContext, TypingRequest } from '../contract/channel-adapter.ts';
import { classifyMetaError, GRAPH_API_VERSION } from './messenger.send.ts';

/**
 * Sender actions of the Send API, shared by Messenger and Instagram (Meta docs, "Messenger Platform
 * > Sender Actions" and "Instagram Messaging > Sender Actions"): `typing_on` shows "typing…" for
 * about 20 seconds or until our next message; `mark_seen` marks the contact's latest message seen.
 * Both name the contact, not a message: `{recipient: {id}, sender_action}` posted to
 * `/{pageId}/messages`; Meta answers `{recipient_id}`.
 */

/** The sender actions Omnify sends. */
export type SenderAction = 'typing_on' | 'mark_seen';

/** The exact JSON body of sender action `action` towards the contact of `threadKey` (the PSID / IGSID). */
export function senderActionBody(
  threadKey: string,
  action: SenderAction,
): { recipient: { id: string }; sender_action: SenderAction } {
  return { recipient: { id: threadKey }, sender_action: action };
}

/**
 * Posts sender action `action` for the contact of `threadKey`: `POST
 * {ctx.apiBaseUrl}/v21.0/{pageId}/messages`, the Page token as a Bearer header (never in the URL).
 * Resolves on any 2xx.
 *
 * @throws OmnifyError as `classifyMetaError` says (429 and codes 4, 17, 32, 613 → rate limited;
 *   5xx or `is_transient` → transient; other 4xx, e.g. outside the 24-hour window → rejected);
 *   network errors and timeouts are transient. The token never appears in an error.
 */
export async function sendMetaSenderAction(
  threadKey: string,
  action: SenderAction,
  config: { pageId: string; pageAccessToken: string },
  ctx: SendContext,
  label: string,
): Promise<void> {
  const res = await ctx.http.request({
    method: 'POST',
    url: `${ctx.apiBaseUrl}/${GRAPH_API_VERSION}/${encodeURIComponent(config.pageId)}/messages`,
    body: senderActionBody(threadKey, action),
    headers: { authorization: `Bearer ${config.pageAccessToken}` },
    timeoutMs: ctx.timeoutMs,
    secrets: [config.pageAccessToken],
    label,
  });
  if (res.status < 200 || res.status >= 300) throw classifyMetaError(res, config.pageAccessToken, label);
}

/** `typing_on` in the conversation (see {@link sendMetaSenderAction}); `label` names the API in errors. */
export function sendMetaTyping(
  req: TypingRequest,
  config: { pageId: string; pageAccessToken: string },
  ctx: SendContext,
  label: string,
): Promise<void> {
  return sendMetaSenderAction(req.threadKey, 'typing_on', config, ctx, label);
}

/**
 * `mark_seen` in the conversation (see {@link sendMetaSenderAction}). Meta marks the contact's latest
 * message seen, whichever it is: `req.platformMessageId` is not sent (the Send API takes none).
 */
export function markMetaSeen(
  req: ReadReceiptRequest,
  config: { pageId: string; pageAccessToken: string },
  ctx: SendContext,
  label: string,
): Promise<void> {
  return sendMetaSenderAction(req.threadKey, 'mark_seen', config, ctx, label);
}
