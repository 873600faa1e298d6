import type { OmnifyModule } from '../../kernel/module.ts';
import { workspacesRoutes } from './workspaces.routes.ts';

/** Workspaces (tenants) and their API keys with roles. Authentication itself is `auth.ts`. */
export const workspacesModule: OmnifyModule = { name: 'workspaces', api: workspacesRoutes };
