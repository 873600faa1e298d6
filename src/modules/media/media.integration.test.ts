import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFile } from '../../integrations/sandbox/media.emulator.ts';
import { signWhatsApp, WHATSAPP_SIGNATURE_HEADER } from '../../integrations/whatsapp/whatsapp.signature.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { call } from '../workspaces/test-call.ts';

/*
 * GET /api/v1/conversations/:id/messages/:messageId/media on the real server, over a WhatsApp
 * channel whose Graph API is a local server speaking the media protocol (Cloud API "Retrieve media
 * URL", then the file with the bearer token). MEDIA_MAX_BYTES is 64 KiB here; the store is a
 * temporary MEDIA_DIR.
 */

const PNG = sampleFile('photo.png').file!.bytes;
const PDF = sampleFile('terms.pdf').file!.bytes;
const BIG = Buffer.concat([PDF.subarray(0, 8), Buffer.alloc(100 * 1024, 0x20)]);
const HTML = Buffer.from('<!DOCTYPE html><html><body>Sign in</body></html>');
const APP_SECRET = 'media-app-secret-0123';
const TOKEN = 'EAAmedia-access-token-0123';
const MAX = 64 * 1024;

/** What the fake Graph API serves per media id: bytes, the type it declares, how long the file takes. */
const FILES: Record<string, { bytes: Buffer; type: string; delayMs?: number }> = {
  'img-ok': { bytes: PNG, type: 'image/png' },
  'img-race': { bytes: PNG, type: 'image/png', delayMs: 300 },
  'doc-big': { bytes: BIG, type: 'application/pdf' },
  'img-fake': { bytes: HTML, type: 'image/png' },
};

