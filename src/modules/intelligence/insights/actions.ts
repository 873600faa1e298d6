import { eq, getTableColumns, inArray } from 'drizzle-orm';
import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { keyset, scoped } from '../../../kernel/db/orm.ts';
import { isUuid } from '../../../kernel/db/uuid.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import type { JobError } from '../../../kernel/queue/job-failure.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';
import { insightActions, insights } from '../intelligence.schema.ts';
import type { Recommendation } from './insights.repository.ts';

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

/** An `insight_actions` row. */
export type ActionRow = typeof insightActions.$inferSelect;

/** Maps an `insight_actions` row. */
export function toActionView(r: ActionRow): ActionView {
  return {
    id: r.id,
    insightId: r.insightId,
    kind: r.kind,
    status: r.status as ActionView['status'],
    operation: r.operation as ActionView['operation'],
    state: r.state as ActionView['state'],
    error: (r.error ?? null) as JobError | null,
    target: r.target as ActionView['target'],
    before: r.before,
    after: r.after,
    appliedBy: r.appliedBy,
    appliedAt: r.appliedAt.toISOString(),
    rolledBackBy: r.rolledBackBy,
    rolledBackAt: r.rolledBackAt?.toISOString() ?? null,
  };
}

/** The workspace's action `id`, or null when absent (or `id` is not a uuid). */
export async function findAction(db: Queryable, workspaceId: string, id: string): Promise<ActionView | null> {
  if (!isUuid(id)) return null;
  const s = scoped(db, workspaceId);
  const [row] = await s.db
    .select()
    .from(insightActions)
    .where(s.where(insightActions, eq(insightActions.id, id)));
  return row ? toActionView(row) : null;
}

/** One page of the workspace's actions, newest first (keyset on applied_at, id; a bad cursor is a 400). */
export async function listActions(
  db: Queryable,
  workspaceId: string,
  page: { limit: number; cursor?: string },
): Promise<{ data: ActionView[]; nextCursor: string | null }> {
  const s = scoped(db, workspaceId);
  const k = keyset({ sort: insightActions.appliedAt, id: insightActions.id, ...page });
  const rows = await s.db
    .select({ ...getTableColumns(insightActions), pageAt: k.pageAt })
    .from(insightActions)
    .where(s.where(insightActions, k.after))
    .orderBy(...k.orderBy)
    .limit(k.limit);
  return k.page(rows, toActionView);
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
    const s = scoped(tx, workspaceId);
    const [insight] = await s.db
      .select({ status: insights.status, recommendation: insights.recommendation })
      .from(insights)
      .where(s.where(insights, eq(insights.id, insightId)))
      .for('update');
    if (!insight) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No insight has this id.');
    const recommendation = insight.recommendation as Recommendation | null;
    if (!recommendation) throw conflict('This insight has no recommendation to apply.');
    const [live] = await s.db
      .select({ status: insightActions.status })
      .from(insightActions)
      .where(
        s.where(
          insightActions,
          eq(insightActions.insightId, insightId),
          inArray(insightActions.status, ['pending', 'applied']),
        ),
      );
    if (insight.status === 'applied' || live?.status === 'applied')
      throw conflict('This insight is already applied; roll its action back first.');
    if (live) throw conflict('This insight is being applied; follow its action.');
    const [row] = await s.db
      .insert(insightActions)
      .values(
        s.values({
          insightId,
          kind: recommendation.action,
          status: 'pending',
          operation: 'apply',
          state: 'queued',
          target: recommendation.action === 'add_to_segment' ? 'omnify' : 'recorded',
          before: {},
          after: {},
          appliedBy,
          recommendation,
        }),
      )
      .returning();
    const action = toActionView(row!);
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
    const s = scoped(tx, workspaceId);
    const [a] = await s.db
      .select({ status: insightActions.status, state: insightActions.state })
      .from(insightActions)
      .where(s.where(insightActions, eq(insightActions.id, actionId)))
      .for('update');
    if (!a) throw new OmnifyError('OMNIFY_ERR_NOT_FOUND', 'No action has this id.');
    if (a.status === 'rolled_back') throw conflict('This action is already rolled back.');
    if (a.status === 'pending' || a.state === 'queued' || a.state === 'running')
      throw conflict('This action has a job in progress; wait for it to finish.');
    const [row] = await s.db
      .update(insightActions)
      .set({ operation: 'rollback', state: 'queued', error: null, attempts: 0, rolledBackBy: by })
      .where(s.where(insightActions, eq(insightActions.id, actionId)))
      .returning();
    await queue.enqueue<InsightActionJob>('insight-action', { actionId }, {}, tx);
    return toActionView(row!);
  });
}
