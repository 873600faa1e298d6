import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../kernel/http-client/client.ts';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import type { SendContext } from '../contract/channel-adapter.ts';
import type { InboundMessage } from '../contract/message.ts';
import type { DiscordConfig } from './discord.adapter.ts';
import { discordAdapter } from './discord.adapter.ts';
import { DISCORD_SAMPLES } from './discord.samples.ts';

/*
 * The attachment of our documented slash-command sample (discord.samples.ts: `resolved.attachments`
 * with its CDN `url`) fetched from a local server standing in for cdn.discordapp.com (path kept).
 * Discord's CDN answers an expired signed link with 404 and a JSON `{message, code}` body.
 */

const IMAGE = Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(300, 9)]);
const cdn = new RecordingServer((req) =>
  req.url.endsWith('/charger.jpg')
    ? { status: 200, body: IMAGE, headers: { 'content-type': 'image/jpeg' } }
    : { status: 404, body: { message: '404: Not Found', code: 0 } },
);
beforeAll(() => cdn.start());
afterAll(() => cdn.stop());

const config: DiscordConfig = {
  applicationId: '1200000000000000000',
  publicKey: 'a'.repeat(64),
  botToken: 'bot-token-never-sent',
};
const ctx = (): SendContext => ({
  apiBaseUrl: 'https://discord.com/api/v10',
  timeoutMs: 5000,
  http: createHttpClient({ allowPrivateUrls: true }),
});

describe('Discord attachment download', () => {
  it('keeps the attachment url at parse time and fetches it with a plain GET, no bot token', async () => {
    const sample = DISCORD_SAMPLES['guild_slash_attachment.json'];
    const [event] = discordAdapter.parse(sample, config) as InboundMessage[];
    if (!event || !('media' in event.content)) throw new Error('expected an attachment');
    const url = new URL(event.content.media.url!);
    expect(url.host).toBe('cdn.discordapp.com');
    const file = await discordAdapter.downloadMedia!(
      { ...event.content.media, url: `${cdn.baseUrl}${url.pathname}` },
      config,
      ctx(),
    );
    expect(await buffer(file.body)).toEqual(IMAGE);
    expect(cdn.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('maps an expired link to OMNIFY_ERR_PLATFORM_REJECTED and a reference without url to OMNIFY_ERR_MEDIA_UNAVAILABLE', async () => {
    const e = await rejectionOf(
      discordAdapter.downloadMedia!(
        { id: '1', url: `${cdn.baseUrl}/attachments/1/2/old.png` },
        config,
        ctx(),
      ),
    );
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformMessage: '404: Not Found', httpStatus: 404 },
    });
    const none = await rejectionOf(discordAdapter.downloadMedia!({ id: '1' }, config, ctx()));
    expect(none.code).toBe('OMNIFY_ERR_MEDIA_UNAVAILABLE');
  });
});
