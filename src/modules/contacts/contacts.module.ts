import type { ModulePlugin, OmnifyModule } from '../../kernel/module.ts';
import { contactsRoutes } from './contacts.routes.ts';
import {
  type ContactConversations,
  type ContactFacets,
  noContactConversations,
  noContactFacets,
} from './contacts.service.ts';
import { mergeRoutes } from './merge.routes.ts';
import { migration as m001 } from './migrations/001-contacts.ts';
import { migration as m002 } from './migrations/002-crm.ts';
import { migration as m003 } from './migrations/003-demo-flag.ts';
import { migration as m004 } from './migrations/004-profile.ts';
import { migration as m005 } from './migrations/005-identity-links.ts';
import { migration as m006 } from './migrations/006-auto-link-audit.ts';
import { segmentsRoutes } from './segments.routes.ts';

/**
 * The module's routes, showing each contact's orders and LTV figures from `facets` and its
 * conversations from `conversations`.
 */
function contactsApi(facets: ContactFacets, conversations: ContactConversations): ModulePlugin {
  return async (app, opts) => {
    await app.register(contactsRoutes, { ...opts, facets, conversations });
    await app.register(segmentsRoutes, { ...opts, facets });
    await app.register(mergeRoutes, { ...opts, conversations });
  };
}

/**
 * Contacts with their identities on each platform, attributes and notes, and segments of contacts.
 * On its own it knows nothing of orders, LTV or conversations (those fields and lists are empty);
 * see {@link withContactFacets}.
 */
export const contactsModule: OmnifyModule = {
  name: 'contacts',
  migrations: [m001, m002, m003, m004, m005, m006],
  api: contactsApi(noContactFacets, noContactConversations),
};

/**
 * The contacts module whose contact and segment member lists show what `facets` knows about each
 * contact (orders, LTV) and whose contacts show their conversations from `conversations`. The
 * composition root (src/app/modules.ts) wires the intelligence module's facets and the inbox's
 * conversations here, so contacts never imports either.
 */
export function withContactFacets(
  facets: ContactFacets,
  conversations: ContactConversations = noContactConversations,
): OmnifyModule {
  return { ...contactsModule, api: contactsApi(facets, conversations) };
}
