import type { Queryable } from '../../kernel/db/database.ts';

/** An identity, by what names it: workspace, platform and the platform's id of the sender. */
export interface IdentityKey {
  workspaceId: string;
  platform: string;
  handle: string;
}

/** Whether identity `key` exists and has no display name yet (what a directory lookup could fill). */
export async function identityLacksName(db: Queryable, key: IdentityKey): Promise<boolean> {
  const r = await db.query<{ unnamed: boolean }>(
    `SELECT display_name IS NULL AS unnamed FROM identities
      WHERE workspace_id = $1 AND platform = $2 AND handle = $3`,
    [key.workspaceId, key.platform, key.handle],
  );
  return r.rows[0]?.unnamed === true;
}

/**
 * Fills identity `key`'s display name and user name from the platform's directory where they are
 * still empty, and its contact's name when the contact has none: a name someone typed, or one a
 * later message carried, is never overwritten. One statement. Returns whether the identity changed.
 */
export async function nameIdentity(
  db: Queryable,
  key: IdentityKey,
  profile: { displayName?: string; username?: string },
): Promise<boolean> {
  if (!profile.displayName && !profile.username) return false;
  const r = await db.query<{ id: string }>(
    `WITH named AS (
       UPDATE identities SET display_name = COALESCE(display_name, $4), username = COALESCE(username, $5)
        WHERE workspace_id = $1 AND platform = $2 AND handle = $3
          AND ((display_name IS NULL AND $4::text IS NOT NULL) OR (username IS NULL AND $5::text IS NOT NULL))
        RETURNING id, contact_id
     ), contact AS (
       UPDATE contacts c SET name = $4, updated_at = now() FROM named n
        WHERE c.id = n.contact_id AND c.workspace_id = $1 AND c.name IS NULL AND $4::text IS NOT NULL
     )
     SELECT id FROM named`,
    [key.workspaceId, key.platform, key.handle, profile.displayName ?? null, profile.username ?? null],
  );
  return r.rows.length > 0;
}
