import { Type } from '@sinclair/typebox';

/**
 * The media store's part of the one config schema (spread into `ConfigSchema`, config.ts): where
 * downloaded media files are kept, the size limit and the download timeout (docs/media.md,
 * docs/configuration.md). `S3_SECRET_ACCESS_KEY` is a secret: `S3_SECRET_ACCESS_KEY_FILE` works too.
 */
export const MediaConfigSchema = Type.Object({
  mediaStore: Type.Union([Type.Literal('fs'), Type.Literal('s3')], {
    default: 'fs',
    description:
      'MEDIA_STORE: where downloaded media files are kept: fs (MEDIA_DIR) or s3 (an S3-compatible bucket, S3_*).',
  }),
  mediaDir: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'MEDIA_DIR: the folder of the fs media store; default DATA_DIR/media.',
    }),
  ),
  mediaMaxBytes: Type.Integer({
    minimum: 1024,
    maximum: 2 ** 40,
    default: 25 * 1024 * 1024,
    description: 'MEDIA_MAX_BYTES: largest media file downloaded and kept, in bytes (default 25 MiB).',
  }),
  mediaTimeoutMs: Type.Integer({
    minimum: 100,
    default: 60_000,
    description: 'MEDIA_TIMEOUT_MS: time each call of a media download may take, the body included.',
  }),
  s3Endpoint: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s/]+(/[^\\s]*)?$',
      description:
        'S3_ENDPOINT: the S3-compatible service (https://s3.<region>.amazonaws.com by default; MinIO, R2 …).',
    }),
  ),
  s3Bucket: Type.Optional(
    Type.String({ minLength: 3, maxLength: 63, description: 'S3_BUCKET: the bucket media files go to.' }),
  ),
  s3Region: Type.String({
    minLength: 1,
    default: 'us-east-1',
    description: 'S3_REGION: the region signed into requests (SigV4).',
  }),
  s3AccessKeyId: Type.Optional(
    Type.String({ minLength: 1, description: 'S3_ACCESS_KEY_ID: the access key id.' }),
  ),
  s3SecretAccessKey: Type.Optional(
    Type.String({ minLength: 1, description: 'S3_SECRET_ACCESS_KEY: the secret access key (secret).' }),
  ),
  s3ForcePathStyle: Type.Boolean({
    default: false,
    description:
      'S3_FORCE_PATH_STYLE: address objects as <endpoint>/<bucket>/<key> instead of <bucket>.<endpoint host>/<key> (MinIO).',
  }),
});

/** The environment variable of each media config field. */
export const MEDIA_ENV_NAMES = {
  mediaStore: 'MEDIA_STORE',
  mediaDir: 'MEDIA_DIR',
  mediaMaxBytes: 'MEDIA_MAX_BYTES',
  mediaTimeoutMs: 'MEDIA_TIMEOUT_MS',
  s3Endpoint: 'S3_ENDPOINT',
  s3Bucket: 'S3_BUCKET',
  s3Region: 'S3_REGION',
  s3AccessKeyId: 'S3_ACCESS_KEY_ID',
  s3SecretAccessKey: 'S3_SECRET_ACCESS_KEY',
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
} as const;

/** What `MEDIA_STORE=s3` needs besides the schema: a bucket and both keys (one problem per missing variable). */
export function mediaConfigProblems(c: Record<string, unknown>): Array<{ path: string; message: string }> {
  if (c.mediaStore !== 's3') return [];
  const needed = ['s3Bucket', 's3AccessKeyId', 's3SecretAccessKey'] as const;
  return needed
    .filter((f) => typeof c[f] !== 'string' || c[f] === '')
    .map((f) => ({ path: MEDIA_ENV_NAMES[f], message: 'is required with MEDIA_STORE=s3' }));
}
