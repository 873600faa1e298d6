import type { OmnifyModule } from '../../kernel/module.ts';
import { mediaRoutes } from './media.routes.ts';
import { migration as m001 } from './migrations/001-media-files.ts';

/**
 * Media: the files of inbound messages, kept as references until someone opens one; then
 * downloaded from the platform through the channel's adapter (`downloadMedia`), checked (size limit,
 * content type) and kept in the media store, the `DATA_DIR/media` folder or an S3-compatible bucket
 * (docs/media.md). Owns `media_files`; reads messages through the inbox's service and channels
 * through the channels module's.
 */
export const mediaModule: OmnifyModule = {
  name: 'media',
  migrations: [m001],
  async api(app, opts) {
    await app.register(mediaRoutes, opts);
  },
};
