import { createHash, randomBytes } from 'node:crypto';
import { asc, eq, isNull, lte, or } from 'drizzle-orm';
import type { Database, Queryable } from '../../kernel/db/database.ts';
import { orm, scoped } from '../../kernel/db/orm.ts';
import type { Role } from './access.ts';
import { apiKeys, workspaces } from './workspaces.schema.ts';

/**
 * API keys: `omk_` + 43 base64url characters (32 random bytes). Only the SHA-256 of a key is
 * stored; a key this random needs no slow hash (a slow hash defends guessable passwords).
 */
export function generateApiKey(): string {
  return `omk_${randomBytes(32).toString('base64url')}`;
}

/** Hex SHA-256 of the key, as stored in `api_keys.key_hash`. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The caller of an authenticated `/api/v1` request: an API key, or a user signed in with a session
 * cookie (the users module's authenticator); `role` is the key's, or the user's in `workspaceId`.
 */
export interface Principal {
  workspaceId: string;
  role: Role;
  /** The API key that authenticated the request; null for a signed-in user. */
  apiKeyId: string | null;
  /** The signed-in user; null for an API key. */
  userId: string | null;
  /** Who acts, for audit columns (`applied_by`, `requested_by`): the user id, else the API key id. */
  actorId: string;
}

/** A principal authenticated by an API key. */
export type KeyPrincipal = Principal & { apiKeyId: string };

/** An API key as listed: never the key itself, only its first 8 characters. */
export interface ApiKeyView {
  id: string;
  workspaceId: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  /** When the key last authenticated a request (ISO 8601 UTC), to within {@link KEY_USE_RESOLUTION_MS}; null if never. */
  lastUsedAt: string | null;
}

const toView = (r: typeof apiKeys.$inferSelect): ApiKeyView => ({
  id: r.id,
  workspaceId: r.workspaceId,
  name: r.name,
  role: r.role,
  prefix: r.keyPrefix,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
});

/**
 * Per-database, per-process cache of key lookups (raw key → principal or null), 30 s per entry.
 * Revoking a key in this process evicts it at once (`evictApiKey`); other processes sharing the
 * database keep a revoked key for at most {@link PRINCIPAL_CACHE_TTL_MS}.
 */
export const PRINCIPAL_CACHE_TTL_MS = 30_000;
const caches = new WeakMap<object, Map<string, { principal: KeyPrincipal | null; at: number }>>();

function cacheOf(db: object) {
  const c = caches.get(db) ?? new Map();
  caches.set(db, c);
  return c;
}

/** Looks up a key (through the cache); null when unknown or revoked. */
export async function findPrincipal(db: Queryable, key: string): Promise<KeyPrincipal | null> {
  const cache = cacheOf(db);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < PRINCIPAL_CACHE_TTL_MS) return hit.principal;
  // unscoped: authentication finds the workspace from the key
  const [row] = await orm(db)
    .select({ apiKeyId: apiKeys.id, workspaceId: apiKeys.workspaceId, role: apiKeys.role })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashApiKey(key)));
  const principal: KeyPrincipal | null = row ? { ...row, userId: null, actorId: row.apiKeyId } : null;
  if (cache.size > 1000) cache.clear();
  cache.set(key, { principal, at: Date.now() });
  return principal;
}

/** Least time between two writes of one key's `last_used_at` (ms): a used key is written once a minute, not per request. */
export const KEY_USE_RESOLUTION_MS = 60_000;
const lastRecorded = new WeakMap<object, Map<string, number>>();

/**
 * Records that `principal`'s key authenticated a request at `now` (`api_keys.last_used_at`), at most
 * once per {@link KEY_USE_RESOLUTION_MS} per key: skipped without a query when this process recorded
 * the key less than that long ago, and (in the UPDATE) when the stored time is that recent (another
 * process wrote it). The check is synchronous, so concurrent requests start one write at most.
 * Meant to run without being awaited (`.catch` to log). Resolves true when it wrote, else false;
 * rejects with the database's error (the key is then retried on its next use).
 */
export async function recordKeyUse(
  db: Queryable,
  principal: KeyPrincipal,
  now = new Date(),
): Promise<boolean> {
  const seen = lastRecorded.get(db) ?? new Map<string, number>();
  lastRecorded.set(db, seen);
  const last = seen.get(principal.apiKeyId);
  if (last !== undefined && Math.abs(now.getTime() - last) < KEY_USE_RESOLUTION_MS) return false;
  if (seen.size > 10_000) seen.clear();
  seen.set(principal.apiKeyId, now.getTime());
  try {
    const s = scoped(db, principal.workspaceId);
    const cutoff = new Date(now.getTime() - KEY_USE_RESOLUTION_MS);
    const written = await s.db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        s.where(
          apiKeys,
          eq(apiKeys.id, principal.apiKeyId),
          or(isNull(apiKeys.lastUsedAt), lte(apiKeys.lastUsedAt, cutoff)),
        ),
      )
      .returning({ id: apiKeys.id });
    return written.length > 0;
  } catch (e) {
    if (seen.get(principal.apiKeyId) === now.getTime()) seen.delete(principal.apiKeyId);
    throw e;
  }
}

