import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sseParser } from '../../../widget/src/sse.ts';
import { installErrorHandlers } from '../../kernel/http-server/errors.ts';
import { widgetRoutes } from './widget.routes.ts';

describe('GET /webchat/widget.js', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omnify-widget-'));
  const file = join(dir, 'widget.js');
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    installErrorHandlers(app);
    await app.register(widgetRoutes, { file });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 404 with how to build it while it is not built', async () => {
    const res = await app.inject({ url: '/webchat/widget.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ code: 'OMNIFY_ERR_NOT_FOUND' });
    expect(res.json().error.message).toContain('npm run build');
  });

  it('serves the script cacheable, gzipped when accepted, 304 when unchanged, and a new build at once', async () => {
    const v1 = `(()=>{window.x=${'1;'.repeat(500)}})();`;
    writeFileSync(file, v1);
    const plain = await app.inject({ url: '/webchat/widget.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe(v1);
    expect(plain.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
      vary: 'Accept-Encoding',
    });
    const zipped = await app.inject({
      url: '/webchat/widget.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(v1.length / 4);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(v1);
    const etag = String(plain.headers.etag);
    const again = await app.inject({ url: '/webchat/widget.js', headers: { 'if-none-match': etag } });
    expect([again.statusCode, again.body]).toEqual([304, '']);
    writeFileSync(file, '(()=>{window.x=2})();');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const rebuilt = await app.inject({ url: '/webchat/widget.js', headers: { 'if-none-match': etag } });
    expect([rebuilt.statusCode, rebuilt.body]).toEqual([200, '(()=>{window.x=2})();']);
    expect(rebuilt.headers.etag).not.toBe(etag);
  });
});

describe('the widget’s Server-Sent Events parser (widget/src/sse.ts)', () => {
  it('dispatches events split across chunks and line ends of every kind, keeping the last id', () => {
    const got: unknown[] = [];
    const feed = sseParser((e) => got.push(e));
    for (const chunk of [
      'retry: 2000\n\nid: 7\nevent: ready\ndata: {}\n',
      '\n: keep-alive\n\nid: 8\nevent: mess',
      'age\ndata: {"a":\ndata: 1}\r',
      '\n\r\nevent: typing\rdata: {}\r\r',
      'data:no space\n\n',
    ])
      feed(chunk);
    expect(got).toEqual([
      { id: '7', event: 'ready', data: '{}' },
      { id: '8', event: 'message', data: '{"a":\n1}' },
      { id: '8', event: 'typing', data: '{}' },
      { id: '8', event: 'message', data: 'no space' },
    ]);
  });

  it('dispatches nothing for an event without data or one cut off before its blank line', () => {
    const got: unknown[] = [];
    const feed = sseParser((e) => got.push(e));
    feed('event: position\nid: 9\n\nevent: message\ndata: half');
    expect(got).toEqual([]);
  });
});
