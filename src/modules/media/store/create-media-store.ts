import type { Config } from '../../../kernel/config/config.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { createFsMediaStore, mediaRoot } from './fs-store.ts';
import type { MediaStore } from './media-store.ts';
import { createS3MediaStore } from './s3-store.ts';

/** The store `config` names: `MEDIA_STORE=s3` with the `S3_*` settings, else the folder (`MEDIA_DIR`, default `DATA_DIR/media`). */
export function createMediaStore(config: Config): MediaStore {
  if (config.mediaStore !== 's3') return createFsMediaStore(mediaRoot(config));
  const { s3Bucket, s3AccessKeyId, s3SecretAccessKey } = config;
  if (!s3Bucket || !s3AccessKeyId || !s3SecretAccessKey) {
    // loadConfig refuses this combination; a config built by hand may not have.
    throw new OmnifyError(
      'OMNIFY_ERR_CONFIG_INVALID',
      'MEDIA_STORE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY.',
    );
  }
  return createS3MediaStore({
    endpoint: config.s3Endpoint ?? `https://s3.${config.s3Region}.amazonaws.com`,
    bucket: s3Bucket,
    region: config.s3Region,
    accessKeyId: s3AccessKeyId,
    secretAccessKey: s3SecretAccessKey,
    forcePathStyle: config.s3ForcePathStyle,
    stagingDir: mediaRoot(config),
    timeoutMs: config.mediaTimeoutMs,
  });
}
