import { eq, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../../kernel/config/config.ts';
import { zonedDay } from '../../../kernel/dates/time-zone.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { orm, scoped } from '../../../kernel/db/orm.ts';
import type { JobQueue } from '../../../kernel/queue/queue.ts';
import { workspaceTimeZone } from '../../workspaces/workspaces.service.ts';
import { modelRuns } from '../intelligence.schema.ts';
import {
  loadWorkspaceSeries,
  runBudgetModel,
  runSeriesModel,
  type WorkspaceSeriesColumns,
} from './ads.models.ts';
import { type Fits, localFits } from './fits.ts';
import { CLV } from './ltv.fit.ts';
import { runLtvModel } from './ltv.model.ts';
import { type IntelRunJob, type ModelName, setRunProgress, sortModels } from './runs.repository.ts';
import { requestScheduledRuns } from './schedule.ts';

/** INTEL_SCHEDULE's default (src/kernel/config/config.ts), for deps without a config. */
const DEFAULT_INTEL_SCHEDULE = '0 3 * * *';

/** Tables whose planner statistics a run refreshes when it ends. */
const ANALYZED_TABLES = [
  'contact_ltv',
  'model_results',
  'insights',
  'orders',
  'contacts',
  'ad_daily_metrics',
  'ads',
];

/** What a model run needs. */
export interface IntelDeps {
  db: Database;
  queue: JobQueue;
  log: FastifyBaseLogger;
  /** Where the CPU-heavy fits run: a worker-thread pool in a server (fits.pool.ts); the calling thread when absent. */
  fits?: Fits;
  /**
   * CLV horizon and discount rate (CLV_HORIZON_MONTHS, CLV_MONTHLY_DISCOUNT_RATE; the defaults when
   * absent) and the cron of the scheduled run (INTEL_SCHEDULE, read in each workspace's time zone).
   */
  config?: Pick<Config, 'clvHorizonMonths' | 'clvMonthlyDiscountRate'> &
    Partial<Pick<Config, 'intelSchedule'>>;
  /** The clock (tests pin it): decides each workspace's "today" and which scheduled slots are due. */
  now?: () => Date;
}

/**
 * One model's run for a workspace: reads its inputs from the database, writes results, insights and
 * chart data with upserts (so running twice is safe) and returns a summary for the run record.
 */
export type ModelRunner = (
  deps: IntelDeps,
  workspaceId: string,
  runId: string,
  data: RunData,
) => Promise<Record<string, unknown>>;

/** Inputs shared by the models of one run, loaded once (the four ad models read the same series). */
interface RunData {
  adSeries(): Promise<WorkspaceSeriesColumns>;
}

/** The CLV settings of `config` (the defaults of ltv.fit.ts without one). */
const clvOf = (config: IntelDeps['config']) =>
  config ? { months: config.clvHorizonMonths, monthlyDiscountRate: config.clvMonthlyDiscountRate } : CLV;

/**
 * The as-of day of a run: today in the workspace's time zone (an order placed this evening in
 * Auckland counts on Auckland's day, not on UTC's).
 */
export async function workspaceToday(
  deps: Pick<IntelDeps, 'db' | 'now'>,
  workspaceId: string,
): Promise<string> {
  return zonedDay(deps.now?.() ?? new Date(), await workspaceTimeZone(deps.db, workspaceId));
}

const RUNNERS: Record<ModelName, ModelRunner> = {
  ltv: async (d, ws, run) => {
    const asOf = await workspaceToday(d, ws);
    return { ...(await runLtvModel(d.db, ws, run, asOf, d.fits ?? localFits, clvOf(d.config))), asOf };
  },
  anomaly: async (d, ws, run, data) =>
    runSeriesModel('anomaly', d.db, ws, run, await data.adSeries(), d.fits),
  fatigue: async (d, ws, run, data) =>
    runSeriesModel('fatigue', d.db, ws, run, await data.adSeries(), d.fits),
  forecast: async (d, ws, run, data) =>
    runSeriesModel('forecast', d.db, ws, run, await data.adSeries(), d.fits),
  budget: async (d, ws, run, data) => runBudgetModel(d.db, ws, run, await data.adSeries(), d.fits),
};

/**
 * The `intel-run` job. With `{ runId }`: executes that run's models in order, recording each model's
 * progress (`running` → `completed` with its summary, or `failed` with the error) so a client polling
 * the run sees it advance; a failing model does not stop the others. A completed run is not run again
 * (a redelivered job is a no-op); a run left `running` by a crashed process is run again from the
 * start, which is safe because models only upsert. With `{ allWorkspaces }` (the schedule's tick):
 * asks for a full run in every workspace whose INTEL_SCHEDULE slot, in its own time zone, has come
 * (schedule.ts; nothing when the schedule is `off`).
 */
export async function runIntelJob(deps: IntelDeps, job: IntelRunJob): Promise<void> {
  if ('allWorkspaces' in job) {
    const cron = deps.config?.intelSchedule ?? DEFAULT_INTEL_SCHEDULE;
    if (cron !== 'off') await requestScheduledRuns(deps, cron, deps.now?.() ?? new Date());
    return;
  }
  // unscoped: the intel-run job loads its run by id (the row tells the workspace)
  const [run] = await orm(deps.db)
    .select({ workspaceId: modelRuns.workspaceId, models: modelRuns.models, status: modelRuns.status })
    .from(modelRuns)
    .where(eq(modelRuns.id, job.runId));
  if (!run || run.status === 'completed' || run.status === 'failed') return;
  const s = scoped(deps.db, run.workspaceId);
  await s.db
    .update(modelRuns)
    .set({ status: 'running', startedAt: sql`COALESCE(${modelRuns.startedAt}, now())` })
    .where(s.where(modelRuns, eq(modelRuns.id, job.runId)));
  const summary: Record<string, unknown> = {};
  let failures = 0;
  let series: Promise<WorkspaceSeriesColumns> | undefined;
  const data: RunData = { adSeries: () => (series ??= loadWorkspaceSeries(deps.db, run.workspaceId)) };
  const models = sortModels(run.models);
  for (const model of models) {
    await setRunProgress(deps.db, job.runId, model, { status: 'running' });
    const started = performance.now();
    try {
      const out = await RUNNERS[model](deps, run.workspaceId, job.runId, data);
      summary[model] = { ...out, ms: Math.round(performance.now() - started) };
      await setRunProgress(deps.db, job.runId, model, { status: 'completed', ...(summary[model] as object) });
    } catch (e) {
      failures++;
      const message = e instanceof Error ? e.message : String(e);
      deps.log.error({ err: e, runId: job.runId, model }, 'intelligence model failed');
      summary[model] = { status: 'failed', error: message };
      await setRunProgress(deps.db, job.runId, model, { status: 'failed', error: message });
    }
  }
  // Runs rewrite many rows at once; fresh planner statistics keep the API's sorted lists on their
  // indexes (PGlite has no autovacuum to do it). A table at a time: each statement is short.
  for (const table of ANALYZED_TABLES) await deps.db.query(`ANALYZE ${table}`);
  const failed = failures > 0 && failures === models.length;
  await s.db
    .update(modelRuns)
    .set({
      status: failed ? 'failed' : 'completed',
      summary,
      finishedAt: sql`now()`,
      error: failed ? 'every model failed' : null,
    })
    .where(s.where(modelRuns, eq(modelRuns.id, job.runId)));
}
