import { inBackground } from '../../kernel/db/background.ts';
import type { OmnifyModule } from '../../kernel/module.ts';
import { POLL_SECONDS } from '../../kernel/module.ts';
import { type AdSyncJob, runAdSync } from './ads/ad-sync.job.ts';
import { adsRoutes } from './ads/ads.routes.ts';
import { knownEventsRoutes } from './calendar/known-events.routes.ts';
import { importsRoutes } from './import/imports.routes.ts';
import { type InsightActionJob, runInsightAction } from './insights/action.job.ts';
import { insightsRoutes } from './insights/insights.routes.ts';
import { migration as m001 } from './migrations/001-intelligence.ts';
import { migration as m002 } from './migrations/002-jobs-off-request.ts';
import { migration as m003 } from './migrations/003-insight-resolved.ts';
import { migration as m004 } from './migrations/004-time-zones.ts';
import { migration as m005 } from './migrations/005-known-events.ts';
import { ordersRoutes } from './orders/orders.routes.ts';
import { createFitPool } from './runs/fits.pool.ts';
import { runIntelJob } from './runs/intel-run.job.ts';
import { intelligenceRoutes } from './runs/intelligence.routes.ts';
import { modelResultsRoutes } from './runs/model-results.routes.ts';
import type { IntelRunJob } from './runs/runs.repository.ts';
import { tickCron } from './runs/schedule.ts';

/**
 * Growth intelligence: orders, imports, ad accounts and their daily metrics, model runs (`intel-run`,
 * fits in worker threads), insights and their reversible actions (`insight-action`), ad syncs
 * (`ad-sync`), the workspace's calendar of known events that labels anomaly insights, and the
 * `INTEL_SCHEDULE` cron (in each workspace's time zone, runs/schedule.ts).
 */
export const intelligenceModule: OmnifyModule = {
  name: 'intelligence',
  migrations: [m001, m002, m003, m004, m005],
  async api(app, opts) {
    for (const routes of [
      ordersRoutes,
      importsRoutes,
      intelligenceRoutes,
      insightsRoutes,
      adsRoutes,
      modelResultsRoutes,
      knownEventsRoutes,
    ]) {
      await app.register(routes, opts);
    }
  },
  queues: {
    // Model runs are CPU work on the workspace's data; a run left this long is taken as crashed.
    'intel-run': () => 900,
    // A sync pages through up to 93 days of platform reports; an apply makes a few platform calls.
    'ad-sync': () => 600,
    'insight-action': () => 300,
  },
  async start(ctx, { workers }) {
    const { config, queue } = ctx;
    // INTEL_SCHEDULE is read in each workspace's time zone: a UTC tick at every minute it can fall
    // due somewhere asks for the runs whose local slot has come (runs/schedule.ts).
    if (config.intelSchedule === 'off') await queue.unschedule('intel-run');
    else
      await queue.schedule<IntelRunJob>('intel-run', tickCron(config.intelSchedule), { allWorkspaces: true });
    if (!workers) return undefined;
    // One model run at a time per process, its fits in worker threads (INTEL_THREADS; 0 = on this
    // thread) so the API stays responsive while it runs.
    const pool = config.intelThreads > 0 ? createFitPool(config.intelThreads) : undefined;
    const intelDeps = { ...ctx, fits: pool?.fits };
    // Runs and syncs are batch work: on the embedded database their statements wait behind the API's
    // and the API gets a turn between them (kernel/db/background.ts).
    await queue.work<IntelRunJob>(
      'intel-run',
      1,
      (job) => inBackground(() => runIntelJob(intelDeps, job)),
      POLL_SECONDS,
    );
    await queue.work<AdSyncJob>('ad-sync', 1, (job) => inBackground(() => runAdSync(ctx, job)), POLL_SECONDS);
    await queue.work<InsightActionJob>(
      'insight-action',
      2,
      (job) => runInsightAction(ctx, job),
      POLL_SECONDS,
    );
    return pool ? () => pool.close() : undefined;
  },
};