/** Forgets every cached lookup of key `apiKeyId` in this process (after a revocation). */
export function evictApiKey(db: object, apiKeyId: string): void {
  const cache = cacheOf(db);
  for (const [k, v] of cache) if (v.principal?.apiKeyId === apiKeyId) cache.delete(k);
}

/**
 * Stores a new key for `workspaceId` (`key` when given, else a generated one) and returns it with
 * its listing; the key itself is never readable again. Throws the database's unique violation
 * when `key` already exists.
 */
export async function insertApiKey(
  db: Queryable,
  input: { workspaceId: string; name: string; role: Role; key?: string },
): Promise<{ key: string; view: ApiKeyView }> {
  const key = input.key ?? generateApiKey();
  const s = scoped(db, input.workspaceId);
  const [row] = await s.db
    .insert(apiKeys)
    .values(
      s.values({ name: input.name, role: input.role, keyPrefix: key.slice(0, 8), keyHash: hashApiKey(key) }),
    )
    .returning();
  return { key, view: toView(row!) };
}

/** The workspace's keys, oldest first. */
export async function listApiKeys(db: Queryable, workspaceId: string): Promise<ApiKeyView[]> {
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select()
    .from(apiKeys)
    .where(s.where(apiKeys))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  return rows.map(toView);
}

/** One key of the workspace, or null. */
export async function getApiKey(db: Queryable, workspaceId: string, id: string): Promise<ApiKeyView | null> {
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select()
    .from(apiKeys)
    .where(s.where(apiKeys, eq(apiKeys.id, id)));
  return row ? toView(row) : null;
}

/** The first workspace created on this instance (its owner keys manage workspaces), or null. */
export async function instanceWorkspaceId(db: Queryable): Promise<string | null> {
  const [row] = await orm(db)
    .select({ id: workspaces.id })
    .from(workspaces)
    .orderBy(asc(workspaces.createdAt), asc(workspaces.id))
    .limit(1);
  return row?.id ?? null;
}

/** What first-start bootstrap did. `generatedKey` is set only when an owner key was generated now (print it once). */
export interface BootstrapResult {
  workspaceId: string;
  created: boolean;
  generatedKey?: string;
  /** True when `OMNIFY_API_KEY` was not yet a key and was added as an owner key now. */
  configuredKeyAdded?: boolean;
}

/**
 * Creates the default workspace when there is none — without a key: keys are issued by
 * {@link ensureOwnerKey} once the server listens, so a start that fails (port taken) leaves nobody
 * locked out. Safe when several processes start at once (advisory lock).
 */
export async function bootstrapWorkspace(db: Database): Promise<{ workspaceId: string; created: boolean }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7157002)');
    const existing = await instanceWorkspaceId(tx);
    if (existing) return { workspaceId: existing, created: false };
    const [ws] = await orm(tx)
      .insert(workspaces)
      .values({ name: 'Default workspace' })
      .returning({ id: workspaces.id });
    return { workspaceId: ws!.id, created: true };
  });
}

/**
 * Makes sure the workspace has an owner key, after a successful listen: `apiKey` (OMNIFY_API_KEY)
 * is added as an owner key whenever it is not yet a key (on any start, not only the first);
 * without it, a key is generated only when the workspace has no owner key (returned once).
 */
export async function ensureOwnerKey(
  db: Database,
  workspaceId: string,
  apiKey?: string,
): Promise<{ generatedKey?: string; configuredKeyAdded?: boolean }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7157002)');
    if (apiKey) {
      // unscoped: a configured key may already belong to any workspace
      const known = await orm(tx)
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(eq(apiKeys.keyHash, hashApiKey(apiKey)));
      if (known.length > 0) return {};
      await insertApiKey(tx, { workspaceId, name: 'OMNIFY_API_KEY', role: 'owner', key: apiKey });
      return { configuredKeyAdded: true };
    }
    const s = scoped(tx, workspaceId);
    const owners = await s.db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(s.where(apiKeys, eq(apiKeys.role, 'owner')))
      .limit(1);
    if (owners.length > 0) return {};
    const { key } = await insertApiKey(tx, { workspaceId, name: 'owner', role: 'owner' });
    return { generatedKey: key };
  });
}
