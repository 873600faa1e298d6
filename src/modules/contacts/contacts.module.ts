import type { ModulePlugin, OmnifyModule } from '../../kernel/module.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { type ContactFacets, noContactFacets } from './contacts.service.ts';
import { migration as m001 } from './migrations/001-contacts.ts';
import { migration as m002 } from './migrations/002-crm.ts';
import { migration as m003 } from './migrations/003-demo-flag.ts';
import { segmentsRoutes } from './segments.routes.ts';

/** The module's routes, showing each contact's orders and LTV figures from `facets`. */
function contactsApi(facets: ContactFacets): ModulePlugin {
  return async (app, opts) => {
    await app.register(contactsRoutes, { ...opts, facets });
    await app.register(segmentsRoutes, { ...opts, facets });
  };
}

/**
 * Contacts with their identities on each platform, and segments of contacts. On its own it knows
 * nothing of orders or LTV (those fields are empty); see {@link withContactFacets}.
 */
export const contactsModule: OmnifyModule = {
  name: 'contacts',
  migrations: [m001, m002, m003],
  api: contactsApi(noContactFacets),
};

/**
 * The contacts module whose contact and segment member lists show what `facets` knows about each
 * contact (orders, LTV). The composition root (src/app/modules.ts) wires the intelligence module's
 * provider here, so contacts never imports intelligence.
 */
export function withContactFacets(facets: ContactFacets): OmnifyModule {
  return { ...contactsModule, api: contactsApi(facets) };
}
