import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';

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
  role: string;
}

/** Looks up a key; null when unknown. */
export async function findPrincipal(db: Queryable, key: string): Promise<Principal | null> {
  const r = await db.query<{ id: string; workspace_id: string; role: string }>(
    'SELECT id, workspace_id, role FROM api_keys WHERE key_hash = $1',
    [hashApiKey(key)],
  );
  const row = r.rows[0];
  return row ? { workspaceId: row.workspace_id, apiKeyId: row.id, role: row.role } : null;
}

/** Result of first-start bootstrap; `generatedKey` is set only when a key was generated now (print it once). */
export interface BootstrapResult {
  workspaceId: string;
  created: boolean;
  generatedKey?: string;
}

/**
 * On first start (no workspace yet) creates the default workspace and an owner key: `apiKey` when
 * given (OMNIFY_API_KEY), else a generated one returned once. Later starts change nothing.
 * Safe when several processes start at once (advisory lock).
 */
export async function bootstrapWorkspace(db: Database, apiKey?: string): Promise<BootstrapResult> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7157002)');
    const existing = await tx.query<{ id: string }>('SELECT id FROM workspaces ORDER BY created_at LIMIT 1');
    if (existing.rows[0]) return { workspaceId: existing.rows[0].id, created: false };
    const ws = await tx.query<{ id: string }>(
      `INSERT INTO workspaces (name) VALUES ('Default workspace') RETURNING id`,
    );
    const workspaceId = ws.rows[0]!.id;
    const key = apiKey ?? generateApiKey();
    await tx.query(
      `INSERT INTO api_keys (workspace_id, name, role, key_prefix, key_hash) VALUES ($1, 'owner', 'owner', $2, $3)`,
      [workspaceId, key.slice(0, 8), hashApiKey(key)],
    );
    return { workspaceId, created: true, ...(apiKey ? {} : { generatedKey: key }) };
  });
}
