import type { OmnifyModule } from '../../kernel/module.ts';
import { migration as m001 } from './migrations/001-workspaces.ts';
import { migration as m002 } from './migrations/002-viewer-role.ts';
import { migration as m003 } from './migrations/003-time-zone.ts';
import { workspacesRoutes } from './workspaces.routes.ts';

/**
 * Workspaces (tenants) with their settings (name, time zone) and their API keys with roles.
 * Authentication itself is `auth.ts`.
 */
export const workspacesModule: OmnifyModule = {
  name: 'workspaces',
  migrations: [m001, m002, m003],
  api: workspacesRoutes,
};
