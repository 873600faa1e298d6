import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import type { InboundMessage, MediaRef } from '../contract/message.ts';
import { createTeamsAdapter, type TeamsConfig } from './teams.adapter.ts';
import { config as baseConfig, NOW_S, SAMPLES } from './teams.fixtures.ts';

/*
 * Teams files (our documented samples in teams.fixtures.ts: a chat file with a pre-authorized
 * `downloadUrl`, inline images with a Bot Connector `contentUrl`) fetched from local servers: `api`
 * stands in for the Bot Connector (the configured apiBaseUrl) and the Microsoft identity platform,
 * `other` for any other host (SharePoint, a host a payload names). Each parsed URL keeps its path
 * and query, its origin moved to one of them.
 */

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(300, 7)]);
const PDF = Buffer.from('%PDF-1.7\n% test file\n');
let tokenCount = 0;
const api = new RecordingServer((req) => {
  if (req.url === '/token') {
    tokenCount += 1;
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3600, access_token: `bot-token-${tokenCount}` },
    };
  }
  if (req.url === '/download?token=pre-authenticated') {
    return {
      status: 200,
      body: PDF,
      headers: { 'content-type': 'application/pdf', 'content-length': String(PDF.length) },
    };
  }
  if (req.url === '/amer/v3/attachments/0-eus-d1-a/views/original') {
    if (req.headers.authorization !== `Bearer bot-token-${tokenCount}`) {
      return {
        status: 401,
        body: { error: { code: 'Unauthorized', message: 'Authorization has been denied' } },
      };
    }
    return {
      status: 200,
      body: PNG,
      headers: { 'content-type': 'image/png', 'content-length': String(PNG.length) },
    };
  }
  return { status: 404, body: { error: { code: 'BadArgument', message: 'Unknown attachment' } } };
});
const other = new RecordingServer((req) => {
  if (req.url === '/download?token=pre-authenticated') {
    return {
      status: 200,
      body: PDF,
      headers: { 'content-type': 'application/pdf', 'content-length': String(PDF.length) },
    };
  }
  if (req.url === '/amer/v3/attachments/0-eus-d1-a/views/original') {
    return {
      status: 200,
      body: PNG,
      headers: { 'content-type': 'image/png', 'content-length': String(PNG.length) },
    };
  }
  return { status: 403, body: { error: { code: 'accessDenied', message: 'The link has expired' } } };
});
beforeAll(async () => {
  await Promise.all([api.start(), other.start()]);
});
afterAll(async () => {
  await Promise.all([api.stop(), other.stop()]);
});

const adapter = createTeamsAdapter({ now: () => NOW_S * 1000 });
const config = (): TeamsConfig => ({
  ...baseConfig,
  apiBaseUrl: api.baseUrl,
  tokenUrl: `${api.baseUrl}/token`,
});
const ctx = (allowPrivateUrls = true): SendContext => ({
  apiBaseUrl: adapter.apiBaseUrl(config()),
  timeoutMs: 5000,
  http: createHttpClient({ allowPrivateUrls }),
});
/** The first media reference of a sample, its URL moved to `base` (path and query kept). */
function refOf(sample: string, base: string): MediaRef {
  const events = adapter.parse(SAMPLES[sample], config()) as InboundMessage[];
  const content = events[0]?.content;
  if (!content || !('media' in content) || !content.media.url) throw new Error('expected a file URL');
  const u = new URL(content.media.url);
  const url = `${base}${u.pathname}${u.search}`;
  return { ...content.media, url, ...(content.media.id === content.media.url ? { id: url } : {}) };
}

