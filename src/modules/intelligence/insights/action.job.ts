/**
 * The `insight-action` job: runs the pending operation (apply or rollback) of an insight action
 * (requested by actions.ts). No transaction is open while an ad platform answers: each platform
 * step records its intent (tx1), calls the platform, then records the outcome with Omnify's copy
 * (tx2). A crash between the two leaves the step `calling`; the retry calls the platform again,
 * which sets the same absolute value (the connector reads the current value first and returns it),
 * and when the platform already holds the target the value recorded with the intent is kept as the
 * one to restore, so nothing is applied twice and the rollback restores the true previous value.
 */

import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import type { Database, Queryable } from '../../../kernel/db/database.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { outboundHttp } from '../../../kernel/http-client/client.ts';
import { jobFailure } from '../../../kernel/queue/job-failure.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';
import { addContactsToSegmentByAction } from '../../contacts/contacts.service.ts';
import { rollback } from './action.rollback.ts';
import type { InsightActionJob, PlatformGateway } from './actions.ts';
import type { Recommendation } from './insights.repository.ts';
import { platformGateway } from './platform-gateway.ts';

export type { InsightActionJob } from './actions.ts';

/** What the action job needs; `platform` replaces the connectors' gateway (tests). */
export interface ActionJobDeps {
  config: { allowPrivateUrls: boolean };
  db: Database;
  queue: JobQueue;
  secrets: SecretBox;
  log: { error(obj: object, msg: string): void };
  platform?: PlatformGateway;
}

/** Tries of one operation before it fails for good (transient platform errors only). */
export const ACTION_MAX_ATTEMPTS = 5;

/** One platform-facing step of an apply: a campaign budget or an ad status. */
interface Step {
  id: string;
  state: 'calling' | 'done';
  /** Omnify's value when the intent was recorded (restored when the platform cannot tell). */
  omnifyBefore: unknown;
  to: unknown;
  before?: unknown;
  platform?: boolean;
}

/** Runs the action's queued operation; a finished or unknown action is left alone (redelivery). */
export async function runInsightAction(deps: ActionJobDeps, job: InsightActionJob): Promise<void> {
  const found = await deps.db.query<any>('SELECT * FROM insight_actions WHERE id = $1', [job.actionId]);
  const a = found.rows[0];
  if (!a || a.state === 'succeeded' || a.state === 'failed') return;
  const attempts = a.attempts + 1;
  await deps.db.query(`UPDATE insight_actions SET state = 'running', attempts = $2 WHERE id = $1`, [
    a.id,
    attempts,
  ]);
  const gw = deps.platform ?? platformGateway(deps.secrets, outboundHttp(deps.config));
  const steps: Step[] = Array.isArray(a.steps) ? a.steps : [];
  try {
    if (a.operation === 'rollback') await rollback(deps.db, gw, a);
    else await apply(deps.db, gw, a, steps);
  } catch (e) {
    const f = jobFailure(e, attempts, ACTION_MAX_ATTEMPTS);
    if (f.error.code === 'OMNIFY_ERR_INTERNAL')
      deps.log.error({ err: e, actionId: a.id }, 'insight action failed');
    await deps.db.transaction(async (tx) => {
      if (!f.retry && a.operation === 'apply') {
        // Given up: the steps done so far stay recorded (and can be rolled back).
        const done = summarize(a.recommendation, steps);
        await tx.query(
          `UPDATE insight_actions SET status = 'failed', target = $2, before = $3::jsonb, after = $4::jsonb WHERE id = $1`,
          [a.id, done.target, JSON.stringify(done.before), JSON.stringify(done.after)],
        );
      }
      await tx.query('UPDATE insight_actions SET state = $2, error = $3::jsonb WHERE id = $1', [
        a.id,
        f.retry ? 'queued' : 'failed',
        JSON.stringify(f.error),
      ]);
      if (f.retry) await deps.queue.enqueue('insight-action', job, { startAfterMs: f.delayMs }, tx);
    });
  }
}

async function saveSteps(q: Queryable, actionId: string, steps: Step[]): Promise<void> {
  await q.query('UPDATE insight_actions SET steps = $2::jsonb WHERE id = $1', [
    actionId,
    JSON.stringify(steps),
  ]);
}

/**
 * One platform step: tx1 records the intent, the platform is called with no transaction open, tx2
 * writes Omnify's copy (`write`) and the outcome. `call` answers whether a connector was used and the
 * platform's value before the change.
 */
async function step<R extends { omnifyBefore: unknown }>(
  db: Database,
  actionId: string,
  steps: Step[],
  i: number,
  s: {
    id: string;
    to: unknown;
    read: () => Promise<R | undefined>;
    call: (row: R, retry: boolean) => Promise<{ platform: boolean; previous?: unknown }>;
    write: (tx: Queryable) => Promise<void>;
  },
): Promise<void> {
  if (steps[i]?.state === 'done') return;
  const retry = steps[i]?.state === 'calling';
  const row = await s.read();
  if (!row)
    throw new OmnifyError(
      'OMNIFY_ERR_NOT_FOUND',
      `The campaign or ad ${s.id} of this action no longer exists.`,
    );
  steps[i] = retry ? steps[i]! : { id: s.id, state: 'calling', omnifyBefore: row.omnifyBefore, to: s.to };
  await saveSteps(db, actionId, steps);
  const res = await s.call(row, retry);
  const stale = res.previous === undefined || (retry && res.previous === s.to);
  steps[i] = {
    ...steps[i]!,
    state: 'done',
    before: stale ? steps[i]!.omnifyBefore : res.previous,
    platform: res.platform,
  };
  await db.transaction(async (tx) => {
    await s.write(tx);
    await saveSteps(tx, actionId, steps);
  });
}

