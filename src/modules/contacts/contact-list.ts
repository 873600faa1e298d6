import { eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { keyset, type Scope, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { type ContactAttributes, contacts, identities } from './contacts.schema.ts';
import { type ContactFacet, type ContactFacets, EMPTY_CONTACT_FACET } from './contacts.service.ts';

/** One identity of a contact on a platform. */
export interface ContactIdentityView {
  id: string;
  platform: string;
  handle: string;
  displayName: string | null;
  username: string | null;
  /** The phone (E.164) and e-mail its platform vouches for: the keys of automatic linking. */
  phoneE164: string | null;
  email: string | null;
  /** How it joined the contact: `created` with it, `auto` on a strong match, `merge` by a merge. */
  linked: 'created' | 'auto' | 'merge';
}

/**
 * A contact as the API shows it: its identities (oldest first), its custom `attributes`, its orders'
 * count and last day (`YYYY-MM-DD`), and the figures of the last LTV run (null without one); the last
 * two come from the {@link ContactFacets} provider (empty without one). `createdAt` and `updatedAt`
 * ISO 8601 UTC.
 */
export interface ContactView {
  id: string;
  name: string | null;
  phoneE164: string | null;
  email: string | null;
  customerId: string | null;
  identities: ContactIdentityView[];
  attributes: ContactAttributes;
  orders: ContactFacet['orders'];
  ltv: ContactFacet['ltv'];
  createdAt: string;
  updatedAt: string;
  /** The contact this one was merged into (it is hidden from lists until the merge is undone); else null. */
  mergedInto: string | null;
}

/**
 * `contacts.id` spelled with its table. Drizzle leaves the columns of a one-table select list
 * unqualified, and inside a subquery of identities a bare `id` would be the identity's.
 */
const contactId = sql`${contacts}.${sql.identifier(contacts.id.name)}`;

/** The workspace's contacts matching `conditions`, with their identities. */
function select(s: Scope, pageAt: SQL<string>, ...conditions: Array<SQL | undefined>) {
  return s.db
    .select({
      id: contacts.id,
      name: contacts.name,
      phoneE164: contacts.phoneE164,
      email: contacts.email,
      externalId: contacts.externalId,
      attributes: contacts.attributes,
      createdAt: contacts.createdAt,
      updatedAt: contacts.updatedAt,
      mergedInto: contacts.mergedInto,
      pageAt,
      identities: sql<ContactIdentityView[]>`COALESCE((SELECT json_agg(json_build_object('id', i.id,
          'platform', i.platform, 'handle', i.handle, 'displayName', i.display_name, 'username', i.username,
          'phoneE164', i.phone_e164, 'email', i.email, 'linked', i.linked)
          ORDER BY i.created_at) FROM ${identities} i WHERE i.contact_id = ${contactId}), '[]'::json)`,
    })
    .from(contacts)
    .where(s.where(contacts, ...conditions));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

/** The rows as views, with each contact's facet (one call of `facets` for all of them). */
async function toViews(
  db: Queryable,
  workspaceId: string,
  facets: ContactFacets,
  rows: Row[],
): Promise<ContactView[]> {
  const known = await facets(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const f = known.get(r.id) ?? EMPTY_CONTACT_FACET;
    return {
      id: r.id,
      name: r.name,
      phoneE164: r.phoneE164,
      email: r.email,
      customerId: r.externalId,
      identities: r.identities,
      attributes: r.attributes,
      orders: f.orders,
      ltv: f.ltv,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      mergedInto: r.mergedInto,
    };
  });
}

/**
 * The workspace's contact `id` with its facet from `facets`, or null when absent (or `id` is not a
 * uuid).
 */
export async function findContactView(
  db: Queryable,
  workspaceId: string,
  id: string,
  facets: ContactFacets,
): Promise<ContactView | null> {
  if (!isUuid(id)) return null;
  const rows = await select(
    scoped(db, workspaceId),
    sql<string>`${contacts.createdAt}::text`,
    eq(contacts.id, id),
  );
  const [view] = await toViews(db, workspaceId, facets, rows);
  return view ?? null;
}

/**
 * One page of the workspace's contacts, newest first (keyset on created_at, id; a bad cursor is a
 * 400), each with its facet from `facets` (one call per page). `q` matches name, phone, e-mail, customer id or an identity's handle, display name or
 * username (case-insensitive substring; `%`, `_` and `\` are literal).
 */
export async function listContacts(
  db: Queryable,
  workspaceId: string,
  f: { q?: string; limit: number; cursor?: string },
  facets: ContactFacets,
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
          sql`EXISTS (SELECT 1 FROM ${identities} i WHERE i.contact_id = ${contactId}
            AND (i.handle ILIKE ${p} OR i.display_name ILIKE ${p} OR i.username ILIKE ${p}))`,
        );
  // A contact merged into another is hidden until the merge is undone (contact-merge.ts).
  const rows = await select(scoped(db, workspaceId), k.pageAt, search, k.after, isNull(contacts.mergedInto))
    .orderBy(...k.orderBy)
    .limit(k.limit);
  const page = k.page(rows, (r) => r);
  return { data: await toViews(db, workspaceId, facets, page.data), nextCursor: page.nextCursor };
}
