import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import type { InboundMessage, MediaRef } from '../contract/message.ts';
import { type InstagramConfig, instagramAdapter } from '../instagram/instagram.adapter.ts';
import { type MessengerConfig, messengerAdapter } from './messenger.adapter.ts';
import { envelope, IG_ACCOUNT_ID, instagramItems, messengerItems, PAGE_ID } from './messenger.fixtures.ts';

/*
 * Messenger and Instagram attachments (payload.url, our documented samples in messenger.fixtures.ts)
 * fetched from a local server standing in for Meta's CDN: the parsed reference's URL host is moved
 * to it, path and query kept. The CDN answers expired links with 403 and a Graph-shaped error.
 */

const PHOTO = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(500, 1)]);
const server = new RecordingServer((req) => {
  if (req.url === '/v/t1.15752-9/photo.jpg' || req.url === '/ig_messaging_cdn/?asset_id=1') {
    return { status: 200, body: PHOTO, headers: { 'content-type': 'image/jpeg' } };
  }
  return { status: 403, body: { error: { message: 'URL signature expired', code: 190 } } };
});
beforeAll(() => server.start());
afterAll(() => server.stop());

const messenger: MessengerConfig = {
  pageId: PAGE_ID,
  pageAccessToken: 'EAAG-page-token',
  appSecret: 's',
  verifyToken: 'v',
};
const instagram: InstagramConfig = { ...messenger, instagramAccountId: IG_ACCOUNT_ID };
const ctx = (): SendContext => ({
  apiBaseUrl: 'https://graph.facebook.com',
  timeoutMs: 5000,
  http: createHttpClient({ allowPrivateUrls: true }),
});
/** The first media reference of a parsed body, its URL moved to the local server. */
function localRef(events: unknown[]): MediaRef {
  const m = (events as InboundMessage[]).find((e) => 'media' in e.content);
  if (!m || !('media' in m.content)) throw new Error('expected an attachment');
  const u = new URL(m.content.media.id);
  return { ...m.content.media, id: `${server.baseUrl}${u.pathname}${u.search}` };
}

describe('Messenger and Instagram attachment download', () => {
  it('fetches a Messenger attachment’s payload.url with a plain GET, no Page token', async () => {
    const ref = localRef(
      messengerAdapter.parse(envelope('page', PAGE_ID, [messengerItems.attachments]), messenger),
    );
    const file = await messengerAdapter.downloadMedia!(ref, messenger, ctx());
    expect(await buffer(file.body)).toEqual(PHOTO);
    expect(file.contentType).toBe('image/jpeg');
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', url: '/v/t1.15752-9/photo.jpg' });
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('fetches an Instagram attachment the same way, query kept', async () => {
    const ref = localRef(
      instagramAdapter.parse(envelope('instagram', IG_ACCOUNT_ID, [instagramItems.media]), instagram),
    );
    const file = await instagramAdapter.downloadMedia!(ref, instagram, ctx());
    expect(await buffer(file.body)).toEqual(PHOTO);
    expect(server.requests.at(-1)?.url).toBe('/ig_messaging_cdn/?asset_id=1');
  });

  it('maps an expired link to OMNIFY_ERR_PLATFORM_REJECTED with the CDN’s code, and refuses a non-http id', async () => {
    const e = await rejectionOf(
      messengerAdapter.downloadMedia!({ id: `${server.baseUrl}/v/old.jpg` }, messenger, ctx()),
    );
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: '190', platformMessage: 'URL signature expired', httpStatus: 403 },
    });
    const odd = await rejectionOf(
      messengerAdapter.downloadMedia!({ id: 'file:///etc/passwd' }, messenger, ctx()),
    );
    expect(odd.code).toBe('OMNIFY_ERR_MEDIA_UNAVAILABLE');
  });
});
