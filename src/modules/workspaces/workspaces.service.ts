import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Database, Queryable } from '../../kernel/db/database.ts';
import { orm, scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { Role } from './access.ts';
import { type ApiKeyView, evictApiKey, getApiKey, insertApiKey } from './api-keys.ts';
import { apiKeys, workspaces } from './workspaces.schema.ts';

/** A workspace (tenant) as listed. */
export interface WorkspaceView {
  id: string;
  name: string;
  createdAt: string;
}

const toWorkspace = (r: typeof workspaces.$inferSelect): WorkspaceView => ({
  id: r.id,
  name: r.name,
  createdAt: r.createdAt.toISOString(),
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
    const [ws] = await orm(tx).insert(workspaces).values({ name }).returning();
    const workspace = toWorkspace(ws!);
    const { key, view } = await insertApiKey(tx, { workspaceId: workspace.id, name: 'owner', role: 'owner' });
    return { workspace, apiKey: { ...view, key } };
  });
}

/** Every workspace of the instance, oldest first. */
export async function listWorkspaces(db: Database): Promise<WorkspaceView[]> {
  const rows = await orm(db).select().from(workspaces).orderBy(asc(workspaces.createdAt), asc(workspaces.id));
  return rows.map(toWorkspace);
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
      const s = scoped(tx, workspaceId);
      const [owners] = await s.db
        .select({ n: count() })
        .from(apiKeys)
        .where(s.where(apiKeys, eq(apiKeys.role, 'owner')));
      if (owners!.n <= 1) {
        throw new OmnifyError(
          'OMNIFY_ERR_CONFLICT',
          'This is the workspace’s last owner key: create another owner key first, then revoke this one.',
        );
      }
    }
    const s = scoped(tx, workspaceId);
    await s.db.delete(apiKeys).where(s.where(apiKeys, eq(apiKeys.id, id)));
  });
  evictApiKey(db, id);
}

/** The names of the workspaces `ids` (id → name); ids of no workspace are left out. */
export async function workspaceNames(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await orm(q)
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .where(inArray(workspaces.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Renames a workspace (the first-run wizard names the default one). */
export async function renameWorkspace(q: Queryable, id: string, name: string): Promise<void> {
  await orm(q).update(workspaces).set({ name }).where(eq(workspaces.id, id));
}
