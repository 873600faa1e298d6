import { field, stringField } from '../../kernel/http-client/json-field.ts';
import type { MediaDownload, SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { fetchMedia } from '../media-fetch.ts';

/** A Graph-shaped error body (`{error: {code, message}}`), which Meta's CDN sometimes answers. */
function describeGraph(json: unknown): { platformCode?: string; platformMessage?: string } {
  const code = field(json, 'error', 'code');
  const message = stringField(json, 'error', 'message');
  return {
    ...(typeof code === 'number' || typeof code === 'string' ? { platformCode: String(code) } : {}),
    ...(message ? { platformMessage: message } : {}),
  };
}

/**
 * Downloads a Messenger or Instagram attachment (Meta docs, Messenger Platform "Webhook Events >
 * messages": `attachments[].payload.url`; Instagram Messaging the same): the reference's id is that
 * CDN URL, signed by Meta and valid for some days, fetched with a plain `GET` and no token (the
 * Page access token is never sent to a URL taken from a payload). `label` names the platform in errors.
 *
 * @throws OmnifyError `OMNIFY_ERR_MEDIA_UNAVAILABLE` when the id is not an http(s) URL;
 *   `fetchMedia`'s errors (an expired URL answers 403/404: `OMNIFY_ERR_PLATFORM_REJECTED`).
 */
export function downloadMetaAttachment(
  media: MediaRef,
  ctx: SendContext,
  label: string,
): Promise<MediaDownload> {
  return fetchMedia(ctx, media.url ?? media.id, { label, secrets: [], describe: describeGraph });
}
