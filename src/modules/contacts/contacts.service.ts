/**
 * What other modules may use of the contacts module, which alone writes the contacts, identities,
 * segments and segment_members tables: finding or creating the contact behind a platform identity
 * (one at a time, or as CTEs of the inbox's batched ingest statement) or behind an order's customer,
 * marking demo contacts, and the segment changes an insight action applies and rolls back. Functions
 * taking a `Queryable` run in the caller's transaction.
 */
export {
  hasNonDemoContacts,
  markDemoContacts,
  type ResolvedIdentity,
  resolveIdentity,
} from './contact.repository.ts';
export { type OrderCustomer, resolveCustomerContacts, toE164 } from './customer-contacts.ts';
export { deleteOrphanContacts, IDENTITY_ORPHANS_SQL, identityResolutionCtes } from './identity-batch.ts';
export {
  addContactsToSegmentByAction,
  removeActionSegmentMembers,
  type SegmentAddition,
} from './segment-members.ts';
