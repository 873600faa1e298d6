import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../../kernel/db/database.ts';
import type { Role } from './access.ts';

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

/** The caller an API key authenticates. */
export interface Principal {
  workspaceId: string;
  apiKeyId: string;
  role: Role;
}

/** An API key as listed: never the key itself, only its first 8 characters. */
export interface ApiKeyView {
  id: string;
  workspaceId: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
}

const toView = (r: any): ApiKeyView => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  role: r.role,
  prefix: r.key_prefix,
  createdAt: new Date(r.created_at).toISOString(),
});

/**
 * Per-database, per-process cache of key lookups (raw key → principal or null), 30 s per entry.
 * Revoking a key in this process evicts it at once (`evictApiKey`); other processes sharing the
 * database keep a revoked key for at most {@link PRINCIPAL_CACHE_TTL_MS}.
 */
export const PRINCIPAL_CACHE_TTL_MS = 30_000;
const caches = new WeakMap<object, Map<string, { principal: Principal | null; at: number }>>();

function cacheOf(db: object) {
  const c = caches.get(db) ?? new Map();
  caches.set(db, c);
  return c;
}

/** Looks up a key (through the cache); null when unknown or revoked. */
export async function findPrincipal(db: Queryable, key: string): Promise<Principal | null> {
  const cache = cacheOf(db);
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < PRINCIPAL_CACHE_TTL_MS) return hit.principal;
  const r = await db.query<{ id: string; workspace_id: string; role: Role }>(
    'SELECT id, workspace_id, role FROM api_keys WHERE key_hash = $1',
    [hashApiKey(key)],
  );
  const row = r.rows[0];
  const principal = row ? { workspaceId: row.workspace_id, apiKeyId: row.id, role: row.role } : null;
  if (cache.size > 1000) cache.clear();
  cache.set(key, { principal, at: Date.now() });
  return principal;
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
  const r = await db.query(
    `INSERT INTO api_keys (workspace_id, name, role, key_prefix, key_hash) VALUES ($1, $2, $3, $4, $5)
     RETURNING *`,
    [input.workspaceId, input.name, input.role, key.slice(0, 8), hashApiKey(key)],
  );
  return { key, view: toView(r.rows[0]) };
}

/** The workspace's keys, oldest first. */
export async function listApiKeys(db: Queryable, workspaceId: string): Promise<ApiKeyView[]> {
  const r = await db.query('SELECT * FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id', [
    workspaceId,
  ]);
  return r.rows.map(toView);
}

/** One key of the workspace, or null. */
export async function getApiKey(db: Queryable, workspaceId: string, id: string): Promise<ApiKeyView | null> {
  const r = await db.query('SELECT * FROM api_keys WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  return r.rows[0] ? toView(r.rows[0]) : null;
}

/** The first workspace created on this instance (its owner keys manage workspaces), or null. */
export async function instanceWorkspaceId(db: Queryable): Promise<string | null> {
  const r = await db.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1');
  return r.rows[0]?.id ?? null;
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
    const ws = await tx.query<{ id: string }>(
      `INSERT INTO workspaces (name) VALUES ('Default workspace') RETURNING id`,
    );
    return { workspaceId: ws.rows[0]!.id, created: true };
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
      const known = await tx.query('SELECT 1 FROM api_keys WHERE key_hash = $1', [hashApiKey(apiKey)]);
      if (known.rows.length > 0) return {};
      await insertApiKey(tx, { workspaceId, name: 'OMNIFY_API_KEY', role: 'owner', key: apiKey });
      return { configuredKeyAdded: true };
    }
    const owners = await tx.query(`SELECT 1 FROM api_keys WHERE workspace_id = $1 AND role = 'owner'`, [
      workspaceId,
    ]);
    if (owners.rows.length > 0) return {};
    const { key } = await insertApiKey(tx, { workspaceId, name: 'owner', role: 'owner' });
    return { generatedKey: key };
  });
}
