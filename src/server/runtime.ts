import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { runIntelJob } from '../intelligence/runs/intel-run.job.ts';
import type { IntelRunJob } from '../intelligence/runs/runs.repository.ts';
import { runAgentReply } from '../pipeline/agent-reply.job.ts';
import type { AgentReplyJob, OutboundSendJob } from '../pipeline/deps.ts';
import { IngestBatcher } from '../pipeline/ingest-batcher.ts';
import { runOutboundSend } from '../pipeline/outbound-send.job.ts';
import { JobQueue } from '../queue/queue.ts';
import { type BootstrapResult, bootstrapWorkspace } from '../workspaces/api-keys.ts';
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
 * Starts Omnify: opens the database (PGlite or PostgreSQL) and applies migrations, bootstraps the
 * default workspace and owner key on first start, starts the durable job queue and its workers,
 * and listens on `config.host:config.port`.
 */
export async function startOmnify(
  config: Config,
  logger = pino(loggerOptions(config.logLevel)),
): Promise<RunningOmnify> {
  const db = await openDatabase(config);
  // A job counts as crashed once it has been active longer than its handler may run plus a margin.
  const margin = 10;
  const queue = new JobQueue(db, {
    expireInSeconds: {
      'agent-reply': Math.ceil(config.agentTimeoutMs / 1000) + margin,
      'outbound-send': Math.ceil(config.sendTimeoutMs / 1000) + margin,
      // Model runs are CPU work on the workspace's data; a run left this long is taken as crashed.
      'intel-run': 900,
    },
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
  });
  let url = '';
  const deps = { config, db, queue, log: logger, selfUrl: () => url };
  const ctx: OmnifyContext = {
    ...deps,
    publicUrl: () => (config.publicUrl ?? url).replace(/\/$/, ''),
    ingest: new IngestBatcher(deps, { maxBatch: 100, concurrency: db.kind === 'pglite' ? 1 : 4 }),
  };
  try {
    const bootstrap = await bootstrapWorkspace(db, config.apiKey);
    await queue.start();
    const app = await buildApp(ctx, logger);
    await app.listen({ port: config.port, host: config.host });
    const { port } = app.server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
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
      await queue.work<IntelRunJob>('intel-run', 1, (job) => runIntelJob(ctx, job), POLL_SECONDS);
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
        await db.close();
      },
    };
  } catch (e) {
    await queue.stop(false).catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
}
