import type { Queryable } from '../db/database.ts';
import { isUuid } from '../db/uuid.ts';

/** An agent row. `config` may hold secrets (API keys): mask before sending out. */
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

function toRecord(r: any): AgentRecord {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    kind: r.kind,
    name: r.name,
    config: r.config,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Loads an agent of the workspace; null when absent. */
export async function findAgent(db: Queryable, id: string, workspaceId: string): Promise<AgentRecord | null> {
  if (!isUuid(id)) return null;
  const r = await db.query(`SELECT ${COLUMNS} FROM agents WHERE id = $1 AND workspace_id = $2`, [
    id,
    workspaceId,
  ]);
  return r.rows[0] ? toRecord(r.rows[0]) : null;
}

/** Lists the workspace's agents, oldest first. */
export async function listAgents(db: Queryable, workspaceId: string): Promise<AgentRecord[]> {
  const r = await db.query(`SELECT ${COLUMNS} FROM agents WHERE workspace_id = $1 ORDER BY created_at, id`, [
    workspaceId,
  ]);
  return r.rows.map(toRecord);
}

/** Inserts an agent whose config was already validated. */
export async function insertAgent(
  db: Queryable,
  a: Pick<AgentRecord, 'workspaceId' | 'kind' | 'name' | 'config'>,
): Promise<AgentRecord> {
  const r = await db.query(
    `INSERT INTO agents (workspace_id, kind, name, config) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [a.workspaceId, a.kind, a.name, JSON.stringify(a.config)],
  );
  return toRecord(r.rows[0]);
}

/** Updates name and/or config; null when absent. */
export async function updateAgent(
  db: Queryable,
  id: string,
  workspaceId: string,
  patch: { name?: string; config?: Record<string, unknown> },
): Promise<AgentRecord | null> {
  if (!isUuid(id)) return null;
  const r = await db.query(
    `UPDATE agents SET name = COALESCE($3, name), config = COALESCE($4::jsonb, config), updated_at = now()
     WHERE id = $1 AND workspace_id = $2 RETURNING ${COLUMNS}`,
    [id, workspaceId, patch.name ?? null, patch.config ? JSON.stringify(patch.config) : null],
  );
  return r.rows[0] ? toRecord(r.rows[0]) : null;
}

/** Deletes an agent (channels using it lose their agent). False when absent. */
export async function deleteAgent(db: Queryable, id: string, workspaceId: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = await db.query('DELETE FROM agents WHERE id = $1 AND workspace_id = $2', [id, workspaceId]);
  return r.rowCount > 0;
}
