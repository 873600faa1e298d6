import { createMailer, smtpTarget } from '../../kernel/mail/mailer.ts';
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
    // Password-reset and invitation e-mails (SMTP_URL); one per app, opening no connection yet.
    const mailer = createMailer(opts.ctx.config);
    app.addHook('onClose', async () => mailer.close());
    await app.register(authRoutes, { ...opts, mailer });
    await app.register(usersRoutes, { ...opts, mailer });
  },
  async start(ctx) {
    const smtp = smtpTarget(ctx.config);
    if (smtp) {
      ctx.log.info({ smtp }, 'password-reset and invitation links are e-mailed');
      if (!ctx.config.publicUrl)
        ctx.log.warn(
          { publicUrl: ctx.publicUrl() },
          'SMTP_URL is set without PUBLIC_URL: e-mailed links point at the listening address',
        );
    }
    // The first sign-in with an unknown e-mail must not be slower than the others.
    await dummyHash();
    return undefined;
  },
};
