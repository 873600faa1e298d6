import { sql } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { contacts } from './contacts.schema.ts';

/** A customer as an order names them: the shop's customer id plus optional details. */
export interface OrderCustomer {
  customerId: string;
  email?: string;
  /** Any phone notation; kept only when libphonenumber-js reads it as a possible number (stored in E.164). */
  phone?: string;
  name?: string;
}

/** The phone number in E.164 (`+14155550123`), or null when it is not a valid international number. */
export function toE164(phone: string | undefined): string | null {
  if (!phone) return null;
  const parsed = parsePhoneNumberFromString(phone.trim());
  return parsed?.isPossible() ? parsed.number : null;
}

/**
 * Finds or creates the contact of each customer, inside the caller's transaction, and returns
 * customerId → contact id. Order of matching: the contact already carrying this `customerId`
 * (`contacts.external_id`); else a contact without one whose e-mail (case-insensitive) or E.164 phone
 * matches — someone who wrote in on WhatsApp and later bought — which is then linked; else a new
 * contact. Set-based (a few statements whatever the number of customers); safe against a concurrent
 * import creating the same customer (the unique index decides, the loser re-reads).
 */
export async function resolveCustomerContacts(
  tx: Queryable,
  workspaceId: string,
  customers: readonly OrderCustomer[],
): Promise<Map<string, string>> {
  const unique = new Map<string, OrderCustomer>();
  for (const c of customers) if (!unique.has(c.customerId)) unique.set(c.customerId, c);
  const ids = [...unique.keys()];
  const out = new Map<string, string>();
  const s = scoped(tx, workspaceId);
  const read = async (want: string[]) => {
    const rows = await s.db
      .select({ id: contacts.id, externalId: contacts.externalId })
      .from(contacts)
      .where(s.where(contacts, sql`${contacts.externalId} = ANY(${sql.param(want)}::text[])`));
    for (const row of rows) out.set(row.externalId!, row.id);
  };
  await read(ids);

  const rest = ids.filter((id) => !out.has(id)).map((id) => unique.get(id)!);
  const emails = rest.map((c) => c.email?.trim().toLowerCase() || null);
  const phones = rest.map((c) => toE164(c.phone));
  if (rest.some((_, i) => emails[i] || phones[i])) {
    // Link existing contacts (no customer id yet) by e-mail or phone; one contact per customer.
    // Set-based statements over unnest() arrays stay hand-written (one statement for any batch size).
    await tx.query(
      `UPDATE contacts ct SET external_id = m.customer_id, updated_at = now()
       FROM (
         SELECT DISTINCT ON (per_customer.id) per_customer.id, per_customer.customer_id
         FROM (
           SELECT DISTINCT ON (w.customer_id) c.id, w.customer_id
           FROM unnest($2::text[], $3::text[], $4::text[]) AS w(customer_id, email, phone)
           JOIN contacts c ON c.workspace_id = $1 AND c.external_id IS NULL AND c.merged_into IS NULL
             AND ((w.email IS NOT NULL AND lower(c.email) = w.email)
               OR (w.phone IS NOT NULL AND c.phone_e164 = w.phone))
           ORDER BY w.customer_id, c.created_at, c.id
         ) per_customer
         ORDER BY per_customer.id, per_customer.customer_id
       ) m
       WHERE ct.id = m.id AND NOT EXISTS (
         SELECT 1 FROM contacts o WHERE o.workspace_id = $1 AND o.external_id = m.customer_id)`,
      [workspaceId, rest.map((c) => c.customerId), emails, phones],
    );
    await read(rest.map((c) => c.customerId));
  }

  const create = rest.filter((c) => !out.has(c.customerId));
  if (create.length > 0) {
    await tx.query(
      `INSERT INTO contacts (workspace_id, external_id, name, email, phone_e164)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT (workspace_id, external_id) WHERE external_id IS NOT NULL DO NOTHING`,
      [
        workspaceId,
        create.map((c) => c.customerId),
        create.map((c) => c.name?.trim() || null),
        create.map((c) => c.email?.trim() || null),
        create.map((c) => toE164(c.phone)),
      ],
    );
    await read(create.map((c) => c.customerId));
  }
  return out;
}
