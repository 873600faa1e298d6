import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../testing/errors.ts';
import { RecordingServer } from '../../testing/http-recorder.ts';
import { createHttpClient } from './client.ts';

describe('HttpClient.stream', () => {
  const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
  const server = new RecordingServer((req) =>
    req.url === '/file'
      ? {
          status: 200,
          body: bytes,
          headers: { 'content-type': 'image/png', 'content-length': String(bytes.length) },
        }
      : { status: 404, body: { error: 'no' } },
  );
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('answers once the head arrives and hands over the body as a byte stream, unchanged', async () => {
    const http = createHttpClient({ allowPrivateUrls: true });
    const res = await http.stream({ method: 'GET', url: `${server.baseUrl}/file`, timeoutMs: 5000 });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(await buffer(res.body)).toEqual(bytes);
    expect(server.requests.at(-1)?.headers.accept).toBe('*/*');
  });

  it('gives non-2xx answers as streams too, and refuses private addresses like request does', async () => {
    const open = createHttpClient({ allowPrivateUrls: true });
    const missing = await open.stream({ method: 'GET', url: `${server.baseUrl}/nothing`, timeoutMs: 5000 });
    expect(missing.status).toBe(404);
    expect(JSON.parse((await buffer(missing.body)).toString())).toEqual({ error: 'no' });
    const guarded = createHttpClient({ allowPrivateUrls: false });
    const e = await rejectionOf(
      guarded.stream({ method: 'GET', url: `${server.baseUrl}/file`, timeoutMs: 5000 }),
    );
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_REJECTED',
      details: { platformCode: 'private_address' },
    });
  });

  it('errors the body when the call runs past its timeout mid-body', async () => {
    server.enqueue({ status: 200, body: bytes, delayMs: 0 });
    const http = createHttpClient({ allowPrivateUrls: true });
    const res = await http.stream({ method: 'GET', url: `${server.baseUrl}/file`, timeoutMs: 150 });
    await new Promise((r) => setTimeout(r, 300));
    await expect(buffer(res.body)).rejects.toThrow();
  });
});
