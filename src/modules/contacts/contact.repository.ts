import type { InboundSender, Platform } from '../../integrations/contract/message.ts';
import type { Queryable } from '../../kernel/db/database.ts';

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
  const found = await tx.query<{ id: string; contact_id: string; display_name: string | null }>(
    'SELECT id, contact_id, display_name FROM identities WHERE workspace_id = $1 AND platform = $2 AND handle = $3',
    [workspaceId, platform, sender.handle],
  );
  const row = found.rows[0];
  if (row) {
    if (sender.displayName && sender.displayName !== row.display_name) {
      await tx.query(
        'UPDATE identities SET display_name = $2, username = COALESCE($3, username) WHERE id = $1',
        [row.id, sender.displayName, sender.username ?? null],
      );
    }
    return { contactId: row.contact_id, identityId: row.id };
  }
  const contact = await tx.query<{ id: string }>(
    'INSERT INTO contacts (workspace_id, name, phone_e164) VALUES ($1, $2, $3) RETURNING id',
    [workspaceId, sender.displayName ?? null, sender.phoneE164 ?? null],
  );
  const contactId = contact.rows[0]!.id;
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO identities (workspace_id, contact_id, platform, handle, display_name, username)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, platform, handle) DO NOTHING RETURNING id`,
    [workspaceId, contactId, platform, sender.handle, sender.displayName ?? null, sender.username ?? null],
  );
  if (inserted.rows[0]) return { contactId, identityId: inserted.rows[0].id };
  await tx.query('DELETE FROM contacts WHERE id = $1', [contactId]);
  const winner = await tx.query<{ id: string; contact_id: string }>(
    'SELECT id, contact_id FROM identities WHERE workspace_id = $1 AND platform = $2 AND handle = $3',
    [workspaceId, platform, sender.handle],
  );
  return { contactId: winner.rows[0]!.contact_id, identityId: winner.rows[0]!.id };
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
  await tx.query(
    'UPDATE contacts SET demo = true WHERE workspace_id = $1 AND external_id = ANY($2::text[])',
    [workspaceId, customerIds],
  );
}

/** True when the workspace holds at least one contact not marked as demo data. */
export async function hasNonDemoContacts(db: Queryable, workspaceId: string): Promise<boolean> {
  const r = await db.query('SELECT 1 FROM contacts WHERE workspace_id = $1 AND NOT demo LIMIT 1', [
    workspaceId,
  ]);
  return r.rows.length > 0;
}
