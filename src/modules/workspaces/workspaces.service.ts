import { asc, count, eq, inArray } from 'drizzle-orm';
import { DEFAULT_TIME_ZONE, requireTimeZone, type TimeZone } from '../../kernel/dates/time-zone.ts';
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
  /** IANA time zone name its days, "today", "yesterday" and schedules follow ('UTC' by default). */
  timeZone: TimeZone;
  createdAt: string;
}

const toWorkspace = (r: typeof workspaces.$inferSelect): WorkspaceView => ({
  id: r.id,
  name: r.name,
  timeZone: r.timeZone,
  createdAt: r.createdAt.toISOString(),
});

/** A key as answered once at creation: its listing plus the key itself. */
export type CreatedKey = ApiKeyView & { key: string };

/**
 * Creates a workspace (time zone `timeZone`, else UTC) and its first owner key (named `owner`) in
 * one transaction; the key is returned this once and only its hash is stored.
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (field `/body/timeZone`) for an unknown time zone.
 */
export async function createWorkspace(
  db: Database,
  name: string,
  timeZone: string = DEFAULT_TIME_ZONE,
): Promise<{ workspace: WorkspaceView; apiKey: CreatedKey }> {
  const zone = requireTimeZone(timeZone, '/body/timeZone');
  return db.transaction(async (tx) => {
    const [ws] = await orm(tx).insert(workspaces).values({ name, timeZone: zone }).returning();
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

/** The workspace `id` as the API shows it; null when there is none. */
export async function getWorkspace(q: Queryable, id: string): Promise<WorkspaceView | null> {
  if (!isUuid(id)) return null;
  const [row] = await orm(q).select().from(workspaces).where(eq(workspaces.id, id));
  return row ? toWorkspace(row) : null;
}

/** What `PATCH /workspace` may change. */
export interface WorkspaceSettings {
  name?: string;
  /** An IANA time zone name, matched case-insensitively (see src/kernel/dates/time-zone.ts). */
  timeZone?: string;
}

/**
 * Changes the workspace's name and/or time zone and returns it. The time zone is stored in its usual
 * spelling (`europe/berlin` → `Europe/Berlin`); from then on the workspace's "today", the as-of day
 * of its model runs and the hour of its scheduled run follow it (ad accounts without a zone of their
 * own too).
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (field `/body/timeZone`, naming the closest known zone)
 *   for a name that is no IANA time zone; `OMNIFY_ERR_NOT_FOUND` when the workspace is gone.
 */
export async function updateWorkspace(
  q: Queryable,
  id: string,
  settings: WorkspaceSettings,
): Promise<WorkspaceView> {
  const set: Partial<typeof workspaces.$inferInsert> = {};
  if (settings.name !== undefined) set.name = settings.name;
  if (settings.timeZone !== undefined) set.timeZone = requireTimeZone(settings.timeZone, '/body/timeZone');
  const [row] =
    Object.keys(set).length > 0
      ? await orm(q).update(workspaces).set(set).where(eq(workspaces.id, id)).returning()
      : await orm(q).select().from(workspaces).where(eq(workspaces.id, id));
  if (!row) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'The workspace does not exist any more.');
  return toWorkspace(row);
}

/**
 * The time zone of each workspace of `ids` (id → IANA name); ids of no workspace are left out. Other
 * modules (intelligence) read it to compute a workspace's "today" and schedule.
 */
export async function workspaceTimeZones(
  q: Queryable,
  ids: readonly string[],
): Promise<Map<string, TimeZone>> {
  if (ids.length === 0) return new Map();
  const rows = await orm(q)
    .select({ id: workspaces.id, timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(inArray(workspaces.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.timeZone]));
}

/** The time zone of workspace `id` ('UTC' when it does not exist). */
export async function workspaceTimeZone(q: Queryable, id: string): Promise<TimeZone> {
  return (await workspaceTimeZones(q, [id])).get(id) ?? DEFAULT_TIME_ZONE;
}

/** Renames a workspace (the first-run wizard names the default one). */
export async function renameWorkspace(q: Queryable, id: string, name: string): Promise<void> {
  await orm(q).update(workspaces).set({ name }).where(eq(workspaces.id, id));
}
