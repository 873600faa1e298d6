import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { sharedSkipReason } from '../../testing/fixtures.ts';
import { type ProgrammedResponse, RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import { whatsappAdapter } from './whatsapp.adapter.ts';
import { config, readShared } from './whatsapp.fixtures.ts';
import { JPEG_BYTES, mediaUrlAnswer, UNKNOWN_MEDIA } from './whatsapp.media.fixtures.ts';

/*
 * Downloads through a local server speaking the Cloud API's media protocol (answers written from
 * Meta's docs: whatsapp.media.fixtures.ts); the media id comes from the shared real webhook
 * inbound_image.json when ../shared is present.
 */

const skip = sharedSkipReason();
const server: RecordingServer = new RecordingServer((req): ProgrammedResponse => {
  if (req.url.startsWith('/65463453?'))
    return { status: 200, body: mediaUrlAnswer('65463453', `${server.baseUrl}/lookaside/65463453`) };
  if (req.url === '/lookaside/65463453')
    return { status: 200, body: JPEG_BYTES, headers: { 'content-type': 'image/jpeg' } };
  if (req.url.startsWith('/elsewhere?'))
    return { status: 200, body: mediaUrlAnswer('elsewhere', 'https://attacker.example/steal') };
  if (req.url.startsWith('/nourl?')) return { status: 200, body: { id: 'nourl' } };
  return { status: 400, body: UNKNOWN_MEDIA };
});
beforeAll(() => server.start());
afterAll(() => server.stop());

const ctx = (): SendContext => ({
  apiBaseUrl: server.baseUrl,
  timeoutMs: 5000,
  http: createHttpClient({ allowPrivateUrls: true }),
});

describe('WhatsApp media download', () => {
  it.skipIf(!!skip)(
    'fetches the URL of the real webhook image id, then the file, both with the access token',
    async () => {
      const [event] = whatsappAdapter.parse(JSON.parse(readShared('inbound_image.json')!.toString()), config);
      const content = (event as InboundMessage).content;
      if (!('media' in content)) throw new Error('expected a media message');
      const file = await whatsappAdapter.downloadMedia!(content.media, config, ctx());
      expect(await buffer(file.body)).toEqual(JPEG_BYTES);
      expect(file).toMatchObject({
        contentType: 'image/jpeg',
        size: JPEG_BYTES.length,
        sha256: mediaUrlAnswer('x', '').sha256,
      });
      const [meta, bytes] = server.requests.slice(-2);
      expect(meta?.method).toBe('GET');
      expect(meta?.url).toBe(`/65463453?phone_number_id=${config.phoneNumberId}`);
      expect(bytes?.url).toBe('/lookaside/65463453');
      for (const r of [meta, bytes]) expect(r?.headers.authorization).toBe(`Bearer ${config.accessToken}`);
    },
  );

  it('maps a Graph error on the media id to OMNIFY_ERR_PLATFORM_REJECTED with its code, token redacted', async () => {
    const e = await rejectionOf(whatsappAdapter.downloadMedia!({ id: 'expired' }, config, ctx()));
    expect(e).toMatchObject({ code: 'OMNIFY_ERR_PLATFORM_REJECTED', details: { platformCode: '100' } });
    expect(JSON.stringify(e.details) + e.message).not.toContain(config.accessToken);
  });

  it('never sends the token to a media URL off Meta hosts, and rejects an answer without a URL', async () => {
    const before = server.requests.length;
    const e = await rejectionOf(whatsappAdapter.downloadMedia!({ id: 'elsewhere' }, config, ctx()));
    expect(e.code).toBe('OMNIFY_ERR_MEDIA_UNAVAILABLE');
    expect(server.requests.length).toBe(before + 1);
    const none = await rejectionOf(whatsappAdapter.downloadMedia!({ id: 'nourl' }, config, ctx()));
    expect(none).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: 'invalid_response' },
    });
  });

  it('goes through the SSRF guard: a private address is refused without private URLs allowed', async () => {
    const guarded = { ...ctx(), http: createHttpClient({ allowPrivateUrls: false }) };
    const e = await rejectionOf(whatsappAdapter.downloadMedia!({ id: '65463453' }, config, guarded));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: 'private_address' },
    });
  });
});
