/**
 * The stored identities of the identity benchmark (bench/identity.bench.ts): `count` contacts with
 * one identity each in one workspace, written set-based with `generate_series` in chunks of 100,000
 * (contacts, then their identities, one transaction per chunk), then `VACUUM ANALYZE` of both tables
 * (what autovacuum does on a live server; it also sets the visibility map index-only scans read).
 *
 * Identity `g` (1 … count) gets contact id `md5('bench-contact-' || g)::uuid` and, by `g % 20`:
 * - 0–11 (60 %) WhatsApp: handle the `wa_id` `4477` + 8 digits, `phone_e164` `+` handle (a vouched key);
 * - 12–14 (15 %) Twilio SMS: handle and phone `+1212` + 7 digits;
 * - 15–16 (10 %) Telegram: a numeric user id (5,000,000,000 + g), no key;
 * - 17–18 (10 %) Instagram: an IGSID (7,100,000,000,000,000 + g), no key;
 * - 19 (5 %) e-mail: `person<g>@example.com`, also its `email` key.
 * Contacts carry the identity's phone or e-mail as migration 005 and `resolveIdentity` write them;
 * creation times are spread over two years. The same `count` gives the same rows on every run.
 */
import type { Database } from '../src/kernel/db/database.ts';
import { FIRST, LAST } from './seed-messages.ts';

const CHUNK = 100_000;

/** Platform of seeded identity `g` (the mix above), for the benchmark's choice of senders. */
export function seededPlatform(g: number): 'whatsapp' | 'twilio' | 'telegram' | 'instagram' | 'email' {
  const r = g % 20;
  if (r < 12) return 'whatsapp';
  if (r < 15) return 'twilio';
  if (r < 17) return 'telegram';
  if (r < 19) return 'instagram';
  return 'email';
}

/** The `wa_id` of seeded WhatsApp identity `g` (its phone is `+` this). */
export const seededWhatsAppHandle = (g: number) => `4477${String(g).padStart(8, '0')}`;

/** The display name of seeded identity `g` (SQL below computes the same). */
export function seededName(g: number): string {
  return `${FIRST[g % FIRST.length]} ${LAST[Math.floor(g / FIRST.length) % LAST.length]}`;
}

const sqlArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(', ')}]`;

/** One row per g of the chunk: platform, handle, phone, e-mail and name ($2 first g, $3 last g). */
const ROWS = `SELECT g, md5('bench-contact-' || g)::uuid AS contact_id,
    CASE WHEN g % 20 < 12 THEN 'whatsapp' WHEN g % 20 < 15 THEN 'twilio' WHEN g % 20 < 17 THEN 'telegram'
         WHEN g % 20 < 19 THEN 'instagram' ELSE 'email' END AS platform,
    CASE WHEN g % 20 < 12 THEN '4477' || lpad(g::text, 8, '0') WHEN g % 20 < 15 THEN '+1212' || lpad(g::text, 7, '0')
         WHEN g % 20 < 17 THEN (5000000000 + g)::text WHEN g % 20 < 19 THEN (7100000000000000 + g)::text
         ELSE 'person' || g || '@example.com' END AS handle,
    CASE WHEN g % 20 < 12 THEN '+4477' || lpad(g::text, 8, '0') WHEN g % 20 < 15 THEN '+1212' || lpad(g::text, 7, '0') END AS phone,
    CASE WHEN g % 20 = 19 THEN 'person' || g || '@example.com' END AS email,
    (${sqlArray(FIRST)})[1 + g % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + (g / ${FIRST.length}) % ${LAST.length}] AS name,
    now() - make_interval(secs => (g % 1000000) * 63) AS created_at
  FROM generate_series($2::int, $3::int) AS g`;

/**
 * Writes `count` contacts and identities into `workspaceId` (see the file's docstring), logging
 * progress through `log`; returns the seconds spent writing and vacuuming.
 */
export async function seedIdentities(
  db: Database,
  workspaceId: string,
  count: number,
  log: (line: string) => void,
): Promise<{ writeSeconds: number; vacuumSeconds: number }> {
  const t0 = performance.now();
  for (let first = 1; first <= count; first += CHUNK) {
    const last = Math.min(count, first + CHUNK - 1);
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO contacts (id, workspace_id, name, phone_e164, email, created_at, updated_at)
         SELECT contact_id, $1, name, phone, email, created_at, created_at FROM (${ROWS}) r`,
        [workspaceId, first, last],
      );
      await tx.query(
        `INSERT INTO identities (workspace_id, contact_id, platform, handle, display_name, phone_e164, email, created_at)
         SELECT $1, contact_id, platform, handle, name, phone, email, created_at FROM (${ROWS}) r`,
        [workspaceId, first, last],
      );
    });
    if (last % 200_000 === 0 || last === count) log(`  ${last.toLocaleString('en')} identities written…`);
  }
  const t1 = performance.now();
  await db.exec('VACUUM ANALYZE contacts');
  await db.exec('VACUUM ANALYZE identities');
  const t2 = performance.now();
  return { writeSeconds: (t1 - t0) / 1000, vacuumSeconds: (t2 - t1) / 1000 };
}
