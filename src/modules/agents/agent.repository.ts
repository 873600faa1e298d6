import { randomUUID } from 'node:crypto';
import type { SecretBox } from '../../kernel/crypto/secret-box.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { isUuid } from '../../kernel/db/uuid.ts';

/**
 * An agent row. `config` may hold secrets (API keys): mask before sending out. It is stored sealed
 * (AES-256-GCM, bound to the row id: docs/security.md); the functions here seal on write and open on
 * read, so a record's `config` is always plaintext.
 */
export interface AgentRecord {
  id: string;
  workspaceId: string;
  kind: string;
  name: string;
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = 'id, workspace_id, kind, name, config, created_at, updated_at';

function toRecord(r: any, box: SecretBox): AgentRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    kind: r.kind,
    name: r.name,
    config: box.open(r.config, 'agents', 'config', r.id),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Loads an agent of the workspace; null when absent. */
export async function findAgent(
  db: Queryable,
  box: SecretBox,
  id: string,
  workspaceId: string,
): Promise<AgentRecord | null> {
  if (!isUuid(id)) return null;
  const r = await db.query(`SELECT ${COLUMNS} FROM agents WHERE id = $1 AND workspace_id = $2`, [
    id,
    workspaceId,
  ]);
  return r.rows[0] ? toRecord(r.rows[0], box) : null;
}

/** Lists the workspace's agents, oldest first. */
export async function listAgents(db: Queryable, box: SecretBox, workspaceId: string): Promise<AgentRecord[]> {
  const r = await db.query(`SELECT ${COLUMNS} FROM agents WHERE workspace_id = $1 ORDER BY created_at, id`, [
    workspaceId,
  ]);
  return r.rows.map((row) => toRecord(row, box));
}

/** Inserts an agent whose config was already validated (its id is chosen here: the sealed config is bound to it). */
export async function insertAgent(
  db: Queryable,
  box: SecretBox,
  a: Pick<AgentRecord, 'workspaceId' | 'kind' | 'name' | 'config'>,
): Promise<AgentRecord> {
  const id = randomUUID();
  const r = await db.query(
    `INSERT INTO agents (id, workspace_id, kind, name, config) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [id, a.workspaceId, a.kind, a.name, JSON.stringify(box.seal(a.config, 'agents', 'config', id))],
  );
  return toRecord(r.rows[0], box);
}

/** Updates name and/or config; null when absent. */
export async function updateAgent(
  db: Queryable,
  box: SecretBox,
  id: string,
  workspaceId: string,
  patch: { name?: string; config?: Record<string, unknown> },
): Promise<AgentRecord | null> {
  if (!isUuid(id)) return null;
  const r = await db.query(
    `UPDATE agents SET name = COALESCE($3, name), config = COALESCE($4::jsonb, config), updated_at = now()
     WHERE id = $1 AND workspace_id = $2 RETURNING ${COLUMNS}`,
    [
      id,
      workspaceId,
      patch.name ?? null,
      patch.config ? JSON.stringify(box.seal(patch.config, 'agents', 'config', id)) : null,
    ],
  );
  return r.rows[0] ? toRecord(r.rows[0], box) : null;
}

/** Deletes an agent (channels using it lose their agent). False when absent. */
export async function deleteAgent(db: Queryable, id: string, workspaceId: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await db.query('DELETE FROM agents WHERE id = $1 AND workspace_id = $2', [id, workspaceId]);
  return r.rowCount > 0;
}
