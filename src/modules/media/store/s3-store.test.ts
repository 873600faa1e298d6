import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../testing/errors.ts';
import { S3TestServer } from '../../../testing/s3-server.ts';
import { createS3MediaStore, s3Key, s3ObjectUrl } from './s3-store.ts';

/*
 * The S3 store against S3TestServer (src/testing/s3-server.ts): a local server that checks each
 * request's SigV4 signature, payload hash and time as S3 does, on path-style URLs. Virtual-hosted
 * URLs are checked as URLs only (no DNS for <bucket>.127.0.0.1 here). The clock is pinned.
 */

const AT = new Date('2026-03-14T09:26:53Z');
const creds = {
  accessKeyId: 'AKIAOMNIFYTEST',
  secretAccessKey: 'test-secret/key+0123456789',
  region: 'eu-central-1',
};
const server = new S3TestServer({ ...creds, bucket: 'omnify-media', now: () => AT });
const staging = mkdtempSync(join(tmpdir(), 'omnify-media-s3-'));

beforeAll(() => server.start());
afterAll(async () => {
  await server.stop();
  await rm(staging, { recursive: true, force: true });
});

const storeFor = (o: Partial<typeof creds> = {}) =>
  createS3MediaStore({
    endpoint: server.baseUrl,
    bucket: 'omnify-media',
    forcePathStyle: true,
    stagingDir: staging,
    timeoutMs: 5000,
    now: () => AT,
    ...creds,
    ...o,
  });

async function stage(bytes: Buffer) {
  const dir = join(staging, 'tmp');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${Math.random()}.part`);
  writeFileSync(path, bytes);
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

describe('the S3 media store', () => {
  it('uploads a staged file as media/<sha256> with a signed payload hash, then serves it back', async () => {
    const store = storeFor();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    const file = await stage(bytes);
    await store.put(file);
    expect(existsSync(file.path)).toBe(false);
    expect(server.objects.get(s3Key(file.sha256))).toEqual(bytes);
    const put = server.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/omnify-media/media/${file.sha256}`);
    expect(put.headers['x-amz-content-sha256']).toBe(file.sha256);
    expect(put.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAOMNIFYTEST\/20260314\/eu-central-1\/s3\/aws4_request/,
    );
    expect(put.error).toBeUndefined();
    const got = await store.get(file.sha256);
    expect(got?.size).toBe(bytes.length);
    expect(await buffer(got!.body)).toEqual(bytes);
  });

  it('does not upload an object the bucket already has (HeadObject 200)', async () => {
    const store = storeFor();
    const file = await stage(Buffer.from('same bytes'));
    await store.put(file);
    const before = server.requests.filter((r) => r.method === 'PUT').length;
    await store.put(await stage(Buffer.from('same bytes')));
    expect(server.requests.filter((r) => r.method === 'PUT').length).toBe(before);
    expect(server.requests.at(-1)?.method).toBe('HEAD');
  });

  it('answers undefined for an absent object and a malformed key', async () => {
    const store = storeFor();
    expect(await store.get('a'.repeat(64))).toBeUndefined();
    expect(server.requests.at(-1)?.error).toBe('NoSuchKey');
    expect(await store.get('../x')).toBeUndefined();
  });

  it('turns a refused signature, a server error and an unreachable endpoint into OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE, keeping no staged file', async () => {
    const wrong = storeFor({ secretAccessKey: 'not-the-secret' });
    const file = await stage(Buffer.from('signed wrongly'));
    const e = await rejectionOf(wrong.put(file));
    expect(e).toMatchObject({ code: 'OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE', status: 503 });
    expect(e.message).toContain('HTTP 403');
    expect(e.message).not.toContain('not-the-secret');
    expect(server.requests.at(-1)?.error).toBe('SignatureDoesNotMatch');
    expect(existsSync(file.path)).toBe(false);
    expect(server.objects.has(s3Key(file.sha256))).toBe(false);

    server.failures.push(503);
    const failing = await rejectionOf(storeFor().get('b'.repeat(64)));
    expect(failing.message).toContain('HTTP 503 (InternalError)');

    const gone = createS3MediaStore({
      ...creds,
      endpoint: 'http://127.0.0.1:9',
      bucket: 'b',
      forcePathStyle: true,
      stagingDir: staging,
      timeoutMs: 2000,
    });
    expect(await rejectionOf(gone.get('c'.repeat(64)))).toMatchObject({
      code: 'OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE',
    });
  });

  it('refuses a request signed at another time (the server checks the 15-minute window)', async () => {
    const late = createS3MediaStore({
      ...creds,
      endpoint: server.baseUrl,
      bucket: 'omnify-media',
      forcePathStyle: true,
      stagingDir: staging,
      timeoutMs: 5000,
      now: () => new Date(AT.getTime() + 20 * 60_000),
    });
    await expect(late.get('d'.repeat(64))).rejects.toMatchObject({
      code: 'OMNIFY_ERR_MEDIA_STORE_UNAVAILABLE',
    });
    expect(server.requests.at(-1)?.error).toBe('RequestTimeTooSkewed');
  });

  it('addresses objects path-style or virtual-hosted, keeping an endpoint path', () => {
    const key = s3Key('e'.repeat(64));
    expect(
      s3ObjectUrl(
        { endpoint: 'https://s3.eu-central-1.amazonaws.com', bucket: 'b1', forcePathStyle: false },
        key,
      ),
    ).toBe(`https://b1.s3.eu-central-1.amazonaws.com/${key}`);
    expect(s3ObjectUrl({ endpoint: 'http://minio:9000/', bucket: 'b1', forcePathStyle: true }, key)).toBe(
      `http://minio:9000/b1/${key}`,
    );
    expect(s3ObjectUrl({ endpoint: 'https://gw.example/s3', bucket: 'b1', forcePathStyle: true }, key)).toBe(
      `https://gw.example/s3/b1/${key}`,
    );
  });
});
