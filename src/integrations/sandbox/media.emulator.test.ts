import { buffer } from 'node:stream/consumers';
import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import { adapterFor } from '../channel-registry.ts';
import type { MediaRef } from '../contract/message.ts';
import { SANDBOX_BASE_URL, type SandboxRecord, sandboxHttpClient } from './sandbox.transport.ts';

/** Each platform's download on a sandbox channel: the emulators answer with small generated files. */
const CASES: Array<{ platform: string; config: Record<string, unknown>; media: MediaRef; type: string }> = [
  {
    platform: 'whatsapp',
    config: {
      phoneNumberId: '1',
      accessToken: 'wa-token-secret',
      appSecret: 'wa-app-secret',
      verifyToken: 'wa-verify-secret',
    },
    media: { id: 'sandbox-image-1' },
    type: 'image/png',
  },
  {
    platform: 'telegram',
    config: { botToken: '1:tg-token-secret', secretToken: 'tg-webhook-secret' },
    media: { id: 'sandbox-voice-1' },
    type: 'audio/ogg; codecs=opus',
  },
  {
    platform: 'slack',
    config: { botToken: 'xoxb-sandbox-secret', signingSecret: 'slack-signing-secret' },
    media: { id: 'F1', url: 'https://files.slack.com/files-pri/T1-F1/download/report.pdf' },
    type: 'application/pdf',
  },
  {
    platform: 'messenger',
    config: {
      pageId: '1',
      pageAccessToken: 'fb-page-secret',
      appSecret: 'fb-app-secret',
      verifyToken: 'fb-verify-secret',
    },
    media: { id: 'https://scontent.xx.fbcdn.net/v/t1/photo.png?oh=1' },
    type: 'image/png',
  },
  {
    platform: 'twilio',
    config: { accountSid: `AC${'a'.repeat(32)}`, authToken: 'tw-token-secret', from: '+15005550006' },
    media: { id: `https://api.twilio.com/2010-04-01/Accounts/AC${'a'.repeat(32)}/Messages/MM1/Media/ME1` },
    type: 'image/png',
  },
  {
    platform: 'discord',
    config: { applicationId: '1', publicKey: 'a'.repeat(64), botToken: 'discord-bot-secret' },
    media: { id: '1', url: 'https://cdn.discordapp.com/attachments/1/2/clip.mp4' },
    type: 'video/mp4',
  },
];

describe('sandbox media downloads', () => {
  it.each(CASES)(
    '$platform: the download answers a generated $type file, recorded without its bytes',
    async (c) => {
      const adapter = adapterFor(c.platform);
      const records: SandboxRecord[] = [];
      const secrets = adapter.secretFields.map((f) => c.config[f]);
      const http = sandboxHttpClient(adapter.platform, async (r) => void records.push(r), secrets);
      const file = await adapter.downloadMedia!(c.media, c.config, {
        apiBaseUrl: SANDBOX_BASE_URL,
        timeoutMs: 2000,
        http,
      });
      const bytes = await buffer(file.body);
      expect((await fileTypeFromBuffer(bytes))?.mime).toBe(c.type);
      expect(file.size).toBe(bytes.length);
      const last = records.at(-1)!;
      expect(last.response).toEqual({
        status: 200,
        body: { file: c.type.split(';')[0], bytes: bytes.length },
      });
      for (const s of secrets.filter((v) => typeof v === 'string' && v.includes('secret'))) {
        expect(JSON.stringify(records)).not.toContain(String(s));
      }
    },
  );

  it('answers WhatsApp’s media URL call with the file’s real SHA-256 and size', async () => {
    const adapter = adapterFor('whatsapp');
    const http = sandboxHttpClient('whatsapp', async () => undefined);
    const file = await adapter.downloadMedia!(
      { id: 'doc-document-7' },
      { phoneNumberId: '1', accessToken: 't', appSecret: 's', verifyToken: 'v' },
      { apiBaseUrl: SANDBOX_BASE_URL, timeoutMs: 2000, http },
    );
    const bytes = await buffer(file.body);
    const { createHash } = await import('node:crypto');
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(file.contentType).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
