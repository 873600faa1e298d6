import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import type { JobError } from '../../../kernel/queue/job-failure.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';

/**
 * Changes made on the ad platform: each returns what was there before, or null when the ad account
 * has no connector (then the change is only recorded in Omnify for the user to make). `q` reads the
 * account's connector; the action job passes the database itself, never a transaction, so no row
 * lock is held while the platform answers. Setting the same value twice is harmless: both calls set
 * an absolute value, and connectors read the current value first (it is what they return).
 */
export interface PlatformGateway {
  setBudget(
    q: Queryable,
    accountId: string,
    change: { campaignExternalId: string; dailyBudgetMinor: number; currency: string },
  ): Promise<{ previousDailyBudgetMinor?: number } | null>;
  /**
   * The campaign's daily budget on the platform now (minor units), or null when the account has no
   * connector or the connector cannot read budgets. Read before repeating a budget change.
   */
  getBudget?(q: Queryable, accountId: string, campaignExternalId: string): Promise<number | null>;
  setAdStatus(
    q: Queryable,
    accountId: string,
    change: { adExternalId: string; adSetExternalId: string; status: 'active' | 'paused' },
  ): Promise<{ previousStatus?: 'active' | 'paused' } | null>;
}

/**
 * A recommendation applied (or being applied, or rolled back): the audit record and its job.
 * `status`: `pending` until the apply job succeeds (`applied`) or gives up (`failed`; the steps it
 * did are in `before`/`after` and can be rolled back), then `rolled_back`. `operation` and `state`
 * describe the latest job asked of it (apply or rollback), `error` why it failed.
 */
export interface ActionView {
  id: string;
  insightId: string;
  kind: string;
  status: 'pending' | 'applied' | 'failed' | 'rolled_back';
  operation: 'apply' | 'rollback';
  state: 'queued' | 'running' | 'succeeded' | 'failed';
  error: JobError | null;
  /** `omnify`: done inside Omnify (segments); `platform`: the ad platform's API was called; `recorded`: for the user to make. */
  target: 'omnify' | 'platform' | 'recorded';
  before: unknown;
  after: unknown;
  appliedBy: string | null;
  appliedAt: string;
  rolledBackBy: string | null;
  rolledBackAt: string | null;
}

/** Data of an `insight-action` job: the action whose pending operation (apply or rollback) to run. */
export interface InsightActionJob {
  actionId: string;
}

/** Maps an `insight_actions` row. */
export function toActionView(r: any): ActionView {
  const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
  return {
    id: r.id,
    insightId: r.insight_id,
    kind: r.kind,
    status: r.status,
    operation: r.operation,
    state: r.state,
    error: r.error ?? null,
    target: r.target,
    before: r.before,
    after: r.after,
    appliedBy: r.applied_by,
    appliedAt: iso(r.applied_at)!,
    rolledBackBy: r.rolled_back_by,
    rolledBackAt: iso(r.rolled_back_at),
  };
}

const conflict = (message: string) => new OmnifyError('OMNIFY_ERR_CONFLICT', message);

/**
 * Asks for an insight's recommendation to be applied: in one transaction, records a `pending`
 * action (a copy of the recommendation, `state: queued`) and enqueues its `insight-action` job
 * (see action.job.ts). Throws NOT_FOUND for an unknown insight, CONFLICT when it has no
 * recommendation or already has a pending or applied action (a unique index backs the check).
 */
export async function requestApply(
  db: Database,
  queue: JobQueue,
  workspaceId: string,
  insightId: string,
  appliedBy: string,
): Promise<ActionView> {
  return db.transaction(async (tx) => {
    const found = await tx.query<{ status: string; recommendation: { action: string } | null }>(
      'SELECT status, recommendation FROM insights WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
      [insightId, workspaceId],
    );
    const insight = found.rows[0];
    if (!insight) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No insight has this id.');
    if (!insight.recommendation) throw conflict('This insight has no recommendation to apply.');
    const live = await tx.query<{ status: string }>(
      `SELECT status FROM insight_actions WHERE insight_id = $1 AND status IN ('pending', 'applied')`,
      [insightId],
    );
    if (insight.status === 'applied' || live.rows[0]?.status === 'applied')
      throw conflict('This insight is already applied; roll its action back first.');
    if (live.rows[0]) throw conflict('This insight is being applied; follow its action.');
    const r = await tx.query(
      `INSERT INTO insight_actions (workspace_id, insight_id, kind, status, operation, state, target, before, after,
         applied_by, recommendation)
       VALUES ($1, $2, $3, 'pending', 'apply', 'queued', $4, '{}'::jsonb, '{}'::jsonb, $5, $6::jsonb) RETURNING *`,
      [
        workspaceId,
        insightId,
        insight.recommendation.action,
        insight.recommendation.action === 'add_to_segment' ? 'omnify' : 'recorded',
        appliedBy,
        JSON.stringify(insight.recommendation),
      ],
    );
    const action = toActionView(r.rows[0]);
    await queue.enqueue<InsightActionJob>('insight-action', { actionId: action.id }, {}, tx);
    return action;
  });
}

/**
 * Asks for an action to be rolled back: marks its operation `rollback`, `state: queued`, and
 * enqueues the job in the same transaction. An action whose apply failed part-way can be rolled back
 * (the steps it did are undone). CONFLICT when it is rolled back already, still pending, or has a
 * job queued or running.
 */
export async function requestRollback(
  db: Database,
  queue: JobQueue,
  workspaceId: string,
  actionId: string,
  by: string,
): Promise<ActionView> {
  return db.transaction(async (tx: Queryable) => {
    const found = await tx.query<any>(
      'SELECT status, state FROM insight_actions WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
      [actionId, workspaceId],
    );
    const a = found.rows[0];
    if (!a) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No action has this id.');
    if (a.status === 'rolled_back') throw conflict('This action is already rolled back.');
    if (a.status === 'pending' || a.state === 'queued' || a.state === 'running')
      throw conflict('This action has a job in progress; wait for it to finish.');
    const r = await tx.query(
      `UPDATE insight_actions SET operation = 'rollback', state = 'queued', error = NULL, attempts = 0,
         rolled_back_by = $2 WHERE id = $1 RETURNING *`,
      [actionId, by],
    );
    await queue.enqueue<InsightActionJob>('insight-action', { actionId }, {}, tx);
    return toActionView(r.rows[0]);
  });
}
