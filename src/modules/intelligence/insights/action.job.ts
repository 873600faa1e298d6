/**
 * The `insight-action` job: runs the pending operation of an insight action (requested by
 * actions.ts): apply (action.apply.ts, platform steps with intent and outcome recorded around each
 * call) or rollback (action.rollback.ts). Here: loading the action, marking it `running`, and its
 * state after a failure: `queued` again with a delayed job for a transient error, else `failed`
 * (an apply given up keeps the steps done so far recorded, so they can be rolled back).
 */

import { eq } from 'drizzle-orm';
import type { SecretBox } from '../../../kernel/crypto/secret-box.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { orm, scoped } from '../../../kernel/db/orm.ts';
import { outboundHttp } from '../../../kernel/http-client/client.ts';
import { jobFailure } from '../../../kernel/queue/job-failure.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';
import { insightActions } from '../intelligence.schema.ts';
import { apply, type Step, summarize } from './action.apply.ts';
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

/** Runs the action's queued operation; a finished or unknown action is left alone (redelivery). */
export async function runInsightAction(deps: ActionJobDeps, job: InsightActionJob): Promise<void> {
  // unscoped: the insight-action job loads its action by id (the row tells the workspace)
  const [a] = await orm(deps.db).select().from(insightActions).where(eq(insightActions.id, job.actionId));
  if (!a || a.state === 'succeeded' || a.state === 'failed') return;
  const attempts = a.attempts + 1;
  const s = scoped(deps.db, a.workspaceId);
  await s.db
    .update(insightActions)
    .set({ state: 'running', attempts })
    .where(s.where(insightActions, eq(insightActions.id, a.id)));
  const gw = deps.platform ?? platformGateway(deps.secrets, outboundHttp(deps.config));
  const steps: Step[] = Array.isArray(a.steps) ? (a.steps as Step[]) : [];
  try {
    if (a.operation === 'rollback') await rollback(deps.db, gw, a);
    else await apply(deps.db, gw, a, steps);
  } catch (e) {
    const f = jobFailure(e, attempts, ACTION_MAX_ATTEMPTS);
    if (f.error.code === 'OMNIFY_ERR_INTERNAL')
      deps.log.error({ err: e, actionId: a.id }, 'insight action failed');
    await deps.db.transaction(async (tx) => {
      const t = scoped(tx, a.workspaceId);
      const self = eq(insightActions.id, a.id);
      if (!f.retry && a.operation === 'apply') {
        // Given up: the steps done so far stay recorded (and can be rolled back).
        const done = summarize(a.recommendation as Recommendation, steps);
        await t.db
          .update(insightActions)
          .set({ status: 'failed', target: done.target, before: done.before, after: done.after })
          .where(t.where(insightActions, self));
      }
      await t.db
        .update(insightActions)
        .set({ state: f.retry ? 'queued' : 'failed', error: f.error })
        .where(t.where(insightActions, self));
      if (f.retry) await deps.queue.enqueue('insight-action', job, { startAfterMs: f.delayMs }, tx);
    });
  }
}
