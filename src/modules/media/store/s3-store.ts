import { createReadStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AwsV4Signer } from 'aws4fetch';
import { Agent, type Dispatcher, request } from 'undici';
import type { MediaStore, StagedFile, StoredObject } from './media-store.ts';
import { storeUnavailable } from './media-store.ts';

/** How to reach the bucket. `secretAccessKey` never leaves the signer (not logged, not in errors). */
export interface S3StoreOptions {
  /** The service's base URL (`https://s3.eu-west-1.amazonaws.com`, `http://127.0.0.1:9000`), path kept. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Address objects as `<endpoint>/<bucket>/<key>` (MinIO and most self-hosted services) instead of `<bucket>.<host>/<key>`. */
  forcePathStyle: boolean;
  /** Local folder downloads are staged in before upload (`<stagingDir>/tmp`). */
  stagingDir: string;
  /** Longest a request may wait for an answer, and a body for its next bytes, in ms. */
  timeoutMs: number;
  /** The signing time (tests); default now. */
  now?: () => Date;
}

/** The object key of `sha256` in the bucket. */
export const s3Key = (sha256: string) => `media/${sha256}`;

/**
 * The URL of object `key`: path-style `<endpoint>/<bucket>/<key>`, else virtual-hosted
 * `<scheme>://<bucket>.<endpoint host>/<key>` (the endpoint's path, if any, kept before the key).
 */
export function s3ObjectUrl(
  o: Pick<S3StoreOptions, 'endpoint' | 'bucket' | 'forcePathStyle'>,
  key: string,
): string {
  const base = new URL(o.endpoint);
  const path = base.pathname.replace(/\/+$/, '');
  if (o.forcePathStyle) return `${base.origin}${path}/${encodeURIComponent(o.bucket)}/${key}`;
  return `${base.protocol}//${o.bucket}.${base.host}${path}/${key}`;
}

/** The `<Code>` of an S3 XML error body, for error messages (never the request's signature). */
const errorCode = (xml: string) => /<Code>([^<]{1,100})<\/Code>/.exec(xml)?.[1];

/**
 * An S3-compatible bucket as the media store (Amazon S3 API: PutObject, GetObject, HeadObject),
 * requests signed with AWS Signature Version 4 by `aws4fetch`'s signer and sent with undici.
 * Uploads carry the SHA-256 of the file in `x-amz-content-sha256`, which S3 checks against the bytes
 * it receives (a corrupted upload is refused, never stored); an object already in the bucket
 * (HeadObject 200) is not uploaded again. The endpoint comes from the operator's configuration, so
 * private addresses (a MinIO next to Omnify) are allowed.
 */
export function createS3MediaStore(o: S3StoreOptions): MediaStore {
  const dispatcher: Dispatcher = new Agent({ headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs });
  const stagingDir = join(o.stagingDir, 'tmp');

  const urlOf = (key: string) => s3ObjectUrl(o, key);

  const call = async (
    method: 'GET' | 'HEAD' | 'PUT',
    key: string,
    extra: Record<string, string>,
    body?: StagedFile,
  ) => {
    const signer = new AwsV4Signer({
      method,
      url: urlOf(key),
      headers: extra,
      accessKeyId: o.accessKeyId,
      secretAccessKey: o.secretAccessKey,
      service: 's3',
      region: o.region,
      ...(o.now
        ? {
            datetime: o
              .now()
              .toISOString()
              .replace(/[:-]|\.\d{3}/g, ''),
          }
        : {}),
    });
    const signed = await signer.sign();
    const headers: Record<string, string> = Object.fromEntries(signed.headers);
    if (body) headers['content-length'] = String(body.size);
    try {
      return await request(signed.url, {
        method,
        headers,
        body: body ? createReadStream(body.path) : undefined,
        dispatcher,
      });
    } catch (e) {
      throw storeUnavailable(
        `${method} of an object did not complete (${(e as { code?: string }).code ?? 'network error'})`,
        e,
      );
    }
  };

  const failure = async (method: string, res: Dispatcher.ResponseData) => {
    const text = method === 'HEAD' ? '' : await res.body.text().catch(() => '');
    if (method === 'HEAD') await res.body.dump().catch(() => undefined);
    const code = errorCode(text);
    return storeUnavailable(`S3 answered ${method} with HTTP ${res.statusCode}${code ? ` (${code})` : ''}`);
  };

  return {
    kind: 's3',
    stagingDir,
    async put(file: StagedFile) {
      try {
        await mkdir(stagingDir, { recursive: true });
        const key = s3Key(file.sha256);
        const head = await call('HEAD', key, {});
        await head.body.dump();
        if (head.statusCode === 200) return;
        if (head.statusCode !== 404 && head.statusCode !== 403) throw await failure('HEAD', head);
        const res = await call(
          'PUT',
          key,
          { 'content-type': 'application/octet-stream', 'x-amz-content-sha256': file.sha256 },
          file,
        );
        if (res.statusCode < 200 || res.statusCode >= 300) throw await failure('PUT', res);
        await res.body.dump();
      } finally {
        await unlink(file.path).catch(() => undefined);
      }
    },
    async get(sha256: string): Promise<StoredObject | undefined> {
      if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
      const res = await call('GET', s3Key(sha256), {});
      if (res.statusCode === 404) {
        await res.body.dump();
        return undefined;
      }
      if (res.statusCode !== 200) throw await failure('GET', res);
      const size = Number(res.headers['content-length']);
      if (!Number.isSafeInteger(size)) {
        res.body.destroy();
        throw storeUnavailable('S3 answered GET without a Content-Length');
      }
      return { body: res.body, size };
    },
  };
}
