import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleFile } from '../../integrations/sandbox/media.emulator.ts';
import { testBackends } from '../../testing/backends.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../../testing/harness.ts';
import { createWebchatChannel, HOST_ORIGIN, openVisitorSession, visitorCall } from './webchat.test-client.ts';

/*
 * A visitor's files on a real server, on PGlite and PostgreSQL: uploaded through the widget's
 * `POST files` (streamed, size and type checked from the bytes), kept in the media store, stored
 * once as an inbound image or document message through the ingest pipeline, opened from the inbox
 * like an e-mail's attachment, and by the visitor from their own conversation only.
 * MEDIA_MAX_BYTES is 64 KiB here.
 */

const PNG = sampleFile('photo.png').file!.bytes;
const PDF = sampleFile('terms.pdf').file!.bytes;
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
const MAX = 64 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(testBackends())('web chat files on %s', (backend) => {
  let omnify: TestOmnify;
  let mediaDir: string;
  let channelId: string;

  /** `POST files` as the widget sends it: the bytes as the body, their type as Content-Type. */
  const upload = async (
    token: string,
    body: Buffer | Readable,
    o: { id: string; name?: string; type?: string; headers?: Record<string, string> },
  ) => {
    const q = new URLSearchParams({ id: o.id, ...(o.name ? { name: o.name } : {}) });
    const res = await request(`${omnify.url}/webchat/${channelId}/files?${q}`, {
      method: 'POST',
      headers: {
        origin: HOST_ORIGIN,
        authorization: `Bearer ${token}`,
        'content-type': o.type ?? 'application/octet-stream',
        ...o.headers,
      },
      body,
    });
    const text = await res.body.text();
    return {
      status: res.statusCode,
      headers: res.headers,
      json: (text ? JSON.parse(text) : undefined) as any,
    };
  };
  /** The stored inbound messages with files of this channel. */
  const fileMessages = async () =>
    (
      await omnify.db.query<{
        id: string;
        conversation_id: string;
        content_type: string;
        text: string;
        media: Record<string, unknown>;
      }>(
        `SELECT id, conversation_id, content_type, text, content->'media' AS media FROM messages
          WHERE channel_id = $1 AND content_type IN ('image', 'document') ORDER BY created_at, id`,
        [channelId],
      )
    ).rows;
  const objects = () => readdirSync(join(mediaDir, 'objects'), { recursive: true }).length;
  const staged = () => readdirSync(join(mediaDir, 'tmp'));
  const bytesOf = async (url: string, headers: Record<string, string>) => {
    const res = await request(url, { headers });
    return {
      status: res.statusCode,
      type: res.headers['content-type'],
      headers: res.headers,
      body: Buffer.from(await res.body.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'omnify-webchat-media-'));
    omnify = await startTestOmnify(backend, { mediaDir, mediaMaxBytes: MAX });
    channelId = await createWebchatChannel(omnify);
  }, 60_000);
  afterAll(async () => {
    await omnify?.close();
    await rm(mediaDir, { recursive: true, force: true });
  });

  it('keeps an attached image and document, shows them in the history and opens them from the inbox', async () => {
    const s = await openVisitorSession(omnify, channelId);
    expect(s.maxFileBytes).toBe(MAX);
    const png = await upload(s.token, PNG, {
      id: 'f_image_000001',
      name: 'C:\\fakepath\\damage.png',
      type: 'image/png',
    });
    expect([png.status, png.json]).toEqual([200, { id: 'f_image_000001', stored: true }]);
    expect(png.headers['access-control-allow-origin']).toBe(HOST_ORIGIN);
    // No declared type: the bytes say PDF.
    const pdf = await upload(s.token, PDF, { id: 'f_pdf_0000001', name: 'receipt.pdf' });
    expect(pdf.json.stored).toBe(true);
    const [image, doc] = await fileMessages();
    expect(image).toMatchObject({
      content_type: 'image',
      text: '[image: damage.png]',
      media: {
        id: 'f_image_000001',
        mimeType: 'image/png',
        fileName: 'damage.png',
        size: PNG.length,
        sha256: sha(PNG),
        kept: true,
      },
    });
    expect(doc).toMatchObject({
      content_type: 'document',
      text: '[file: receipt.pdf]',
      media: { mimeType: 'application/pdf', sha256: sha(PDF), kept: true },
    });
    // The inbox opens them like any file (GET …/media), byte for byte.
    const inbox = (m: typeof image) =>
      bytesOf(`${omnify.url}/api/v1/conversations/${m!.conversation_id}/messages/${m!.id}/media`, {
        authorization: `Bearer ${TEST_API_KEY}`,
      });
    const got = await inbox(image);
    expect([got.status, got.type, got.body.equals(PNG)]).toEqual([200, 'image/png', true]);
    const gotDoc = await inbox(doc);
    expect([gotDoc.status, gotDoc.type, gotDoc.body.equals(PDF)]).toEqual([200, 'application/pdf', true]);
    // The widget's history: files with name, type, size; the bracketed history text is not shown.
    const history = await visitorCall(omnify, channelId, 'messages', { token: s.token });
    expect(history.json.data.map((m: { text: string; file: unknown }) => [m.text, m.file])).toEqual([
      ['', { name: 'receipt.pdf', type: 'application/pdf', size: PDF.length, image: false }],
      ['', { name: 'damage.png', type: 'image/png', size: PNG.length, image: true }],
    ]);
    // The visitor opens their own file.
    const mine = await bytesOf(`${omnify.url}/webchat/${channelId}/messages/${image!.id}/file`, {
      origin: HOST_ORIGIN,
      authorization: `Bearer ${s.token}`,
    });
    expect([mine.status, mine.type, mine.body.equals(PNG)]).toEqual([200, 'image/png', true]);
    expect(mine.headers['access-control-allow-origin']).toBe(HOST_ORIGIN);
    expect(mine.headers['x-content-type-options']).toBe('nosniff');
    expect(staged()).toEqual([]);
  });

  it('stores a retried upload once', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const before = (await fileMessages()).length;
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        upload(s.token, PNG, { id: 'f_retry_000001', name: 'again.png', type: 'image/png' }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.json.stored)).toHaveLength(1);
    const late = await upload(s.token, PNG, { id: 'f_retry_000001', name: 'again.png', type: 'image/png' });
    expect(late.json).toEqual({ id: 'f_retry_000001', stored: false });
    expect((await fileMessages()).length).toBe(before + 1);
    expect(staged()).toEqual([]);
  });

  it('refuses a file past MEDIA_MAX_BYTES with 413, declared or streamed, and keeps nothing', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const [messages, kept] = [(await fileMessages()).length, objects()];
    const big = Buffer.concat([PDF, Buffer.alloc(MAX, 0x20)]);
    const declared = await upload(s.token, big, { id: 'f_big_0000001', type: 'application/pdf' });
    expect(declared.status).toBe(413);
    expect(declared.json.error).toMatchObject({
      code: 'OMNIFY_ERR_PAYLOAD_TOO_LARGE',
      details: { maxBytes: MAX, size: big.length, reason: 'media_too_large' },
    });
    expect(declared.json.error.message).toContain('0.1 MB (65536 bytes, MEDIA_MAX_BYTES)');
    // Chunked, without Content-Length: stopped at the first byte past the limit.
    const chunks = Array.from({ length: 40 }, () => Buffer.alloc(4096, 0x41));
    const streamed = await upload(s.token, Readable.from(chunks), {
      id: 'f_big_0000002',
      type: 'text/plain',
    });
    expect([streamed.status, streamed.json.error.code]).toEqual([413, 'OMNIFY_ERR_PAYLOAD_TOO_LARGE']);
    expect((await fileMessages()).length).toBe(messages);
    expect(objects()).toBe(kept);
    expect(staged()).toEqual([]);
  });

  it('refuses a type the web chat does not take, or bytes that are not what they claim, with 422', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const [messages, kept] = [(await fileMessages()).length, objects()];
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const [i, [body, type]] of (
      [
        [EXE, 'application/pdf'],
        [EXE, 'application/octet-stream'],
        [svg, 'image/svg+xml'],
        [Buffer.from('<html><body>hi</body></html>'), 'text/html'],
        [PDF, 'image/png'],
      ] as const
    ).entries()) {
      const res = await upload(s.token, body, { id: `f_type_00000${i}`, type });
      expect([res.status, res.json.error.code], type).toEqual([422, 'OMNIFY_ERR_MEDIA_TYPE_REFUSED']);
    }
    expect((await fileMessages()).length).toBe(messages);
    expect(objects()).toBe(kept);
    expect(staged()).toEqual([]);
  });

  it('refuses an empty body, a bad id and a missing session', async () => {
    const s = await openVisitorSession(omnify, channelId);
    const empty = await upload(s.token, Buffer.alloc(0), { id: 'f_empty_00001', type: 'image/png' });
    expect([empty.status, empty.json.error.code]).toEqual([400, 'OMNIFY_ERR_VALIDATION']);
    const badId = await upload(s.token, PNG, { id: 'x', type: 'image/png' });
    expect([badId.status, badId.json.error.code]).toEqual([400, 'OMNIFY_ERR_VALIDATION']);
    const noSession = await upload('A'.repeat(43), PNG, { id: 'f_nosess_0001', type: 'image/png' });
    expect([noSession.status, noSession.json.error.code]).toEqual([401, 'OMNIFY_ERR_UNAUTHORIZED']);
    const pre = await visitorCall(omnify, channelId, 'files', {
      method: 'OPTIONS',
      headers: {
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(pre.status).toBe(204);
  });

  it('lets no other visitor open a file, and no one open a message that has none', async () => {
    const owner = await openVisitorSession(omnify, channelId);
    await upload(owner.token, PNG, { id: 'f_private_001', name: 'passport.png', type: 'image/png' });
    const file = (await fileMessages()).find((m) => m.media.fileName === 'passport.png')!;
    const url = `${omnify.url}/webchat/${channelId}/messages/${file.id}/file`;
    const other = await openVisitorSession(omnify, channelId);
    const stolen = await bytesOf(url, { origin: HOST_ORIGIN, authorization: `Bearer ${other.token}` });
    expect(stolen.status).toBe(404);
    expect(stolen.body.includes(PNG)).toBe(false);
    expect((await bytesOf(url, { origin: HOST_ORIGIN })).status).toBe(401);
    expect(
      (await bytesOf(url, { origin: 'https://evil.example', authorization: `Bearer ${owner.token}` })).status,
    ).toBe(403);
    // A text message of the owner's conversation, and ids that are no message.
    await visitorCall(omnify, channelId, 'messages', {
      body: { id: 'm_text_000001', text: 'Here it is' },
      token: owner.token,
    });
    const text = await omnify.db.query<{ id: string }>(
      `SELECT id FROM messages WHERE conversation_id = $1 AND content_type = 'text'`,
      [file.conversation_id],
    );
    for (const id of [text.rows[0]!.id, 'not-a-uuid', '5f2b1c3d-0000-4000-8000-000000000000']) {
      const res = await bytesOf(`${omnify.url}/webchat/${channelId}/messages/${id}/file`, {
        origin: HOST_ORIGIN,
        authorization: `Bearer ${owner.token}`,
      });
      expect(res.status, id).toBe(404);
    }
  });
});
