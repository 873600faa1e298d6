import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../testing/harness.ts';
import { WEB_DIST } from './web-app.ts';

/** How the server hands the built web app (web/dist/, built by the tests' global setup) to a browser. */
describe('the web app as the server serves it', () => {
  let omnify: TestOmnify;
  let entry: string;
  beforeAll(async () => {
    omnify = await startTestOmnify('pglite', { intelSchedule: 'off' });
    entry = /src="(\/assets\/index-[\w-]+\.js)"/.exec(
      readFileSync(join(WEB_DIST, 'index.html'), 'utf8'),
    )![1]!;
  });
  afterAll(async () => omnify?.close());

  it('answers page requests with index.html, which preloads the inbox and starts its first requests', async () => {
    const res = await fetch(`${omnify.url}/inbox/some-conversation`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('window.__omnifyEarly');
    expect(html).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/InboxPage-[\w-]+\.js">/);
    const api = await fetch(`${omnify.url}/api/v1/nothing-here`, {
      headers: { accept: 'text/html', authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('sends the Brotli or gzip copy of an asset to a browser that accepts it, the file itself otherwise', async () => {
    const raw = readFileSync(join(WEB_DIST, entry));
    // The bytes as sent (fetch would decode them).
    const get = (encoding: string) =>
      new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
        (resolve, reject) => {
          httpGet(`${omnify.url}${entry}`, { headers: { 'accept-encoding': encoding } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }).on('error', reject);
        },
      );
    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.body.length).toBeLessThan(raw.length / 2);
    expect(brotliDecompressSync(br.body).equals(raw)).toBe(true);
    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(raw)).toBe(true);
    const plain = await get('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(raw)).toBe(true);
  });
});
