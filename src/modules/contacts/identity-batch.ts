import type { Queryable } from '../../kernel/db/database.ts';

/**
 * The contacts module's part of a batched ingest statement (the inbox's `storeInbound`): common
 * table expressions that find or create the identity and contact of every sender in one pass, to be
 * spliced into the caller's `WITH` list so the whole batch stays one statement.
 *
 * Contract with the enclosing statement:
 * - it defines, before this fragment, a CTE `senders(handle, display_name, phone, username)` with
 *   one row per distinct handle (text columns);
 * - `workspace` and `platform` are the statement's parameter placeholders (e.g. `'$1'`, `'$3'`) for
 *   the workspace id (uuid) and the platform name;
 * - the fragment defines `ident(handle, contact_id)`: the contact of every sender, and the CTEs
 *   `new_contacts` / `new_identities` that {@link IDENTITY_ORPHANS_SQL} reads.
 *
 * Per sender: an existing identity `(workspace, platform, handle)` is reused and its display name
 * (and username when given) refreshed; otherwise a contact and its identity are created. Data-modifying
 * CTEs share one snapshot, so an identity another transaction created meanwhile makes the insert do
 * nothing: that sender is missing from `ident` and its new contact is an orphan the caller deletes
 * with {@link deleteOrphanContacts} (then resolves that sender step by step with `resolveIdentity`).
 * The lookup is `LATERAL … LIMIT 1` so it stays an index probe per row whatever the statistics say.
 */
export function identityResolutionCtes(p: { workspace: string; platform: string }): string {
  return `found AS (
  SELECT d.id, d.contact_id, s.handle, d.display_name AS old_name, s.display_name AS new_name, s.username
    FROM senders s CROSS JOIN LATERAL (SELECT id, contact_id, display_name FROM identities
      WHERE workspace_id = ${p.workspace} AND platform = ${p.platform} AND handle = s.handle LIMIT 1) d
), renamed AS (
  UPDATE identities d SET display_name = f.new_name, username = COALESCE(f.username, d.username)
    FROM found f
   WHERE d.id = ANY (ARRAY(SELECT id FROM found WHERE new_name IS NOT NULL AND old_name IS DISTINCT FROM new_name))
     AND f.id = d.id
), new_senders AS (
  SELECT s.*, gen_random_uuid() AS contact_id FROM senders s WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.handle = s.handle)
), new_contacts AS (
  INSERT INTO contacts (id, workspace_id, name, phone_e164) SELECT contact_id, ${p.workspace}, display_name, phone FROM new_senders RETURNING id
), new_identities AS (
  INSERT INTO identities (workspace_id, contact_id, platform, handle, display_name, username)
  SELECT ${p.workspace}, ns.contact_id, ${p.platform}, ns.handle, ns.display_name, ns.username FROM new_contacts nc JOIN new_senders ns ON ns.contact_id = nc.id
  ON CONFLICT (workspace_id, platform, handle) DO NOTHING
  RETURNING contact_id, handle
), ident AS (
  SELECT handle, contact_id FROM found UNION ALL SELECT handle, contact_id FROM new_identities
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
