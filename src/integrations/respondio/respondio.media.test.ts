import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import type { MediaRef } from '../contract/message.ts';
import { createRespondioAdapter, type RespondioConfig } from './respondio.adapter.ts';
import { config as baseConfig, NOW_MS, one, SAMPLES } from './respondio.fixtures.ts';

/*
 * respond.io attachments (`attachment.url` of our documented samples in respondio.fixtures.ts; no
 * shared fixture has one) fetched from local servers: `api` stands in for the Developer API host
 * (the configured apiBaseUrl), `cdn` for the file storage a payload names. The parsed URL keeps its
 * path and query, its origin moved to one of them.
 */

const JPEG = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(400, 3)]);
const answer = (req: { url: string }) =>
  req.url === '/files/photo.jpg'
    ? {
        status: 200,
        body: JPEG,
        headers: { 'content-type': 'image/jpeg', 'content-length': String(JPEG.length) },
      }
    : { status: 404, body: { message: 'File not found' } };
const api = new RecordingServer(answer);
const cdn = new RecordingServer(answer);
beforeAll(async () => {
  await Promise.all([api.start(), cdn.start()]);
});
afterAll(async () => {
  await Promise.all([api.stop(), cdn.stop()]);
});

const adapter = createRespondioAdapter({ now: () => NOW_MS });
const config = (): RespondioConfig => ({ ...baseConfig, apiBaseUrl: `${api.baseUrl}/v2` });
const ctx = (allowPrivateUrls = true): SendContext => ({
  apiBaseUrl: adapter.apiBaseUrl(config()),
  timeoutMs: 5000,
  http: createHttpClient({ allowPrivateUrls }),
});
/** The image sample's media reference, its URL moved to `base` (path and query kept). */
function refOf(base: string): MediaRef {
  const { content } = one(adapter.parse(SAMPLES['message_received_image.json'], config()));
  if (!('media' in content) || !content.media.url) throw new Error('expected an attachment URL');
  const u = new URL(content.media.url);
  const url = `${base}${u.pathname}${u.search}`;
  return { ...content.media, id: url, url };
}

describe('respond.io attachment download', () => {
  it('keeps attachment.url on the reference at parse time', () => {
    const { content } = one(adapter.parse(SAMPLES['message_received_image.json'], config()));
    expect(content).toMatchObject({
      media: {
        id: 'https://cdn.example.com/files/photo.jpg',
        url: 'https://cdn.example.com/files/photo.jpg',
      },
    });
  });

  it('fetches a file storage URL with a plain GET, the API token not sent', async () => {
    const file = await adapter.downloadMedia!(refOf(cdn.baseUrl), config(), ctx());
    expect(await buffer(file.body)).toEqual(JPEG);
    expect(file).toMatchObject({ contentType: 'image/jpeg', size: JPEG.length });
    expect(cdn.requests.at(-1)).toMatchObject({ method: 'GET', url: '/files/photo.jpg' });
    expect(cdn.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('sends the Developer API token only to a URL on the configured API host', async () => {
    const file = await adapter.downloadMedia!(refOf(api.baseUrl), config(), ctx());
    expect(await buffer(file.body)).toEqual(JPEG);
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${baseConfig.apiToken}`);
  });

  it('classifies a removed link as OMNIFY_ERR_PLATFORM_REJECTED and refuses a non-http URL', async () => {
    const gone = { id: `${cdn.baseUrl}/files/old.jpg`, url: `${cdn.baseUrl}/files/old.jpg` };
    const e = await rejectionOf(adapter.downloadMedia!(gone, config(), ctx()));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { httpStatus: 404, platformMessage: 'File not found' },
    });
    const odd = await rejectionOf(adapter.downloadMedia!({ id: 'file:///etc/passwd' }, config(), ctx()));
    expect(odd.code).toBe('OMNIFY_ERR_MEDIA_UNAVAILABLE');
  });

  it('refuses a private URL through the SSRF guard when private URLs are not allowed', async () => {
    const before = cdn.requests.length;
    const e = await rejectionOf(adapter.downloadMedia!(refOf(cdn.baseUrl), config(), ctx(false)));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: 'private_address' },
    });
    expect(cdn.requests.length).toBe(before);
  });
});
