import type { Queryable } from '../../kernel/db/database.ts';

/**
 * The contacts module's part of a batched ingest statement (the inbox's `storeInbound`): common
 * table expressions that find or create the identity and contact of every sender in one pass, to be
 * spliced into the caller's `WITH` list so the whole batch stays one statement.
 *
 * Contract with the enclosing statement:
 * - it defines, before this fragment, a CTE `senders(handle, display_name, phone, username,
 *   link_phone, link_email)` with one row per distinct handle (text columns; `phone` E.164 or null,
 *   `link_phone` / `link_email` the sender's strong keys from {@link strongKeys}, or null);
 * - `workspace` and `platform` are the statement's parameter placeholders (e.g. `'$1'`, `'$3'`) for
 *   the workspace id (uuid) and the platform name;
 * - the fragment defines `ident(handle, contact_id)`: the contact of every sender it settled, and the
 *   CTEs `new_contacts` / `new_identities` that {@link IDENTITY_ORPHANS_SQL} reads.
 *
 * Per sender: an existing identity `(workspace, platform, handle)` that already carries the
 * sender's strong keys is reused and its display name (and username when given) refreshed; a new
 * sender whose keys no identity of the workspace carries gets a new contact and identity (with its
 * keys). Two cases are left out of `ident` on purpose, for the caller's step-by-step path
 * (`resolveIdentity`, which links and suggests, see identity-link.ts): a new sender whose keys
 * another identity carries (automatic linking) or whose unvouched phone a contact has (a merge
 * suggestion), an existing identity the sender's keys are new to (a Telegram user sharing their
 * own contact), and an existing identity whose automatic link a person undid (`detached_from`: its
 * next message makes a suggestion). Both are rare: a person's first message on a
 * second platform. Data-modifying CTEs share one snapshot, so an identity another transaction
 * created meanwhile makes the insert do nothing: that sender is missing from `ident` too and its new
 * contact is an orphan the caller deletes with {@link deleteOrphanContacts}. Lookups are `LATERAL …
 * LIMIT 1` and scalar `(… LIMIT 1) IS NULL` probes so they stay index probes per row whatever the
 * statistics say.
 */
export function identityResolutionCtes(p: { workspace: string; platform: string }): string {
  return `found AS (
  SELECT d.id, d.contact_id, s.handle, d.display_name AS old_name, s.display_name AS new_name, s.username,
         (s.link_phone IS NULL OR d.phone_e164 = s.link_phone) AND (s.link_email IS NULL OR d.email = s.link_email)
           AND d.detached_from IS NULL AS keyed
    FROM senders s CROSS JOIN LATERAL (SELECT id, contact_id, display_name, phone_e164, email, detached_from FROM identities
      WHERE workspace_id = ${p.workspace} AND platform = ${p.platform} AND handle = s.handle LIMIT 1) d
), renamed AS (
  UPDATE identities d SET display_name = f.new_name, username = COALESCE(f.username, d.username)
    FROM found f
   WHERE d.id = ANY (ARRAY(SELECT id FROM found WHERE new_name IS NOT NULL AND old_name IS DISTINCT FROM new_name))
     AND f.id = d.id
), new_senders AS (
  SELECT s.*, gen_random_uuid() AS contact_id FROM senders s
   WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.handle = s.handle)
     -- Scalar "… LIMIT 1) IS NULL" probes rather than NOT EXISTS under OR, which the planner may
     -- turn into a hashed subplan reading the whole table (seen at 10,000 identities).
     AND (s.link_phone IS NULL OR (SELECT 1 FROM identities i
           WHERE i.workspace_id = ${p.workspace} AND i.phone_e164 = s.link_phone LIMIT 1) IS NULL)
     AND (s.link_email IS NULL OR (SELECT 1 FROM identities i
           WHERE i.workspace_id = ${p.workspace} AND i.email = s.link_email LIMIT 1) IS NULL)
     AND (s.phone IS NULL OR s.link_phone IS NOT NULL OR (SELECT 1 FROM contacts c
           WHERE c.workspace_id = ${p.workspace} AND c.phone_e164 = s.phone LIMIT 1) IS NULL)
), new_contacts AS (
  INSERT INTO contacts (id, workspace_id, name, phone_e164, email)
  SELECT contact_id, ${p.workspace}, display_name, COALESCE(link_phone, phone), link_email FROM new_senders RETURNING id
), new_identities AS (
  INSERT INTO identities (workspace_id, contact_id, platform, handle, display_name, username, phone_e164, email)
  SELECT ${p.workspace}, ns.contact_id, ${p.platform}, ns.handle, ns.display_name, ns.username, ns.link_phone, ns.link_email
    FROM new_contacts nc JOIN new_senders ns ON ns.contact_id = nc.id
  ON CONFLICT (workspace_id, platform, handle) DO NOTHING
  RETURNING contact_id, handle
), ident AS (
  SELECT handle, contact_id FROM found WHERE keyed UNION ALL SELECT handle, contact_id FROM new_identities
)`;
}

/**
 * A scalar expression for the enclosing statement's final `SELECT`: the ids (uuid[], or NULL when
 * none) of contacts {@link identityResolutionCtes} created whose identity lost a race.
 */
export const IDENTITY_ORPHANS_SQL =
  '(SELECT array_agg(nc.id) FROM new_contacts nc WHERE NOT EXISTS (SELECT 1 FROM new_identities ni WHERE ni.contact_id = nc.id))';

/** Deletes, in the caller's transaction, the orphan contacts a batched resolution reported. */
export async function deleteOrphanContacts(tx: Queryable, contactIds: readonly string[]): Promise<void> {
  if (contactIds.length > 0) await tx.query('DELETE FROM contacts WHERE id = ANY($1::uuid[])', [contactIds]);
}
