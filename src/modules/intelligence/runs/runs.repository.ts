import { eq, getTableColumns } from 'drizzle-orm';
import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { keyset, scoped } from '../../../kernel/db/orm.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';
import { modelRuns } from '../intelligence.schema.ts';

/** The models a run can execute, in the order a full run executes them. */
export const MODEL_NAMES = ['ltv', 'anomaly', 'fatigue', 'forecast', 'budget'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Data of an `intel-run` job: one run to execute, or (from the schedule) a run for every workspace. */
export type IntelRunJob = { runId: string } | { allWorkspaces: true };

/** A model run as the API shows it. */
export interface RunView {
  id: string;
  models: ModelName[];
  reason: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  /** Per model: `{ status, …counts }` as the run advances. */
  progress: Record<string, unknown>;
  summary: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * Asks for the given models to run for a workspace, in the caller's transaction when `tx` is given
 * (so an import and its follow-up run commit together). A run of that workspace still waiting in the
 * queue absorbs the request (its model list grows) instead of piling up a second run; otherwise a
 * new run row and its durable job are written. Returns the run id.
 */
export async function requestRun(
  queue: JobQueue,
  db: Database,
  workspaceId: string,
  models: readonly ModelName[],
  reason: string,
  tx?: Queryable,
): Promise<string> {
  const work = async (q: Queryable) => {
    await q.query('SELECT pg_advisory_xact_lock(7157002, hashtext($1))', [workspaceId]);
    const waiting = await q.query<{ id: string }>(
      `UPDATE model_runs SET models = ARRAY(SELECT DISTINCT unnest(models || $2::text[]))
       WHERE id = (SELECT id FROM model_runs WHERE workspace_id = $1 AND status = 'queued'
                   ORDER BY created_at LIMIT 1)
       RETURNING id`,
      [workspaceId, models],
    );
    if (waiting.rows[0]) return waiting.rows[0].id;
    const created = await q.query<{ id: string }>(
      'INSERT INTO model_runs (workspace_id, models, reason) VALUES ($1, $2::text[], $3) RETURNING id',
      [workspaceId, models, reason],
    );
    const runId = created.rows[0]!.id;
    await queue.enqueue<IntelRunJob>('intel-run', { runId }, {}, q);
    return runId;
  };
  return tx ? work(tx) : db.transaction(work);
}

type RunRow = typeof modelRuns.$inferSelect;

/** Maps a `model_runs` row. */
export function toRunView(r: RunRow): RunView {
  return {
    id: r.id,
    models: sortModels(r.models),
    reason: r.reason,
    status: r.status as RunView['status'],
    progress: (r.progress ?? {}) as RunView['progress'],
    summary: (r.summary ?? {}) as RunView['summary'],
    error: r.error ?? null,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** The workspace's run `id`, or null when absent (or `id` is not a uuid). */
export async function findRun(db: Queryable, workspaceId: string, id: string): Promise<RunView | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select()
    .from(modelRuns)
    .where(s.where(modelRuns, eq(modelRuns.id, id)));
  return row ? toRunView(row) : null;
}

/** One page of the workspace's runs, newest first (keyset on created_at, id; a bad cursor is a 400). */
export async function listRuns(
  db: Queryable,
  workspaceId: string,
  page: { limit: number; cursor?: string },
): Promise<{ data: RunView[]; nextCursor: string | null }> {
  const s = scoped(db, workspaceId);
  const k = keyset({ sort: modelRuns.createdAt, id: modelRuns.id, ...page });
  const rows = await s.db
    .select({ ...getTableColumns(modelRuns), pageAt: k.pageAt })
    .from(modelRuns)
    .where(s.where(modelRuns, k.after))
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, toRunView);
}

/** Model names in execution order. */
export function sortModels(models: readonly string[]): ModelName[] {
  return MODEL_NAMES.filter((m) => models.includes(m));
}

/** Saves one model's progress entry into the run (a JSONB merge). */
export async function setRunProgress(
  db: Queryable,
  runId: string,
  model: string,
  value: unknown,
): Promise<void> {
  await db.query(
    `UPDATE model_runs SET progress = progress || jsonb_build_object($2::text, $3::jsonb) WHERE id = $1`,
    [runId, model, JSON.stringify(value)],
  );
}
