import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { SecretBox } from '../../kernel/crypto/secret-box.ts';
import type { Queryable } from '../../kernel/db/database.ts';
import { scoped } from '../../kernel/db/orm.ts';
import { isUuid } from '../../kernel/db/uuid.ts';
import { agents } from './agents.schema.ts';

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

function toRecord(r: typeof agents.$inferSelect, box: SecretBox): AgentRecord {
  return {
    id: r.id,
    workspaceId: r.workspaceId,
    kind: r.kind,
    name: r.name,
    config: box.open(r.config, 'agents', 'config', r.id),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
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
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select()
    .from(agents)
    .where(s.where(agents, eq(agents.id, id)));
  return row ? toRecord(row, box) : null;
}

/** Lists the workspace's agents, oldest first. */
export async function listAgents(db: Queryable, box: SecretBox, workspaceId: string): Promise<AgentRecord[]> {
  const s = scoped(db, workspaceId);
  const rows = await s.db
    .select()
    .from(agents)
    .where(s.where(agents))
    .orderBy(asc(agents.createdAt), asc(agents.id));
  return rows.map((row) => toRecord(row, box));
}

/** Inserts an agent whose config was already validated (its id is chosen here: the sealed config is bound to it). */
export async function insertAgent(
  db: Queryable,
  box: SecretBox,
  a: Pick<AgentRecord, 'workspaceId' | 'kind' | 'name' | 'config'>,
): Promise<AgentRecord> {
  const id = randomUUID();
  const s = scoped(db, a.workspaceId);
  const [row] = await s.db
    .insert(agents)
    .values(s.values({ id, kind: a.kind, name: a.name, config: box.seal(a.config, 'agents', 'config', id) }))
    .returning();
  return toRecord(row!, box);
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
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .update(agents)
    .set({
      name: patch.name,
      config: patch.config ? box.seal(patch.config, 'agents', 'config', id) : undefined,
      updatedAt: sql`now()`,
    })
    .where(s.where(agents, eq(agents.id, id)))
    .returning();
  return row ? toRecord(row, box) : null;
}

/** Deletes an agent (channels using it lose their agent). False when absent. */
export async function deleteAgent(db: Queryable, id: string, workspaceId: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const s = scoped(db, workspaceId);
  const gone = await s.db
    .delete(agents)
    .where(s.where(agents, eq(agents.id, id)))
    .returning({ id: agents.id });
  return gone.length > 0;
}
