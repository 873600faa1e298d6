import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { type AdSyncJob, runAdSync } from '../intelligence/ads/ad-sync.job.ts';
import { type InsightActionJob, runInsightAction } from '../intelligence/insights/action.job.ts';
import { createFitPool, type FitPool } from '../intelligence/runs/fits.pool.ts';
import { runIntelJob } from '../intelligence/runs/intel-run.job.ts';
import type { IntelRunJob } from '../intelligence/runs/runs.repository.ts';
import { openSecrets } from '../kernel/crypto/at-rest.ts';
import { type BootstrapResult, bootstrapWorkspace, ensureOwnerKey } from '../modules/workspaces/api-keys.ts';
import { runAgentReply } from '../pipeline/agent-reply.job.ts';
import type { AgentReplyJob, OutboundSendJob } from '../pipeline/deps.ts';
import { IngestBatcher } from '../pipeline/ingest-batcher.ts';
import { runOutboundSend } from '../pipeline/outbound-send.job.ts';
import { JobQueue } from '../queue/queue.ts';
import { buildApp, loggerOptions } from './app.ts';
import type { OmnifyContext } from './context.ts';

/**
 * Idle workers look for jobs this often (seconds). New jobs do not wait for it: whoever commits them
 * wakes workers at once (`JobQueue.nudge`); polling only picks up delayed retries and other
 * processes' jobs. Fewer polls matter on PGlite, where every query shares one connection.
 */
const POLL_SECONDS = 2;

/** A running Omnify: the listening URL, what first start created, and `stop()`. */
export interface RunningOmnify {
  url: string;
  db: Database;
  bootstrap: BootstrapResult;
  ctx: OmnifyContext;
  /** Stops HTTP, workers (waiting for running jobs when `graceful`) and the database. */
  stop(graceful?: boolean): Promise<void>;
}

/**
 * Starts Omnify: opens the database (PGlite or PostgreSQL) and applies migrations, creates the
 * default workspace on first start, starts the durable job queue, listens on
 * `config.host:config.port`, then makes sure an owner key exists (generated once, or
 * `OMNIFY_API_KEY`) and starts the workers.
 */
export async function startOmnify(
  config: Config,
  logger = pino(loggerOptions(config.logLevel)),
): Promise<RunningOmnify> {
  const db = await openDatabase(config);
  // Stored secrets are sealed with the master key; a key that cannot read them stops the start here.
  const secrets = await openSecrets(config, db, logger).catch(async (e) => {
    await db.close().catch(() => {});
    throw e;
  });
  // A job counts as crashed once it has been active longer than its handler may run plus a margin.
  const margin = 10;
  const queue = new JobQueue(db, {
    expireInSeconds: {
      'agent-reply': Math.ceil(config.agentTimeoutMs / 1000) + margin,
      'outbound-send': Math.ceil(config.sendTimeoutMs / 1000) + margin,
      // Model runs are CPU work on the workspace's data; a run left this long is taken as crashed.
      'intel-run': 900,
      // A sync pages through up to 93 days of platform reports; an apply makes a few platform calls.
      'ad-sync': 600,
      'insight-action': 300,
    },
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
  });
  let url = '';
  let fitPool: FitPool | undefined;
  const deps = { config, db, queue, log: logger, secrets, selfUrl: () => url };
  const ctx: OmnifyContext = {
    ...deps,
    publicUrl: () => (config.publicUrl ?? url).replace(/\/$/, ''),
    ingest: new IngestBatcher(deps, { maxBatch: 100, concurrency: db.kind === 'pglite' ? 1 : 4 }),
  };
  try {
    // The workspace may be created before listening, its owner key only after: a start that fails
    // (port taken) must not leave a key nobody has seen (docs/access.md).
    const workspace = await bootstrapWorkspace(db);
    await queue.start();
    const app = await buildApp(ctx, logger);
    await app.listen({ port: config.port, host: config.host });
    const { port } = app.server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
    const bootstrap: BootstrapResult = {
      ...workspace,
      ...(await ensureOwnerKey(db, workspace.workspaceId, config.apiKey)),
    };
    if (config.workers) {
      await queue.work<AgentReplyJob>(
        'agent-reply',
        config.workerConcurrency,
        (job) => runAgentReply(ctx, job),
        POLL_SECONDS,
      );
      await queue.work<OutboundSendJob>(
        'outbound-send',
        config.workerConcurrency,
        (job) => runOutboundSend(ctx, job),
        POLL_SECONDS,
      );
      // One model run at a time per process: runs are CPU-bound and must not starve the inbox.
      // The fits run in worker threads (INTEL_THREADS, 0 = on this thread) so the API stays responsive.
      fitPool = config.intelThreads > 0 ? createFitPool(config.intelThreads) : undefined;
      const intelDeps = { ...ctx, fits: fitPool?.fits };
      await queue.work<IntelRunJob>('intel-run', 1, (job) => runIntelJob(intelDeps, job), POLL_SECONDS);
      await queue.work<AdSyncJob>('ad-sync', 1, (job) => runAdSync(ctx, job), POLL_SECONDS);
      await queue.work<InsightActionJob>(
        'insight-action',
        2,
        (job) => runInsightAction(ctx, job),
        POLL_SECONDS,
      );
    }
    if (config.intelSchedule === 'off') await queue.unschedule('intel-run');
    else await queue.schedule<IntelRunJob>('intel-run', config.intelSchedule, { allWorkspaces: true });
    return {
      url,
      db,
      bootstrap,
      ctx,
      async stop(graceful = true) {
        await app.close();
        await queue.stop(graceful);
        await fitPool?.close();
        await db.close();
      },
    };
  } catch (e) {
    await queue.stop(false).catch(() => {});
    await fitPool?.close().catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
}
