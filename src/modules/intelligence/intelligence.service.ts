import { sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import type { ContactFacet, ContactFacets } from '../contacts/contacts.service.ts';
import { contactLtv, orders } from './intelligence.schema.ts';

/**
 * What the intelligence module offers outside itself: the {@link ContactFacets} of the contacts
 * module (each contact's orders and last LTV figures), read from its own orders and contact_ltv
 * tables. The composition root (src/app/modules.ts) hands it to `withContactFacets(contactFacets)`.
 */

/**
 * Orders (count, last day) and last LTV figures of the workspace's contacts among `contactIds`
 * (uuids), by contact id: two queries, one per table, whatever the number of ids. A contact without
 * orders and without an LTV row is missing from the map (the contacts module shows it as empty).
 */
export const contactFacets: ContactFacets = async (db, workspaceId, contactIds) => {
  const ids = [...new Set(contactIds)];
  const out = new Map<string, ContactFacet>();
  if (ids.length === 0) return out;
  const [orderRows, ltvRows] = await Promise.all([
    orderFacets(db, workspaceId, ids),
    ltvFacets(db, workspaceId, ids),
  ]);
  const facet = (id: string) => {
    let f = out.get(id);
    if (!f) {
      f = { orders: { count: 0, lastOrderDate: null }, ltv: null };
      out.set(id, f);
    }
    return f;
  };
  for (const r of orderRows) facet(r.contactId).orders = { count: r.count, lastOrderDate: r.lastOrderDate };
  for (const { contactId, ...ltv } of ltvRows) facet(contactId).ltv = ltv;
  return out;
};

/** Order count and last order day (`YYYY-MM-DD`) per contact among `ids` with at least one order. */
function orderFacets(db: Queryable, workspaceId: string, ids: string[]) {
  const s = scoped(db, workspaceId);
  return s.db
    .select({
      contactId: orders.contactId,
      count: sql<number>`count(*)::int`,
      lastOrderDate: sql<string>`max(${orders.orderedOn})::text`,
    })
    .from(orders)
    .where(s.where(orders, sql`${orders.contactId} = ANY(${sql.param(ids)}::uuid[])`))
    .groupBy(orders.contactId);
}

/** The last LTV run's figures of the contacts among `ids` that have them. */
function ltvFacets(db: Queryable, workspaceId: string, ids: string[]) {
  const s = scoped(db, workspaceId);
  return s.db
    .select({
      contactId: contactLtv.contactId,
      pAlive: contactLtv.pAlive,
      expectedPurchases90: contactLtv.expectedPurchases90,
      clvMinor: contactLtv.clvMinor,
      currency: contactLtv.currency,
    })
    .from(contactLtv)
    .where(s.where(contactLtv, sql`${contactLtv.contactId} = ANY(${sql.param(ids)}::uuid[])`));
}
