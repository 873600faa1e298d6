import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('media configuration', () => {
  it('keeps media in the folder store with a 25 MiB limit by default', () => {
    const c = loadConfig({});
    expect([c.mediaStore, c.mediaDir, c.mediaMaxBytes, c.mediaTimeoutMs]).toEqual([
      'fs',
      undefined,
      26_214_400,
      60_000,
    ]);
    expect([c.s3Region, c.s3ForcePathStyle]).toEqual(['us-east-1', false]);
  });

  it('takes an S3 store with its bucket and keys, the secret from S3_SECRET_ACCESS_KEY_FILE too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omnify-s3cfg-'));
    writeFileSync(join(dir, 'secret'), 's3-secret-from-file\n');
    const c = loadConfig({
      MEDIA_STORE: 's3',
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'omnify-media',
      S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      S3_SECRET_ACCESS_KEY_FILE: join(dir, 'secret'),
      S3_FORCE_PATH_STYLE: 'true',
      MEDIA_MAX_BYTES: '1048576',
    });
    expect(c).toMatchObject({
      mediaStore: 's3',
      s3Bucket: 'omnify-media',
      s3SecretAccessKey: 's3-secret-from-file',
      s3ForcePathStyle: true,
      mediaMaxBytes: 1_048_576,
    });
  });

  it('stops the start naming every missing S3 variable, and refuses a bad store or limit', () => {
    expect(() => loadConfig({ MEDIA_STORE: 's3', S3_BUCKET: 'b-1' })).toThrow(
      expect.objectContaining({
        code: 'OMNIFY_ERR_CONFIG_INVALID',
        details: {
          fields: [
            { path: 'S3_ACCESS_KEY_ID', message: 'is required with MEDIA_STORE=s3' },
            { path: 'S3_SECRET_ACCESS_KEY', message: 'is required with MEDIA_STORE=s3' },
          ],
        },
      }),
    );
    expect(() => loadConfig({ MEDIA_STORE: 'ftp' })).toThrow(/MEDIA_STORE/);
    expect(() => loadConfig({ MEDIA_MAX_BYTES: '10' })).toThrow(/MEDIA_MAX_BYTES/);
    expect(() => loadConfig({ S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
  });
});
