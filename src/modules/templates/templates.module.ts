import type { OmnifyModule } from '../../kernel/module.ts';
import { TemplateSchema } from './api-schemas.ts';
import { migration as m001 } from './migrations/001-templates.ts';
import { templatesRoutes } from './templates.routes.ts';

/**
 * Templates: a workspace's canned responses — reusable messages with `{{variables}}` that the inbox
 * composer inserts when the user types `/` and a shortcode (docs/inbox.md, "Canned responses").
 */
export const templatesModule: OmnifyModule = {
  name: 'templates',
  migrations: [m001],
  async api(app, opts) {
    // `Template` is a named component schema (`components.schemas.Template` in the OpenAPI document).
    app.addSchema(TemplateSchema);
    await app.register(templatesRoutes, opts);
  },
};
