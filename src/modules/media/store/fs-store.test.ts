import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../testing/errors.ts';
import { createFsMediaStore, objectPath } from './fs-store.ts';

const root = mkdtempSync(join(tmpdir(), 'omnify-media-fs-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function stage(dir: string, content: string) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${content.length}-${Math.random()}.part`);
  writeFileSync(path, content);
  return {
    path,
    sha256: createHash('sha256').update(content).digest('hex'),
    size: Buffer.byteLength(content),
  };
}

describe('the folder media store', () => {
  const store = createFsMediaStore(root);

  it('moves a staged file to objects/<ab>/<sha256> and serves it back with its size', async () => {
    const file = await stage(store.stagingDir, 'hello media');
    await store.put(file);
    const path = objectPath(root, file.sha256);
    expect(path).toBe(join(root, 'objects', file.sha256.slice(0, 2), file.sha256));
    expect(readFileSync(path, 'utf8')).toBe('hello media');
    expect(readdirSync(store.stagingDir)).toEqual([]);
    const got = await store.get(file.sha256);
    expect(got?.size).toBe(11);
    expect(await text(got!.body)).toBe('hello media');
  });

  it('keeps one object for the same bytes put twice, and answers undefined for an absent or malformed key', async () => {
    const a = await stage(store.stagingDir, 'twice');
    const b = await stage(store.stagingDir, 'twice');
    await store.put(a);
    await store.put(b);
    expect(readdirSync(join(root, 'objects', a.sha256.slice(0, 2)))).toEqual([a.sha256]);
    expect(readdirSync(store.stagingDir)).toEqual([]);
    expect(await store.get('0'.repeat(64))).toBeUndefined();
    expect(await store.get('../../etc/passwd')).toBeUndefined();
  });

  it('refuses a key that is no SHA-256 and removes staged files left over an hour by a stopped process', async () => {
    const bad = await stage(store.stagingDir, 'x');
    const e = await rejectionOf(store.put({ ...bad, sha256: '../escape' }));
    expect(e).toMatchObject({ code: 'OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE' });
    const otherRoot = mkdtempSync(join(tmpdir(), 'omnify-media-sweep-'));
    const other = createFsMediaStore(otherRoot);
    const old = await stage(other.stagingDir, 'left behind');
    const fresh = await stage(other.stagingDir, 'in progress');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(old.path, twoHoursAgo, twoHoursAgo);
    const kept = await stage(other.stagingDir, 'kept');
    await other.put(kept);
    const left = readdirSync(other.stagingDir);
    expect(left).toEqual([fresh.path.split('/').pop()]);
    expect(await readFile(objectPath(otherRoot, kept.sha256), 'utf8')).toBe('kept');
    await rm(otherRoot, { recursive: true, force: true });
  });

  it('answers OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE when the folder cannot be written', async () => {
    const blocked = join(root, 'blocked');
    writeFileSync(blocked, 'a file where the store wants a folder');
    const broken = createFsMediaStore(blocked);
    const e = await rejectionOf(broken.put(await stage(join(root, 'elsewhere'), 'data')));
    expect(e).toMatchObject({ code: 'OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE', status: 503 });
  });
});
