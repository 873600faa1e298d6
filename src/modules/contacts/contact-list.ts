import { eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, type Scope, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { contactLtv, orders } from '../intelligence/intelligence.schema.ts';
import { contacts, identities } from './contacts.schema.ts';

/** One identity of a contact on a platform. */
export interface ContactIdentityView {
  id: string;
  platform: string;
  handle: string;
  displayName: string | null;
  username: string | null;
}

/**
 * A contact as the API shows it: its identities (oldest first), its orders' count and last day
 * (`YYYY-MM-DD`), and the figures of the last LTV run (null without one). `createdAt` ISO 8601 UTC.
 */
export interface ContactView {
  id: string;
  name: string | null;
  phoneE164: string | null;
  email: string | null;
  customerId: string | null;
  identities: ContactIdentityView[];
  orders: { count: number; lastOrderDate: string | null };
  ltv: { pAlive: number; expectedPurchases90: number; clvMinor: number | null; currency: string } | null;
  createdAt: string;
}

/** The workspace's contacts matching `conditions`, with their identities, orders and LTV figures. */
function select(s: Scope, pageAt: SQL<string>, ...conditions: Array<SQL | undefined>) {
  return s.db
    .select({
      id: contacts.id,
      name: contacts.name,
      phoneE164: contacts.phoneE164,
      email: contacts.email,
      externalId: contacts.externalId,
      createdAt: contacts.createdAt,
      pageAt,
      orderCount: sql<number>`(SELECT count(*) FROM ${orders} WHERE ${orders.contactId} = ${contacts.id})::int`,
      lastOrder: sql<
        string | null
      >`(SELECT max(${orders.orderedOn})::text FROM ${orders} WHERE ${orders.contactId} = ${contacts.id})`,
      pAlive: contactLtv.pAlive,
      expectedPurchases90: contactLtv.expectedPurchases90,
      clvMinor: contactLtv.clvMinor,
      ltvCurrency: contactLtv.currency,
      identities: sql<ContactIdentityView[]>`COALESCE((SELECT json_agg(json_build_object('id', i.id,
          'platform', i.platform, 'handle', i.handle, 'displayName', i.display_name, 'username', i.username)
          ORDER BY i.created_at) FROM ${identities} i WHERE i.contact_id = ${contacts.id}), '[]'::json)`,
    })
    .from(contacts)
    .leftJoin(contactLtv, eq(contactLtv.contactId, contacts.id))
    .where(s.where(contacts, ...conditions));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

function toView(r: Row): ContactView {
  return {
    id: r.id,
    name: r.name,
    phoneE164: r.phoneE164,
    email: r.email,
    customerId: r.externalId,
    identities: r.identities,
    orders: { count: r.orderCount, lastOrderDate: r.lastOrder },
    ltv:
      r.pAlive === null
        ? null
        : {
            pAlive: r.pAlive,
            expectedPurchases90: r.expectedPurchases90!,
            clvMinor: r.clvMinor,
            currency: r.ltvCurrency!,
          },
    createdAt: r.createdAt.toISOString(),
  };
}

/** The workspace's contact `id`, or null when absent (or `id` is not a uuid). */
export async function findContactView(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<ContactView | null> {
  if (!isUuid(id)) return null;
  const [row] = await select(
    scoped(db, workspaceId),
    sql<string>`${contacts.createdAt}::text`,
    eq(contacts.id, id),
  );
  return row ? toView(row) : null;
}

/**
 * One page of the workspace's contacts, newest first (keyset on created_at, id; a bad cursor is a
 * 400). `q` matches name, phone, e-mail, customer id or an identity's handle, display name or
 * username (case-insensitive substring; `%`, `_` and `\` are literal).
 */
export async function listContacts(
  db: Queryable,
  workspaceId: string,
  f: { q?: string; limit: number; cursor?: string },
): Promise<{ data: ContactView[]; nextCursor: string | null }> {
  const k = keyset({ sort: contacts.createdAt, id: contacts.id, limit: f.limit, cursor: f.cursor });
  const p = f.q === undefined ? undefined : `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const search =
    p === undefined
      ? undefined
      : or(
          ilike(contacts.name, p),
          ilike(contacts.phoneE164, p),
          ilike(contacts.email, p),
          ilike(contacts.externalId, p),
          sql`EXISTS (SELECT 1 FROM ${identities} i WHERE i.contact_id = ${contacts.id}
            AND (i.handle ILIKE ${p} OR i.display_name ILIKE ${p} OR i.username ILIKE ${p}))`,
        );
  const rows = await select(scoped(db, workspaceId), k.pageAt, search, k.after)
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, toView);
}
