import type { OmnifyModule } from '../../kernel/module.ts';
import { MeSchema } from './api-schemas.ts';
import { authRoutes } from './auth.routes.ts';
import { dummyHash } from './credentials.ts';
import { migration as m001 } from './migrations/001-users.ts';
import { usersRoutes } from './users.routes.ts';

/**
 * Users: people who sign in with e-mail and password, their memberships of workspaces with a role,
 * browser sessions, invitations and password resets (docs/access.md). The auth hook
 * (src/modules/workspaces/auth.ts) gets this module's session authenticator from the composition
 * root (`sessionAuthenticator` in ./session-auth.ts), so workspaces never imports users.
 */
export const usersModule: OmnifyModule = {
  name: 'users',
  migrations: [m001],
  api: async (app, opts) => {
    // `Me` is a named component schema (`components.schemas.Me` in the OpenAPI document).
    app.addSchema(MeSchema);
    await app.register(authRoutes, opts);
    await app.register(usersRoutes, opts);
  },
  async start() {
    // The first sign-in with an unknown e-mail must not be slower than the others.
    await dummyHash();
    return undefined;
  },
};
