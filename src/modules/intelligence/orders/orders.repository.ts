import type { Queryable } from '../../../kernel/db/database.ts';
import { type OrderCustomer, resolveCustomerContacts } from '../../contacts/contacts.service.ts';

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

/** SQL selecting {@link OrderView} columns from `orders o JOIN contacts c`. */
export const ORDER_SELECT = `SELECT o.id, o.contact_id, c.external_id, o.external_order_id, o.ordered_on::text AS day,
    o.amount_minor::text AS amount_minor, o.currency, o.import_id, o.created_at, o.created_at::text AS cursor_ts
  FROM orders o JOIN contacts c ON c.id = o.contact_id`;

/** Maps an {@link ORDER_SELECT} row. */
export function toOrderView(r: any): OrderView {
  return {
    id: r.id,
    contactId: r.contact_id,
    customerId: r.external_id,
    orderId: r.external_order_id,
    date: r.day,
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    importId: r.import_id,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
