import { eq, type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../../kernel/db/database.ts';
import { keyset, type Scope, scoped } from '../../../kernel/db/orm.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import {
  contactSummaries,
  type OrderCustomer,
  resolveCustomerContacts,
} from '../../contacts/contacts.service.ts';
import { orders } from '../intelligence.schema.ts';

/** An order to store: who bought, the UTC day, the amount in currency minor units, optional shop order id. */
export interface NewOrder {
  customer: OrderCustomer;
  /** UTC calendar day `YYYY-MM-DD`. */
  date: string;
  /** Amount in currency minor units (integer ≥ 0). */
  amountMinor: number;
  /** ISO 4217 code. */
  currency: string;
  orderId?: string;
}

/** One stored (or already present) order. */
export interface StoredOrder {
  id: string;
  contactId: string;
  duplicate: boolean;
}

const CHUNK = 5_000;

/**
 * The key that makes storing an order idempotent: the shop's order id when given; otherwise the
 * customer, day, amount and currency plus the occurrence number of that combination within the
 * batch — so re-importing the same file adds nothing, while two identical purchases in one file
 * stay two orders. (Send `orderId` when the same customer can buy the same amount twice a day
 * through separate API calls.)
 */
export function orderDedupeKeys(orders: readonly NewOrder[]): string[] {
  const seen = new Map<string, number>();
  return orders.map((o) => {
    if (o.orderId) return `order:${o.orderId}`;
    const base = `row:${o.customer.customerId}|${o.date}|${o.amountMinor}|${o.currency}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  });
}

/**
 * Stores orders in the caller's transaction: resolves each customer to a contact
 * ({@link resolveCustomerContacts}), then inserts in chunks with `ON CONFLICT DO NOTHING` on the
 * dedupe key. Returns one entry per input order, in order; `duplicate` marks orders already stored.
 */
export async function storeOrders(
  tx: Queryable,
  workspaceId: string,
  orders: readonly NewOrder[],
  importId: string | null = null,
): Promise<StoredOrder[]> {
  const contacts = await resolveCustomerContacts(
    tx,
    workspaceId,
    orders.map((o) => o.customer),
  );
  const keys = orderDedupeKeys(orders);
  const byKey = new Map<string, StoredOrder>();
  for (let start = 0; start < orders.length; start += CHUNK) {
    const slice = orders.slice(start, start + CHUNK);
    const sliceKeys = keys.slice(start, start + CHUNK);
    const inserted = await tx.query<{ id: string; contact_id: string; dedupe_key: string }>(
      `INSERT INTO orders (workspace_id, contact_id, external_order_id, dedupe_key, ordered_on, amount_minor, currency, import_id)
       SELECT $1, * , $8::uuid FROM unnest($2::uuid[], $3::text[], $4::text[], $5::date[], $6::bigint[], $7::text[])
       ON CONFLICT (workspace_id, dedupe_key) DO NOTHING
       RETURNING id, contact_id, dedupe_key`,
      [
        workspaceId,
        slice.map((o) => contacts.get(o.customer.customerId)),
        slice.map((o) => o.orderId ?? null),
        sliceKeys,
        slice.map((o) => o.date),
        slice.map((o) => o.amountMinor),
        slice.map((o) => o.currency),
        importId,
      ],
    );
    for (const r of inserted.rows)
      byKey.set(r.dedupe_key, { id: r.id, contactId: r.contact_id, duplicate: false });
    const missing = sliceKeys.filter((k) => !byKey.has(k));
    if (missing.length > 0) {
      const existing = await tx.query<{ id: string; contact_id: string; dedupe_key: string }>(
        'SELECT id, contact_id, dedupe_key FROM orders WHERE workspace_id = $1 AND dedupe_key = ANY($2::text[])',
        [workspaceId, missing],
      );
      for (const r of existing.rows)
        byKey.set(r.dedupe_key, { id: r.id, contactId: r.contact_id, duplicate: true });
    }
  }
  return keys.map((k) => byKey.get(k)!);
}

/** An order as the API shows it. */
export interface OrderView {
  id: string;
  contactId: string;
  customerId: string | null;
  orderId: string | null;
  date: string;
  amountMinor: number;
  currency: string;
  importId: string | null;
  createdAt: string;
}

/** The workspace's orders matching `conditions`. */
function selectOrders(s: Scope, pageAt: SQL<string>, ...conditions: Array<SQL | undefined>) {
  return s.db
    .select({
      id: orders.id,
      contactId: orders.contactId,
      orderId: orders.externalOrderId,
      date: orders.orderedOn,
      amountMinor: orders.amountMinor,
      currency: orders.currency,
      importId: orders.importId,
      createdAt: orders.createdAt,
      pageAt,
    })
    .from(orders)
    .where(s.where(orders, ...conditions));
}

type OrderRow = Awaited<ReturnType<ReturnType<typeof selectOrders>['execute']>>[number];

/** The rows as views, with their contact's customer id (one contacts service query for all rows). */
async function toOrderViews(db: Queryable, workspaceId: string, rows: OrderRow[]): Promise<OrderView[]> {
  if (rows.length === 0) return [];
  const contacts = await contactSummaries(
    db,
    workspaceId,
    rows.map((r) => r.contactId),
  );
  return rows.map(({ pageAt: _, createdAt, ...r }) => ({
    id: r.id,
    contactId: r.contactId,
    customerId: contacts.get(r.contactId)?.customerId ?? null,
    orderId: r.orderId,
    date: r.date,
    amountMinor: r.amountMinor,
    currency: r.currency,
    importId: r.importId,
    createdAt: createdAt.toISOString(),
  }));
}

/** The workspace's order `id`, or null when absent (or `id` is not a uuid). */
export async function findOrder(db: Queryable, workspaceId: string, id: string): Promise<OrderView | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const rows = await selectOrders(s, sql<string>`${orders.createdAt}::text`, eq(orders.id, id));
  const [view] = await toOrderViews(db, workspaceId, rows);
  return view ?? null;
}

/**
 * One page of the workspace's orders (or one contact's: an id that is no uuid matches none), newest
 * first (keyset on created_at, id; a bad cursor is a 400), each with its contact's customer id.
 */
export async function listOrders(
  db: Queryable,
  workspaceId: string,
  f: { contactId?: string; limit: number; cursor?: string },
): Promise<{ data: OrderView[]; nextCursor: string | null }> {
  const k = keyset({ sort: orders.createdAt, id: orders.id, limit: f.limit, cursor: f.cursor });
  if (f.contactId !== undefined && !isUuid(f.contactId)) return { data: [], nextCursor: null };
  const s = scoped(db, workspaceId);
  const rows = await selectOrders(
    s,
    k.pageAt,
    f.contactId === undefined ? undefined : eq(orders.contactId, f.contactId),
    k.after,
  )
    .orderBy(...k.orderBy)
    .limit(k.limit);
  const page = k.page(rows, (r) => r);
  return { data: await toOrderViews(db, workspaceId, page.data), nextCursor: page.nextCursor };
}
