import type { OmnifyModule } from '../../kernel/module.ts';
import { channelsRoutes } from './channels.routes.ts';
import { migration as m001 } from './migrations/001-channels.ts';
import { migration as m002 } from './migrations/002-demo.ts';
import { migration as m003 } from './migrations/003-default-country.ts';
import { sandboxApiRoutes } from './sandbox.routes.ts';

/** Channels: connected accounts on messaging platforms, and what sandbox channels "sent". */
export const channelsModule: OmnifyModule = {
  name: 'channels',
  migrations: [m001, m002, m003],
  async api(app, opts) {
    await app.register(channelsRoutes, opts);
    await app.register(sandboxApiRoutes, opts);
  },
};