describe.each(testBackends())('message media on %s', (backend) => {
  let omnify: TestOmnify;
  let graph: RecordingServer;
  let mediaDir: string;
  let channelId: string;
  let conversationId: string;
  const ids: Record<string, string> = {};
  const mediaPath = (messageId: string, conv = conversationId) =>
    `/api/v1/conversations/${conv}/messages/${messageId}/media`;
  /**
   * GETs `path` on a connection closed after the answer (`reset`), read whole into a `Response`. A
   * streamed answer's last byte reaches the client before the server counts the response finished;
   * a keep-alive connection caught in that moment by the server's close stays open for Fastify's
   * keepAliveTimeout (72 s), longer than the test's hook timeout.
   */
  const get = async (path: string, headers: Record<string, string> = {}, key = TEST_API_KEY) => {
    const res = await request(`${omnify.url}${path}`, {
      headers: { authorization: `Bearer ${key}`, ...headers },
      reset: true,
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const h = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') h.set(k, v);
    return new Response(res.statusCode === 304 ? null : bytes, { status: res.statusCode, headers: h });
  };
  const fileRequests = () => graph.requests.filter((r) => r.url.startsWith('/cdn/')).length;
  const rows = async () =>
    (await omnify.db.query<{ message_id: string }>('SELECT message_id FROM media_files')).rows.map(
      (r) => r.message_id,
    );
  const objects = () =>
    existsSync(join(mediaDir, 'objects')) ? readdirSync(join(mediaDir, 'objects'), { recursive: true }) : [];

  beforeAll(async () => {
    graph = await new RecordingServer((req) => {
      const meta = /^\/([\w-]+)\?phone_number_id=/.exec(req.url)?.[1];
      if (meta && FILES[meta]) {
        return {
          status: 200,
          body: {
            messaging_product: 'whatsapp',
            url: `${graph.baseUrl}/cdn/${meta}`,
            mime_type: FILES[meta].type,
            file_size: String(FILES[meta].bytes.length),
            id: meta,
          },
        };
      }
      const file = FILES[req.url.replace('/cdn/', '')];
      if (file && req.headers.authorization === `Bearer ${TOKEN}`) {
        return {
          status: 200,
          body: file.bytes,
          headers: { 'content-type': file.type },
          delayMs: file.delayMs,
        };
      }
      return { status: 400, body: { error: { message: 'Unsupported get request', code: 100 } } };
    }).start();
    mediaDir = mkdtempSync(join(tmpdir(), 'omnify-media-route-'));
    omnify = await startTestOmnify(backend, { mediaDir, mediaMaxBytes: MAX });
    const ch = await omnify.api('POST', '/api/v1/channels', {
      platform: 'whatsapp',
      config: {
        phoneNumberId: '1550001',
        accessToken: TOKEN,
        appSecret: APP_SECRET,
        verifyToken: 'v',
        apiBaseUrl: graph.baseUrl,
      },
    });
    expect(ch.status).toBe(201);
    channelId = ch.json.id;
    const message = (id: string, type: string, extra: Record<string, unknown>) => ({
      from: '15550100',
      id: `wamid.${id}`,
      timestamp: '1767261600',
      type,
      ...extra,
    });
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '1550001', phone_number_id: '1550001' },
                contacts: [{ profile: { name: 'Mia' }, wa_id: '15550100' }],
                messages: [
                  message('img-ok', 'image', { image: { id: 'img-ok', mime_type: 'image/png' } }),
                  message('img-race', 'image', { image: { id: 'img-race', mime_type: 'image/png' } }),
                  message('doc-big', 'document', {
                    document: {
                      id: 'doc-big',
                      mime_type: 'application/pdf',
                      filename: '../../etc/big "terms".pdf',
                    },
                  }),
                  message('img-fake', 'image', { image: { id: 'img-fake', mime_type: 'image/png' } }),
                  message('img-gone', 'image', { image: { id: 'img-gone', mime_type: 'image/png' } }),
                  message('text', 'text', { text: { body: 'and a text' } }),
                ],
              },
            },
          ],
        },
      ],
    });
    const hook = await omnify.post(`/webhooks/${channelId}`, body, {
      [WHATSAPP_SIGNATURE_HEADER]: signWhatsApp(body, APP_SECRET),
    });
    expect(hook.status).toBe(200);
    const list = await omnify.api('GET', `/api/v1/conversations?channelId=${channelId}`);
    conversationId = list.json.data[0].id;
    const page = await omnify.api('GET', `/api/v1/conversations/${conversationId}/messages?limit=50`);
    for (const m of page.json.data) ids[m.platformMessageId.replace('wamid.', '')] = m.id;
    expect(Object.keys(ids).sort()).toEqual([
      'doc-big',
      'img-fake',
      'img-gone',
      'img-ok',
      'img-race',
      'text',
    ]);
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await graph?.stop();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('downloads on the first request, keeps the file content-addressed, and serves it with safe headers', async () => {
    const res = await get(mediaPath(ids['img-ok']!));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG.length),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=31536000, immutable',
    });
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename=image-[0-9a-f]{8}\.png$/);
    const [meta, file] = graph.requests.slice(-2);
    expect(meta?.url).toBe('/img-ok?phone_number_id=1550001');
    expect(file?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(await rows()).toEqual([ids['img-ok']]);
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha256').update(PNG).digest('hex');
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    expect(existsSync(join(mediaDir, 'objects', sha.slice(0, 2), sha))).toBe(true);
  });

  it('serves the second request from the store without calling the platform, and 304 for a current copy', async () => {
    const before = graph.requests.length;
    const res = await get(mediaPath(ids['img-ok']!));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    const etag = res.headers.get('etag')!;
    const again = await get(mediaPath(ids['img-ok']!), { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    expect(graph.requests.length).toBe(before);
  });

  it('downloads once for concurrent first requests', async () => {
    const before = fileRequests();
    const answers = await Promise.all([1, 2, 3].map(() => get(mediaPath(ids['img-race']!))));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    for (const r of answers) expect(Buffer.from(await r.arrayBuffer())).toEqual(PNG);
    expect(fileRequests() - before).toBe(1);
  });

  it('refuses a file over MEDIA_MAX_BYTES with 422 and keeps nothing', async () => {
    const before = { rows: await rows(), objects: objects() };
    const res = await get(mediaPath(ids['doc-big']!));
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({
      code: 'OMNIFY_ERR_MEDIA_TOO_LARGE',
      details: { maxBytes: MAX },
    });
    expect(await rows()).toEqual(before.rows);
    expect(objects()).toEqual(before.objects);
    expect(readdirSync(join(mediaDir, 'tmp'))).toEqual([]);
  });

  it('refuses bytes that are not the declared image type with 422 and keeps nothing', async () => {
    const before = await rows();
    const res = await get(mediaPath(ids['img-fake']!));
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({
      code: 'OMNIFY_ERR_MEDIA_TYPE_REFUSED',
      details: { kind: 'image', declaredType: 'image/png', sniffedType: 'unknown' },
    });
    expect(await rows()).toEqual(before);
    expect(readdirSync(join(mediaDir, 'tmp'))).toEqual([]);
  });

  it('answers the platform’s refusal as 502 OMNIFY_ERR_PLATFORM_REJECTED, never with the token', async () => {
    const res = await get(mediaPath(ids['img-gone']!));
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text).error).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: '100' },
    });
    expect(text).not.toContain(TOKEN);
  });

  it('answers 404 for a text message, an unknown or malformed id, and another workspace’s caller', async () => {
    const text = await get(mediaPath(ids.text!));
    expect([text.status, (await text.json()).error.code]).toEqual([404, 'OMNIFY_ERR_NOT_FOUND']);
    for (const path of [
      mediaPath('00000000-0000-4000-8000-000000000000'),
      mediaPath('not-a-uuid'),
      mediaPath(ids['img-ok']!, '00000000-0000-4000-8000-000000000001'),
    ]) {
      const res = await get(path);
      expect([res.status, (await res.json()).error.code]).toEqual([404, 'OMNIFY_ERR_NOT_FOUND']);
    }
    const ws = await omnify.api('POST', '/api/v1/workspaces', { name: 'Other' });
    expect(ws.status).toBe(201);
    const other = await call(omnify.url, ws.json.apiKey.key, 'GET', mediaPath(ids['img-ok']!));
    expect([other.status, other.json.error.code]).toEqual([404, 'OMNIFY_ERR_NOT_FOUND']);
  });

  it('serves a viewer key (the message list’s role)', async () => {
    const key = await omnify.api('POST', '/api/v1/api-keys', { name: 'viewer', role: 'viewer' });
    const res = await get(mediaPath(ids['img-ok']!), {}, key.json.key);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
  });
});
