import type { OmnifyModule } from '../../kernel/module.ts';
import { migration as m001 } from './migrations/001-workspaces.ts';
import { migration as m002 } from './migrations/002-viewer-role.ts';
import { workspacesRoutes } from './workspaces.routes.ts';

/** Workspaces (tenants) and their API keys with roles. Authentication itself is `auth.ts`. */
export const workspacesModule: OmnifyModule = {
  name: 'workspaces',
  migrations: [m001, m002],
  api: workspacesRoutes,
};