describe('Teams file download', () => {
  it('keeps the URLs at parse time: downloadUrl for a chat file, contentUrl for an inline image', () => {
    const [file] = adapter.parse(SAMPLES['file_download_info.json'], config()) as InboundMessage[];
    const [image] = adapter.parse(SAMPLES['inline_images.json'], config()) as InboundMessage[];
    expect(file?.content).toMatchObject({
      media: {
        id: '1150D938-8870-4044-9F2C-5BBDEBA70C9D',
        url: 'https://contoso.sharepoint.com/download?token=pre-authenticated',
      },
    });
    expect(image?.content).toMatchObject({
      media: {
        id: 'https://smba.trafficmanager.net/amer/v3/attachments/0-eus-d1-a/views/original',
        url: 'https://smba.trafficmanager.net/amer/v3/attachments/0-eus-d1-a/views/original',
      },
    });
  });

  it('fetches a chat file’s pre-authorized downloadUrl without a token, even on the API host', async () => {
    for (const base of [other.baseUrl, api.baseUrl]) {
      const server = base === api.baseUrl ? api : other;
      const file = await adapter.downloadMedia!(refOf('file_download_info.json', base), config(), ctx());
      expect(await buffer(file.body)).toEqual(PDF);
      expect(file).toMatchObject({ contentType: 'application/pdf', size: PDF.length });
      expect(server.requests.at(-1)).toMatchObject({
        method: 'GET',
        url: '/download?token=pre-authenticated',
      });
      expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
    }
  });

  it('fetches an inline image’s contentUrl on the Bot Connector with the bot’s token', async () => {
    const file = await adapter.downloadMedia!(refOf('inline_images.json', api.baseUrl), config(), ctx());
    expect(await buffer(file.body)).toEqual(PNG);
    expect(file).toMatchObject({ contentType: 'image/png', size: PNG.length });
    const tokenRequest = api.requests.find((r) => r.url === '/token');
    expect(tokenRequest?.body).toContain('grant_type=client_credentials');
    expect(api.requests.at(-1)).toMatchObject({
      method: 'GET',
      url: '/amer/v3/attachments/0-eus-d1-a/views/original',
      headers: { authorization: `Bearer bot-token-${tokenCount}` },
    });
  });

  it('never sends the token to a contentUrl on another host', async () => {
    const before = api.requests.length;
    const file = await adapter.downloadMedia!(refOf('inline_images.json', other.baseUrl), config(), ctx());
    expect(await buffer(file.body)).toEqual(PNG);
    expect(other.requests.at(-1)?.url).toBe('/amer/v3/attachments/0-eus-d1-a/views/original');
    expect(other.requests.at(-1)?.headers.authorization).toBeUndefined();
    expect(api.requests.length).toBe(before);
  });

  it('drops a token the Bot Connector refuses (401 → OMNIFY_ERR_PLATFORM_REJECTED) and asks for a new one next time', async () => {
    const ref = refOf('inline_images.json', api.baseUrl);
    const first = tokenCount;
    tokenCount += 1; // the connector now expects a token the cache does not hold yet
    const e = await rejectionOf(adapter.downloadMedia!(ref, config(), ctx()));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { httpStatus: 401, platformCode: 'Unauthorized' },
    });
    expect(e.message).not.toContain(`bot-token-${first}`);
    const file = await adapter.downloadMedia!(ref, config(), ctx());
    expect(await buffer(file.body)).toEqual(PNG);
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer bot-token-${tokenCount}`);
  });

  it('classifies an expired link as OMNIFY_ERR_PLATFORM_REJECTED and refuses a reference without a URL', async () => {
    const expired = {
      ...refOf('file_download_info.json', other.baseUrl),
      url: `${other.baseUrl}/old?tempauth=x`,
    };
    const e = await rejectionOf(adapter.downloadMedia!(expired, config(), ctx()));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { httpStatus: 403, platformCode: 'accessDenied', platformMessage: 'The link has expired' },
    });
    const stored = await rejectionOf(adapter.downloadMedia!({ id: '1150D938-8870-4044' }, config(), ctx()));
    expect(stored.code).toBe('OMNIFY_ERR_MEDIA_UNAVAILABLE');
  });

  it('refuses a private URL through the SSRF guard when private URLs are not allowed', async () => {
    const before = other.requests.length;
    const ref = refOf('file_download_info.json', other.baseUrl);
    const e = await rejectionOf(adapter.downloadMedia!(ref, config(), ctx(false)));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: 'private_address' },
    });
    expect(other.requests.length).toBe(before);
  });
});
