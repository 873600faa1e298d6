import type { Database } from '../../kernel/db/database.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { Role } from './access.ts';
import { type ApiKeyView, evictApiKey, getApiKey, insertApiKey } from './api-keys.ts';

/** A workspace (tenant) as listed. */
export interface WorkspaceView {
  id: string;
  name: string;
  createdAt: string;
}

const toWorkspace = (r: any): WorkspaceView => ({
  id: r.id,
  name: r.name,
  createdAt: new Date(r.created_at).toISOString(),
});

/** A key as answered once at creation: its listing plus the key itself. */
export type CreatedKey = ApiKeyView & { key: string };

/**
 * Creates a workspace and its first owner key (named `owner`) in one transaction; the key is
 * returned this once and only its hash is stored.
 */
export async function createWorkspace(
  db: Database,
  name: string,
): Promise<{ workspace: WorkspaceView; apiKey: CreatedKey }> {
  return db.transaction(async (tx) => {
    const ws = await tx.query('INSERT INTO workspaces (name) VALUES ($1) RETURNING *', [name]);
    const workspace = toWorkspace(ws.rows[0]);
    const { key, view } = await insertApiKey(tx, { workspaceId: workspace.id, name: 'owner', role: 'owner' });
    return { workspace, apiKey: { ...view, key } };
  });
}

/** Every workspace of the instance, oldest first. */
export async function listWorkspaces(db: Database): Promise<WorkspaceView[]> {
  const r = await db.query('SELECT * FROM workspaces ORDER BY created_at, id');
  return r.rows.map(toWorkspace);
}

/** Creates a key with `role` in the workspace; the key is returned this once. */
export async function createKey(
  db: Database,
  workspaceId: string,
  input: { name: string; role: Role },
): Promise<CreatedKey> {
  const { key, view } = await insertApiKey(db, { workspaceId, ...input });
  return { ...view, key };
}

/**
 * Revokes (deletes) a key of the workspace; it stops working at once in this process (other
 * processes: within the auth cache's 30 s). Throws `OMNIFY_ERR_NOT_FOUND` for a key of another
 * workspace or none, `OMNIFY_ERR_CONFLICT` for the workspace's last owner key (nobody could manage
 * keys any more).
 */
export async function revokeKey(db: Database, workspaceId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7157002)');
    const key = isUuid(id) ? await getApiKey(tx, workspaceId, id) : null;
    if (!key) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No API key has this id.');
    if (key.role === 'owner') {
      const owners = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM api_keys WHERE workspace_id = $1 AND role = 'owner'`,
        [workspaceId],
      );
      if (owners.rows[0]!.n <= 1) {
        throw new OmnifyError(
          'OMNIFY_ERR_CONFLICT',
          'This is the workspace’s last owner key: create another owner key first, then revoke this one.',
        );
      }
    }
    await tx.query('DELETE FROM api_keys WHERE id = $1 AND workspace_id = $2', [id, workspaceId]);
  });
  evictApiKey(db, id);
}
