import type { OmnifyModule } from '../../kernel/module.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { segmentsRoutes } from './segments.routes.ts';

/** Contacts with their identities on each platform, and segments of contacts. */
export const contactsModule: OmnifyModule = {
  name: 'contacts',
  async api(app, opts) {
    await app.register(contactsRoutes, opts);
    await app.register(segmentsRoutes, opts);
  },
};
