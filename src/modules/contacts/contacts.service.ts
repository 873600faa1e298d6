import { sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import type { ContactConversations } from './contact-conversations.ts';
import { contacts } from './contacts.schema.ts';

/**
 * What other modules may use of the contacts module, which alone reads and writes the contacts,
 * identities, segments and segment_members tables: finding or creating the contact behind a platform
 * identity (one at a time, or as CTEs of the inbox's batched ingest statement) or behind an order's
 * customer, the summaries of many contacts for other modules' listings, marking (and deleting) demo contacts, the
 * segment changes an insight action applies and rolls back, and the extension points through which
 * other modules add what they know: {@link ContactFacets} (figures on the contact and segment member
 * lists) and {@link ContactConversations} (a contact's conversations). Functions taking a
 * `Queryable` run in the caller's transaction.
 */
export {
  hasNonDemoContacts,
  markDemoContacts,
  type ResolvedIdentity,
  resolveIdentity,
} from './contact.repository.ts';
export type {
  ContactChannelActivity,
  ContactConversation,
  ContactConversations,
} from './contact-conversations.ts';
export { type RecordedEmail, recordIdentityEmail } from './contact-email.ts';
export { contactHandleSql, contactNameSql } from './contact-sql.ts';
export { type OrderCustomer, resolveCustomerContacts, toE164 } from './customer-contacts.ts';
export { deleteDemoContacts, markDemoContactsById } from './demo-contacts.ts';
export { deleteOrphanContacts, IDENTITY_ORPHANS_SQL, identityResolutionCtes } from './identity-batch.ts';
export {
  emailsInText,
  normalizeEmail,
  normalizePhone,
  strongKeys,
  type TypedSignals,
  typedSignals,
} from './identity-normalize.ts';
export { type IdentityKey, identityLacksName, nameIdentity } from './identity-profile.ts';
export { SUGGESTION_CONFIDENCE, suggestByEmail, suggestFromTypedText } from './merge-suggestions.ts';
export {
  addContactsToSegmentByAction,
  removeActionSegmentMembers,
  type SegmentAddition,
} from './segment-members.ts';

/** What a listing of another module shows of a contact. */
export interface ContactSummary {
  name: string | null;
  phoneE164: string | null;
  /** The id in the shop or CRM the orders come from (`customerId` in the API). */
  customerId: string | null;
}

/**
 * The summaries of the workspace's contacts among `ids` (uuids), by contact id, in one query; ids
 * of absent contacts or of other workspaces are missing from the map. For listings that page over
 * their own rows and name each row's contact (conversations, orders, LTV) and for jobs that need a
 * contact's name (the agent reply).
 */
export async function contactSummaries(
  db: Queryable,
  workspaceId: string,
  ids: readonly string[],
): Promise<Map<string, ContactSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select({
      id: contacts.id,
      name: contacts.name,
      phoneE164: contacts.phoneE164,
      customerId: contacts.externalId,
    })
    .from(contacts)
    .where(s.where(contacts, sql`${contacts.id} = ANY(${sql.param(unique)}::uuid[])`));
  return new Map(rows.map(({ id, ...summary }) => [id, summary]));
}

/**
 * What another module knows about a contact and the contact and segment member lists show: its
 * orders (count, last order day `YYYY-MM-DD` UTC) and the figures of the last LTV run (null without
 * one; money in currency minor units).
 */
export interface ContactFacet {
  orders: { count: number; lastOrderDate: string | null };
  ltv: { pAlive: number; expectedPurchases90: number; clvMinor: number | null; currency: string } | null;
}

/**
 * The extension point through which a module that knows more about contacts (intelligence: orders
 * and LTV) adds it to the contacts module's lists without the contacts module reading its tables or
 * importing it (intelligence depends on contacts, not the reverse). Returns the facets of the
 * workspace's contacts among `contactIds` (one page, at most a few hundred ids), by contact id; a
 * contact missing from the map shows {@link EMPTY_CONTACT_FACET}. The composition root
 * (src/app/modules.ts) passes the implementation to `withContactFacets` (contacts.module.ts).
 */
export type ContactFacets = (
  db: Queryable,
  workspaceId: string,
  contactIds: readonly string[],
) => Promise<Map<string, ContactFacet>>;

/** The facet of a contact nothing is known about: no orders, no LTV. */
export const EMPTY_CONTACT_FACET: ContactFacet = Object.freeze({
  orders: Object.freeze({ count: 0, lastOrderDate: null }),
  ltv: null,
});

/** The {@link ContactFacets} used when no module provides one: every contact shows the empty facet. */
export const noContactFacets: ContactFacets = async () => new Map();

/** The {@link ContactConversations} used when no module provides one: no contact has conversations. */
export const noContactConversations: ContactConversations = {
  page: async () => ({ data: [], nextCursor: null }),
  channels: async () => [],
  reassign: async () => [],
  restore: async () => {},
};
