import { eq, sql } from 'drizzle-orm';
import type { InboundSender, Platform } from '../../integrations/contract/message.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { contacts, identities } from './contacts.schema.ts';

/** The contact and identity an inbound sender resolved to. */
export interface ResolvedIdentity {
  contactId: string;
  identityId: string;
}

/**
 * Finds the identity `(workspace, platform, handle)` or creates it with a new contact, inside the
 * caller's transaction. Keeps the display name fresh. Concurrent creators of the same identity end
 * with one identity: the loser of the unique-key race drops its new contact and reads the winner's.
 */
export async function resolveIdentity(
  tx: Queryable,
  workspaceId: string,
  platform: Platform,
  sender: InboundSender,
): Promise<ResolvedIdentity> {
  const s = scoped(tx, workspaceId);
  const handle = [eq(identities.platform, platform), eq(identities.handle, sender.handle)];
  const [row] = await s.db
    .select({ id: identities.id, contactId: identities.contactId, displayName: identities.displayName })
    .from(identities)
    .where(s.where(identities, ...handle));
  if (row) {
    if (sender.displayName && sender.displayName !== row.displayName) {
      await s.db
        .update(identities)
        .set({
          displayName: sender.displayName,
          username: sql`COALESCE(${sender.username ?? null}, ${identities.username})`,
        })
        .where(s.where(identities, eq(identities.id, row.id)));
    }
    return { contactId: row.contactId, identityId: row.id };
  }
  const [contact] = await s.db
    .insert(contacts)
    .values(s.values({ name: sender.displayName ?? null, phoneE164: sender.phoneE164 ?? null }))
    .returning({ id: contacts.id });
  const contactId = contact!.id;
  const [inserted] = await s.db
    .insert(identities)
    .values(
      s.values({
        contactId,
        platform,
        handle: sender.handle,
        displayName: sender.displayName ?? null,
        username: sender.username ?? null,
      }),
    )
    .onConflictDoNothing({ target: [identities.workspaceId, identities.platform, identities.handle] })
    .returning({ id: identities.id });
  if (inserted) return { contactId, identityId: inserted.id };
  await s.db.delete(contacts).where(s.where(contacts, eq(contacts.id, contactId)));
  const [winner] = await s.db
    .select({ id: identities.id, contactId: identities.contactId })
    .from(identities)
    .where(s.where(identities, ...handle));
  return { contactId: winner!.contactId, identityId: winner!.id };
}

/**
 * Marks the contacts carrying these customer ids (`contacts.external_id`) of the workspace as demo
 * data, in the caller's transaction (the demo loader, so a later load can tell them from real ones).
 */
export async function markDemoContacts(
  tx: Queryable,
  workspaceId: string,
  customerIds: readonly string[],
): Promise<void> {
  const s = scoped(tx, workspaceId);
  await s.db
    .update(contacts)
    .set({ demo: true })
    .where(s.where(contacts, sql`${contacts.externalId} = ANY(${sql.param(customerIds)}::text[])`));
}

/** True when the workspace holds at least one contact not marked as demo data. */
export async function hasNonDemoContacts(db: Queryable, workspaceId: string): Promise<boolean> {
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select({ id: contacts.id })
    .from(contacts)
    .where(s.where(contacts, eq(contacts.demo, false)))
    .limit(1);
  return rows.length > 0;
}
