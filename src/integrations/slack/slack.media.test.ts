import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { SHARED_PAYLOADS_DIR, sharedSkipReason } from '../../testing/fixtures.ts';
import { type ProgrammedResponse, RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import type { InboundMessage, MediaRef } from '../contract/message.ts';
import { createSlackAdapter } from './slack.adapter.ts';
import { config } from './slack.fixtures.ts';
import { FILE_NOT_FOUND, filesInfoAnswer } from './slack.media.fixtures.ts';

/*
 * Downloads through a local server standing in for files.slack.com and the Web API (files.info
 * answers written from Slack's docs: slack.media.fixtures.ts). The reference comes from the shared
 * real event event_message_file_share.json when ../shared is present, its URL moved to the local
 * server (same path).
 */

const adapter = createSlackAdapter({ now: () => 1670631527_000 });
const TEXT = Buffer.from('hug a kitten');
const PATH = '/files-pri/T043DB835ML-F04EEHX1EES/download/namenamename.txt';
const server: RecordingServer = new RecordingServer((req): ProgrammedResponse => {
  if (req.url === PATH) {
    return req.headers.authorization === `Bearer ${config.botToken}`
      ? { status: 200, body: TEXT, headers: { 'content-type': 'text/plain' } }
      : {
          status: 200,
          body: '<!DOCTYPE html><html>Sign in to Slack</html>',
          headers: { 'content-type': 'text/html' },
        };
  }
  if (req.url === '/files.info?file=F04EEHX1EES')
    return { status: 200, body: filesInfoAnswer('F04EEHX1EES', `${server.baseUrl}${PATH}`) };
  if (req.url.startsWith('/files.info')) return { status: 200, body: FILE_NOT_FOUND };
  return { status: 404, body: 'not found' };
});
beforeAll(() => server.start());
afterAll(() => server.stop());

const ctx = (): SendContext => ({
  apiBaseUrl: server.baseUrl,
  timeoutMs: 5000,
  http: createHttpClient({ allowPrivateUrls: true }),
});

describe('Slack file download', () => {
  it.skipIf(!!sharedSkipReason())(
    'keeps url_private_download at parse time and fetches it with the bot token',
    async () => {
      const body = JSON.parse(
        readFileSync(join(SHARED_PAYLOADS_DIR, 'slack', 'event_message_file_share.json'), 'utf8'),
      );
      const [event] = adapter.parse(body, config) as InboundMessage[];
      if (!event || !('media' in event.content)) throw new Error('expected a file');
      const media = event.content.media;
      expect(media.url).toBe(`https://files.slack.com${PATH}`);
      const local: MediaRef = { ...media, url: `${server.baseUrl}${PATH}` };
      const file = await adapter.downloadMedia!(local, config, ctx());
      expect(await buffer(file.body)).toEqual(TEXT);
      expect(file.contentType).toBe('text/plain');
      expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${config.botToken}`);
    },
  );

  it('looks the URL up with files.info when the reference has none', async () => {
    const file = await adapter.downloadMedia!({ id: 'F04EEHX1EES' }, config, ctx());
    expect(await buffer(file.body)).toEqual(TEXT);
    expect(server.requests.slice(-2).map((r) => r.url)).toEqual(['/files.info?file=F04EEHX1EES', PATH]);
  });

  it('maps files.info errors to OMNIFY_ERR_PLATFORM_REJECTED and never sends the token off Slack hosts', async () => {
    const e = await rejectionOf(adapter.downloadMedia!({ id: 'F0GONE' }, config, ctx()));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: 'file_not_found' },
    });
    const before = server.requests.length;
    const off = await rejectionOf(
      adapter.downloadMedia!(
        { id: 'F1', url: 'https://files.slack.com.attacker.example/x.png' },
        config,
        ctx(),
      ),
    );
    expect(off.code).toBe('OMNIFY_ERR_MEDIA_UNAVAILABLE');
    const plain = await rejectionOf(
      adapter.downloadMedia!({ id: 'F1', url: 'http://files.slack.com/x.png' }, config, ctx()),
    );
    expect(plain.code).toBe('OMNIFY_ERR_MEDIA_UNAVAILABLE');
    expect(server.requests.length).toBe(before);
  });
});
