import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Config } from '../kernel/config/config.ts';
import type { OmnifyContext } from '../kernel/context.ts';
import { openSecrets } from '../kernel/crypto/at-rest.ts';
import type { Database } from '../kernel/db/database.ts';
import { JobQueue, QUEUE_NAMES, type QueueName } from '../kernel/queue/queue.ts';
import { type BootstrapResult, bootstrapWorkspace, ensureOwnerKey } from '../modules/workspaces/api-keys.ts';
import { buildApp, loggerOptions } from './app.ts';
import { openAppDatabase } from './database.ts';
import { MODULES } from './modules.ts';

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
  // Each queue's module says how long a job may stay active before it counts as crashed.
  const expireInSeconds = {} as Record<QueueName, number>;
  for (const m of MODULES) {
    for (const [name, seconds] of Object.entries(m.queues ?? {}))
      expireInSeconds[name as QueueName] = seconds(config);
  }
  const missing = QUEUE_NAMES.filter((q) => !(q in expireInSeconds));
  if (missing.length)
    throw new Error(`No module owns the queue(s) ${missing.join(', ')} (src/app/modules.ts)`);
  const db = await openAppDatabase(config);
  // Stored secrets are sealed with the master key; a key that cannot read them stops the start here.
  const secrets = await openSecrets(config, db, logger).catch(async (e) => {
    await db.close().catch(() => {});
    throw e;
  });
  const queue = new JobQueue(db, {
    expireInSeconds,
    maintenanceIntervalSeconds: config.maintenanceIntervalSeconds,
  });
  let url = '';
  const ctx: OmnifyContext = {
    config,
    db,
    queue,
    log: logger,
    secrets,
    publicUrl: () => (config.publicUrl ?? url).replace(/\/$/, ''),
  };
  const stops: Array<() => Promise<void>> = [];
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
    for (const m of MODULES) {
      const stop = await m.start?.(ctx, { workers: config.workers });
      if (stop) stops.push(stop);
    }
    return {
      url,
      db,
      bootstrap,
      ctx,
      async stop(graceful = true) {
        // Requests in flight finish; a keep-alive connection that turns idle while they do is closed
        // then, not after Fastify's 72 s keep-alive timeout (Fastify closes idle ones only once, at
        // the start of close: a streamed answer ending just after would hold the stop that long).
        const reaper = setInterval(() => app.server.closeIdleConnections(), 100);
        try {
          await app.close();
        } finally {
          clearInterval(reaper);
        }
        await queue.stop(graceful);
        for (const stop of stops) await stop();
        await db.close();
      },
    };
  } catch (e) {
    await queue.stop(false).catch(() => {});
    for (const stop of stops) await stop().catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
}
