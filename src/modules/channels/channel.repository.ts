import type { SecretBox } from '../../kernel/crypto/secret-box.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { isUuid } from '../../kernel/db/uuid.ts';

/**
 * A channel row: one connected account on a platform. `config` holds secrets: never send it out
 * unmasked. It is stored sealed (AES-256-GCM, bound to the row id: docs/security.md); the functions
 * here seal on write and open on read, so a record's `config` is always plaintext.
 */
export interface ChannelRecord {
  id: string;
  workspaceId: string;
  platform: string;
  name: string;
  config: Record<string, unknown>;
  sandbox: boolean;
  agentId: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = 'id, workspace_id, platform, name, config, sandbox, agent_id, created_at, updated_at';

function toRecord(r: any, box: SecretBox): ChannelRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    platform: r.platform,
    name: r.name,
    config: box.open(r.config, 'channels', 'config', r.id),
    sandbox: r.sandbox,
    agentId: r.agent_id,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Loads a channel by id, in any workspace (webhooks) or within `workspaceId` (API). Null when absent. */
export async function findChannel(
  db: Queryable,
  box: SecretBox,
  id: string,
  workspaceId?: string,
): Promise<ChannelRecord | null> {
  if (!isUuid(id)) return null;
  const r = workspaceId
    ? await db.query(`SELECT ${COLUMNS} FROM channels WHERE id = $1 AND workspace_id = $2`, [id, workspaceId])
    : await db.query(`SELECT ${COLUMNS} FROM channels WHERE id = $1`, [id]);
  return r.rows[0] ? toRecord(r.rows[0], box) : null;
}

/** Lists a workspace's channels, oldest first. */
export async function listChannels(
  db: Queryable,
  box: SecretBox,
  workspaceId: string,
): Promise<ChannelRecord[]> {
  const r = await db.query(
    `SELECT ${COLUMNS} FROM channels WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
  return r.rows.map((row) => toRecord(row, box));
}

/** Inserts a channel with a caller-chosen id (the sandbox URL embeds it). */
export async function insertChannel(
  db: Queryable,
  box: SecretBox,
  c: Pick<ChannelRecord, 'id' | 'workspaceId' | 'platform' | 'name' | 'config' | 'sandbox' | 'agentId'>,
): Promise<ChannelRecord> {
  const r = await db.query(
    `INSERT INTO channels (id, workspace_id, platform, name, config, sandbox, agent_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
    [
      c.id,
      c.workspaceId,
      c.platform,
      c.name,
      JSON.stringify(box.seal(c.config, 'channels', 'config', c.id)),
      c.sandbox,
      c.agentId,
    ],
  );
  return toRecord(r.rows[0], box);
}

/** Updates name, config and/or agent; returns the new row or null when absent. */
export async function updateChannel(
  db: Queryable,
  box: SecretBox,
  id: string,
  workspaceId: string,
  patch: { name?: string; config?: Record<string, unknown>; agentId?: string | null },
): Promise<ChannelRecord | null> {
  if (!isUuid(id)) return null;
  const r = await db.query(
    `UPDATE channels SET
       name = COALESCE($3, name),
       config = COALESCE($4::jsonb, config),
       agent_id = CASE WHEN $5::boolean THEN $6::uuid ELSE agent_id END,
       updated_at = now()
     WHERE id = $1 AND workspace_id = $2 RETURNING ${COLUMNS}`,
    [
      id,
      workspaceId,
      patch.name ?? null,
      patch.config ? JSON.stringify(box.seal(patch.config, 'channels', 'config', id)) : null,
      patch.agentId !== undefined,
      patch.agentId ?? null,
    ],
  );
  return r.rows[0] ? toRecord(r.rows[0], box) : null;
}

/** Deletes a channel with its conversations and messages. Returns false when absent. */
export async function deleteChannel(db: Queryable, id: string, workspaceId: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await db.query('DELETE FROM channels WHERE id = $1 AND workspace_id = $2', [id, workspaceId]);
  return r.rowCount > 0;
}
