import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { contacts } from './contacts.schema.ts';

const among = (ids: readonly string[]) => sql`${contacts.id} = ANY(${sql.param([...ids])}::uuid[])`;

/**
 * Marks the workspace's contacts among `contactIds` (uuids) as demo data, in the caller's
 * transaction: the people of the inbox demo's sample conversations (the inbox's demo loader), so the
 * intelligence demo still counts the workspace as holding demo contacts only, and the inbox demo's
 * removal may delete them. Returns how many were marked.
 */
export async function markDemoContactsById(
  tx: Queryable,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<number> {
  if (contactIds.length === 0) return 0;
  const s = scoped(tx, workspaceId);
  const rows = await s.db
    .update(contacts)
    .set({ demo: true })
    .where(s.where(contacts, among(contactIds)))
    .returning({ id: contacts.id });
  return rows.length;
}

/**
 * Deletes the workspace's contacts among `contactIds` that are marked as demo data (with their
 * identities and segment memberships, and the empty hidden contacts merged into them), in the
 * caller's transaction; real contacts among the ids stay.
 * Returns how many were deleted.
 */
export async function deleteDemoContacts(
  tx: Queryable,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<number> {
  if (contactIds.length === 0) return 0;
  // The hidden contacts merged into them (an automatic link's own contact of the identity): with
  // their target gone they would come back as empty contacts.
  await tx.query(
    `DELETE FROM contacts h WHERE h.workspace_id = $1 AND h.merged_into = ANY($2::uuid[])
        AND EXISTS (SELECT 1 FROM contacts t WHERE t.id = h.merged_into AND t.demo)
        AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.contact_id = h.id)`,
    [workspaceId, [...contactIds]],
  );
  const s = scoped(tx, workspaceId);
  const rows = await s.db
    .delete(contacts)
    .where(s.where(contacts, and(among(contactIds), eq(contacts.demo, true))))
    .returning({ id: contacts.id });
  return rows.length;
}
