/**
 * What other modules may use of the contacts module: finding or creating the contact behind a
 * platform identity.
 */
export { type ResolvedIdentity, resolveIdentity } from './contact.repository.ts';