async function apply(db: Database, gw: PlatformGateway, a: any, steps: Step[]): Promise<void> {
  const rec = a.recommendation as Recommendation;
  if (rec.action === 'add_to_segment') return applySegment(db, a, rec);
  if (rec.action === 'pause_ad') {
    await step(db, a.id, steps, 0, {
      id: rec.adId,
      to: 'paused',
      read: async () =>
        (
          await db.query<any>(
            `SELECT a.status AS "omnifyBefore", a.external_id, s.external_id AS set_external_id, c.account_id
             FROM ads a JOIN ad_sets s ON s.id = a.ad_set_id JOIN ad_campaigns c ON c.id = a.campaign_id
             WHERE a.id = $1 AND a.workspace_id = $2`,
            [rec.adId, a.workspace_id],
          )
        ).rows[0],
      call: async (row) => {
        const r = await gw.setAdStatus(db, row.account_id, {
          adExternalId: row.external_id,
          adSetExternalId: row.set_external_id,
          status: 'paused',
        });
        return { platform: r !== null, previous: r?.previousStatus };
      },
      write: async (tx) =>
        void (await tx.query(`UPDATE ads SET status = 'paused' WHERE id = $1`, [rec.adId])),
    });
  } else {
    for (const [i, c] of rec.changes.entries()) {
      await step(db, a.id, steps, i, {
        id: c.campaignId,
        to: c.toDailyBudgetMinor,
        read: async () => {
          const r = await db.query<any>(
            'SELECT daily_budget_minor::text AS budget, account_id, external_id FROM ad_campaigns WHERE id = $1 AND workspace_id = $2',
            [c.campaignId, a.workspace_id],
          );
          const row = r.rows[0];
          return (
            row && { ...row, omnifyBefore: row.budget === null ? c.fromDailyBudgetMinor : Number(row.budget) }
          );
        },
        call: async (row, retry) => {
          // A retried step first reads the platform: if the first call landed, it is not made again.
          if (retry && gw.getBudget) {
            const now = await gw.getBudget(db, row.account_id, row.external_id);
            if (now === c.toDailyBudgetMinor) return { platform: true };
          }
          const r = await gw.setBudget(db, row.account_id, {
            campaignExternalId: row.external_id,
            dailyBudgetMinor: c.toDailyBudgetMinor,
            currency: rec.currency,
          });
          return { platform: r !== null, previous: r?.previousDailyBudgetMinor };
        },
        write: async (tx) =>
          void (await tx.query('UPDATE ad_campaigns SET daily_budget_minor = $2 WHERE id = $1', [
            c.campaignId,
            c.toDailyBudgetMinor,
          ])),
      });
    }
  }
  const done = summarize(rec, steps);
  await db.transaction(async (tx) => finishApply(tx, a, done));
}

/** The audit record's `target`, `before` and `after` from the steps done (the same shapes as ever). */
function summarize(rec: Recommendation, steps: Step[]): { target: string; before: unknown; after: unknown } {
  const done = steps.filter((s) => s.state === 'done');
  const target = done.some((s) => s.platform) ? 'platform' : 'recorded';
  if (rec.action === 'add_to_segment') return { target: 'omnify', before: {}, after: {} };
  if (rec.action === 'pause_ad') {
    const s = done[0];
    return s
      ? { target, before: { adId: s.id, status: s.before }, after: { adId: s.id, status: 'paused' } }
      : { target, before: {}, after: {} };
  }
  return {
    target,
    before: {
      currency: rec.currency,
      campaigns: done.map((s) => ({ campaignId: s.id, dailyBudgetMinor: s.before })),
    },
    after: {
      currency: rec.currency,
      campaigns: done.map((s) => ({ campaignId: s.id, dailyBudgetMinor: s.to })),
    },
  };
}

async function finishApply(tx: Queryable, a: any, done: { target: string; before: unknown; after: unknown }) {
  await tx.query(
    `UPDATE insight_actions SET status = 'applied', state = 'succeeded', error = NULL, target = $2,
       before = $3::jsonb, after = $4::jsonb, applied_at = now() WHERE id = $1`,
    [a.id, done.target, JSON.stringify(done.before), JSON.stringify(done.after)],
  );
  await tx.query(`UPDATE insights SET status = 'applied', updated_at = now() WHERE id = $1`, [a.insight_id]);
}

/** Segments live in Omnify: the whole apply is one transaction, re-checked under the action's row lock. */
async function applySegment(
  db: Database,
  a: any,
  rec: Extract<Recommendation, { action: 'add_to_segment' }>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const locked = await tx.query<{ state: string }>(
      'SELECT state FROM insight_actions WHERE id = $1 FOR UPDATE',
      [a.id],
    );
    if (locked.rows[0]?.state !== 'running') return;
    const {
      segmentId,
      membersBefore,
      added: ids,
    } = await addContactsToSegmentByAction(tx, {
      workspaceId: a.workspace_id,
      segmentName: rec.segmentName,
      contactIds: rec.contactIds,
      actionId: a.id,
    });
    await finishApply(tx, a, {
      target: 'omnify',
      before: { segmentId, members: membersBefore },
      after: { segmentId, added: ids, members: membersBefore + ids.length },
    });
  });
}
