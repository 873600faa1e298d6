import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../testing/errors.ts';
import { stageDownload } from './media-staging.ts';

const dir = mkdtempSync(join(tmpdir(), 'omnify-media-staging-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000009077', 'hex');

/**
 * A body serving `chunks` one per read, counting the bytes handed out (the download's progress). Its
 * read-ahead buffer is pinned to one chunk: Node's default (16 KiB on Node 20, 64 KiB from Node 22)
 * would otherwise decide how much is fetched before the limit can stop it.
 */
function body(chunks: Buffer[]) {
  const state = { read: 0 };
  let i = 0;
  const stream = new Readable({
    highWaterMark: 1000,
    read() {
      const c = chunks[i++];
      if (c) state.read += c.length;
      this.push(c ?? null);
    },
  });
  return { stream, state };
}

describe('staging a download', () => {
  it('writes the bytes to a new file with their SHA-256, length and sniffed type', async () => {
    const { stream } = body([PNG_HEAD, Buffer.alloc(100, 7)]);
    const staged = await stageDownload({ body: stream }, { dir, maxBytes: 1024 });
    const all = Buffer.concat([PNG_HEAD, Buffer.alloc(100, 7)]);
    expect(staged.sha256).toBe(createHash('sha256').update(all).digest('hex'));
    expect(staged.size).toBe(all.length);
    expect([staged.sniffedType, staged.sniffedExt]).toEqual(['image/png', 'png']);
    expect(readFileSync(staged.path)).toEqual(all);
  });

  it('stops at the first byte past the limit while streaming and keeps no partial file', async () => {
    const before = readdirSync(dir);
    const chunks = Array.from({ length: 50 }, () => Buffer.alloc(1000, 1));
    const { stream, state } = body(chunks);
    const e = await rejectionOf(stageDownload({ body: stream }, { dir, maxBytes: 4500 }));
    expect(e).toMatchObject({ code: 'OMNIFY_ERR_MEDIA_TOO_LARGE', status: 422, details: { maxBytes: 4500 } });
    // The limit's chunk plus at most a few chunks of read-ahead in the pipes between.
    expect(state.read).toBeLessThanOrEqual(10_000);
    expect(stream.destroyed).toBe(true);
    expect(readdirSync(dir)).toEqual(before);
  });

  it('refuses a declared size past the limit before reading anything', async () => {
    const { stream, state } = body([Buffer.alloc(10)]);
    const e = await rejectionOf(stageDownload({ body: stream, size: 5000 }, { dir, maxBytes: 4096 }));
    expect(e).toMatchObject({ code: 'OMNIFY_ERR_MEDIA_TOO_LARGE', details: { size: 5000 } });
    expect(state.read).toBe(0);
    expect(stream.destroyed).toBe(true);
  });

  it('refuses bytes whose SHA-256 differs from the declared one, and a broken download, as transient', async () => {
    const before = readdirSync(dir);
    const mismatch = await rejectionOf(
      stageDownload(
        { body: Readable.from([Buffer.from('abc')]), sha256: '0'.repeat(64) },
        { dir, maxBytes: 1024 },
      ),
    );
    expect(mismatch).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_TRANSIENT',
      details: { platformCode: 'sha256_mismatch' },
    });
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(10));
        this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
      },
    });
    const e = await rejectionOf(stageDownload({ body: broken }, { dir, maxBytes: 1024 }));
    expect(e).toMatchObject({
      code: 'OMNIFY_ERR_PLATFORM_TRANSIENT',
      details: { platformCode: 'ECONNRESET' },
    });
    expect(readdirSync(dir)).toEqual(before);
  });
});
