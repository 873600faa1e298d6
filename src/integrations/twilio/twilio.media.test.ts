import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import { twilioAdapter } from './twilio.adapter.ts';
import { config, FORMS } from './twilio.fixtures.ts';
import { decodeForm } from './twilio.signature.ts';

/*
 * MediaUrl0 of our documented MMS sample (twilio.fixtures.ts) fetched from a local server speaking
 * Twilio's media protocol: HTTP Basic auth, then a 307 to the CDN, here a second local server (another
 * origin, so the credentials must be dropped). The 404 body is Twilio's REST error shape
 * (`{code, message, more_info, status}`, Twilio docs "Errors").
 */

const IMAGE = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(800, 3)]);
const cdn = new RecordingServer(() => ({
  status: 200,
  body: IMAGE,
  headers: { 'content-type': 'image/jpeg' },
}));
const api = new RecordingServer((req) => {
  if (req.url.includes('/Media/ME0')) {
    return { status: 307, body: '', headers: { location: `${cdn.baseUrl}/s3/abc.jpg?X-Amz-Signature=x` } };
  }
  if (req.url.includes('/Media/ME9')) return { status: 302, body: '', headers: { location: req.url } };
  return {
    status: 404,
    body: {
      code: 20404,
      message: 'The requested resource was not found',
      more_info: 'https://www.twilio.com/docs/errors/20404',
      status: 404,
    },
  };
});
beforeAll(async () => {
  await api.start();
  await cdn.start();
});
afterAll(async () => {
  await api.stop();
  await cdn.stop();
});

const ctx = (): SendContext => ({
  apiBaseUrl: api.baseUrl,
  timeoutMs: 5000,
  http: createHttpClient({ allowPrivateUrls: true }),
});
const basic = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;

/** MediaUrl0 of the MMS sample, moved to the local API server (path kept). */
function mediaUrl(): string {
  const [event] = twilioAdapter.parse(
    decodeForm(Buffer.from(FORMS.mms_two_images!)),
    config,
  ) as InboundMessage[];
  if (!event || !('media' in event.content)) throw new Error('expected an image');
  const u = new URL(event.content.media.id);
  expect(u.host).toBe('api.twilio.com');
  return `${api.baseUrl}${u.pathname}`;
}

describe('Twilio media download', () => {
  it('GETs MediaUrl0 with Basic auth and follows the redirect to the CDN without the credentials', async () => {
    const file = await twilioAdapter.downloadMedia!({ id: mediaUrl() }, config, ctx());
    expect(await buffer(file.body)).toEqual(IMAGE);
    expect(api.requests.at(-1)?.headers.authorization).toBe(basic);
    expect(cdn.requests.at(-1)?.url).toBe('/s3/abc.jpg?X-Amz-Signature=x');
    expect(cdn.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('maps Twilio’s 404 to OMNIFY_ERR_PLATFORM_REJECTED with its code, and stops after 3 redirects', async () => {
    const gone = mediaUrl().replace('/Media/ME0', '/Media/ME7');
    const e = await rejectionOf(twilioAdapter.downloadMedia!({ id: gone }, config, ctx()));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: '20404', httpStatus: 404 },
    });
    expect(e.message + JSON.stringify(e.details)).not.toContain(config.authToken);
    const before = api.requests.length;
    const loop = await rejectionOf(
      twilioAdapter.downloadMedia!({ id: mediaUrl().replace('/Media/ME0', '/Media/ME9') }, config, ctx()),
    );
    expect(loop).toMatchObject({ code: 'OMNIFY_ERR_PLATFORM_REJECTED', details: { httpStatus: 302 } });
    expect(api.requests.length - before).toBe(4);
  });

  it('never sends the account credentials to a URL off Twilio hosts', async () => {
    const before = cdn.requests.length;
    const e = await rejectionOf(
      twilioAdapter.downloadMedia!({ id: `${cdn.baseUrl}/elsewhere.jpg` }, config, ctx()),
    );
    expect(e.code).toBe('OMNIFY_ERR_MEDIA_UNAVAILABLE');
    expect(cdn.requests.length).toBe(before);
  });
});
