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
 * identities and segment memberships), in the caller's transaction; real contacts among the ids stay.
 * Returns how many were deleted.
 */
export async function deleteDemoContacts(
  tx: Queryable,
  workspaceId: string,
  contactIds: readonly string[],
): Promise<number> {
  if (contactIds.length === 0) return 0;
  const s = scoped(tx, workspaceId);
  const rows = await s.db
    .delete(contacts)
    .where(s.where(contacts, and(among(contactIds), eq(contacts.demo, true))))
    .returning({ id: contacts.id });
  return rows.length;
}
