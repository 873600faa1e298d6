import PgBoss from 'pg-boss';
import type { Database, Queryable, Transaction } from '../db/database.ts';
import { Notifier } from '../db/notifier.ts';

/** Names of Omnify's durable queues; each has its own workers and concurrency. */
export type QueueName =
  | 'agent-reply'
  | 'outbound-send'
  | 'inbound-ack'
  | 'read-receipt'
  | 'identity-signals'
  | 'sender-profile'
  | 'conversation-wake'
  | 'intel-run'
  | 'ad-sync'
  | 'insight-action';
export const QUEUE_NAMES: readonly QueueName[] = [
  'agent-reply',
  'outbound-send',
  'inbound-ack',
  'read-receipt',
  'identity-signals',
  'sender-profile',
  'conversation-wake',
  'intel-run',
  'ad-sync',
  'insight-action',
];

/**
 * Options for one job: start no earlier than `startAfterMs` from now (milliseconds, fractions of a
 * second honoured: the database computes `now() + interval` at insert), dedupe by `singletonKey`.
 */
export interface EnqueueOptions {
  startAfterMs?: number;
  singletonKey?: string;
}

/** A job handler: receives the job's data (ids only; handlers reload state). Throwing makes pg-boss retry. */
export type JobHandler<T> = (data: T, job: { id: string }) => Promise<void>;

/**
 * The durable job queue: pg-boss 10 on the same database (PostgreSQL or PGlite through pg-boss's
 * `db` adapter). Delivery is at least once, so handlers must be idempotent; `enqueue` inside a
 * transaction commits or rolls back with it.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly workerIds = new Map<QueueName, string[]>();
  private started = false;
  private nudgeCursor = 0;
  /** Local workers running a job. */
  private readonly busy = new Set<string>();
  /** Jobs announced (NOTIFY) and not yet fetched by a local worker, per queue (an estimate). */
  private readonly waiting = new Map<QueueName, number>();
  /** Set once `stop` returned: pg-boss's late queries are not sent any more (see `adapterFor`). */
  private stopped = false;
  private unlisten: (() => Promise<void>) | undefined;
  /** PostgreSQL: announcements sent after the enqueuing transaction commits (notifier.ts). */
  private readonly notifier: Notifier | undefined;

  /**
   * `expireInSeconds`: how long a job may stay active before it counts as crashed and is retried
   * (per queue; must exceed the handler's longest run). `maintenanceIntervalSeconds`: how often
   * expired jobs are looked for, so a job of a killed process resumes within about the sum of both.
   */
  constructor(
    private readonly db: Database,
    private readonly options: {
      expireInSeconds: Record<QueueName, number>;
      maintenanceIntervalSeconds: number;
    } = {
      expireInSeconds: {
        'agent-reply': 60,
        'outbound-send': 60,
        'inbound-ack': 60,
        'read-receipt': 60,
        'identity-signals': 30,
        'sender-profile': 60,
        'conversation-wake': 30,
        'intel-run': 900,
        'ad-sync': 600,
        'insight-action': 300,
      },
      maintenanceIntervalSeconds: 30,
    },
  ) {
    this.boss = new PgBoss({
      db: adapterFor(db, db, () => this.stopped),
      schema: 'pgboss',
      // Our jobs retry through their own logic (send jobs schedule the next attempt themselves);
      // pg-boss retries cover crashes and unexpected errors.
      retryLimit: 5,
      retryDelay: 2,
      retryBackoff: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    });
    this.notifier =
      db.kind === 'postgres'
        ? new Notifier(db, (e) => process.emitWarning(`job queue: announcement lost: ${String(e)}`), {
            [JOBS_CHANNEL]: (key, count) => {
              const [name, delayMs] = key.split(':');
              return delayMs === '0' ? `${name}:${count}` : `${name}:${count}:${delayMs}`;
            },
          })
        : undefined;
    this.boss.on('error', (e) => {
      // Errors from maintenance or polling are transient; workers keep polling.
      process.emitWarning(`job queue: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /** Installs or upgrades pg-boss's schema and creates Omnify's queues. */
  async start(): Promise<void> {
    if (this.started) return;
    this.stopped = false;
    await this.boss.start();
    for (const name of QUEUE_NAMES) {
      const settings = {
        name,
        expireInSeconds: this.options.expireInSeconds[name],
        retryLimit: 5,
        retryDelay: 2,
        retryBackoff: true,
      };
      if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, settings);
      else await this.boss.createQueue(name, settings);
    }
    // New jobs are announced with NOTIFY on commit, so idle workers in every process sharing the
    // database wake at once instead of at their next poll.
    // A delayed job is announced with its delay: listeners wake a worker when it falls due, so a
    // 300 ms retry runs after about 300 ms rather than at the next poll.
    this.unlisten = await this.db.listen(
      JOBS_CHANNEL,
      (payload) => {
        const [name, count, delayMs] = payload.split(':');
        if (!QUEUE_NAMES.includes(name as QueueName)) return;
        const wake = () => this.nudge(name as QueueName, Number(count) || 1);
        const delay = Number(delayMs) || 0;
        if (delay <= 0) return wake();
        const timer = setTimeout(wake, delay);
        timer.unref();
      },
      // NOTIFYs sent while the LISTEN connection was down are lost: every idle worker looks now.
      () => {
        for (const name of QUEUE_NAMES) this.nudge(name, Number.MAX_SAFE_INTEGER);
      },
    );
    this.started = true;
  }

  /**
   * Adds a job. With `tx`, the job is written in that transaction (committed or rolled back with it).
   * Returns the job id, or null when a job with the same `singletonKey` already waits.
   */
  async enqueue<T extends object>(
    name: QueueName,
    data: T,
    options: EnqueueOptions = {},
    tx?: Queryable,
  ): Promise<string | null> {
    if (tx) await this.announce(tx, name, 1, options.startAfterMs);
    return this.boss.send(name, data, {
      ...(tx ? { db: adapterFor(this.db, tx) } : {}),
      // pg-boss turns a number into `now() + '<n>'::interval` (seconds; fractions are kept).
      ...(options.startAfterMs && options.startAfterMs > 0
        ? { startAfter: Number((options.startAfterMs / 1000).toFixed(3)) }
        : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
  }

  /** Adds several jobs of `name` in one statement, in transaction `tx` (committed or rolled back with it). */
  async enqueueMany<T extends object>(name: QueueName, items: T[], tx: Queryable): Promise<void> {
    if (items.length === 0) return;
    await this.announce(tx, name, items.length);
    await this.boss.insert(
      items.map((data) => ({ name, data })),
      { db: adapterFor(this.db, tx) },
    );
  }

  /**
   * Wakes up to `jobs` idle local workers of `name` now instead of at their next poll (done on
   * each NOTIFY announcing that many new jobs), and counts the jobs as waiting. Only idle workers
   * are woken (a busy one would fetch only once its job is done), and only as many as there are
   * jobs, so idle workers never all query the database at once. A worker that finishes a job
   * fetches again at once only while announced jobs are still waiting: on a single process every
   * job is then fetched exactly once, with no empty fetch after it.
   */
  nudge(name: QueueName, jobs = 1): void {
    this.waiting.set(name, Math.min((this.waiting.get(name) ?? 0) + jobs, MAX_WAITING));
    const idle = (this.workerIds.get(name) ?? []).filter((id) => !this.busy.has(id));
    if (idle.length === 0) return;
    this.nudgeCursor = (this.nudgeCursor + 1) % idle.length;
    for (let i = 0; i < Math.min(jobs, idle.length); i++)
      this.boss.notifyWorker(idle[(this.nudgeCursor + i) % idle.length]!);
  }

  /** Runs `handler` for jobs of `name`, `concurrency` at a time, polling every `pollSeconds` (≥ 0.5). */
  async work<T>(
    name: QueueName,
    concurrency: number,
    handler: JobHandler<T>,
    pollSeconds = 1,
  ): Promise<void> {
    const ids: string[] = [];
    for (let i = 0; i < concurrency; i++) {
      let self = '';
      self = await this.boss.work<T>(
        name,
        { batchSize: 1, pollingIntervalSeconds: pollSeconds },
        async (jobs) => {
          this.busy.add(self);
          this.waiting.set(name, Math.max((this.waiting.get(name) ?? 0) - jobs.length, 0));
          try {
            for (const job of jobs) await handler(job.data, { id: job.id });
          } finally {
            this.busy.delete(self);
            // pg-boss sleeps a full polling interval after each job unless notified: look again at
            // once while announced jobs wait (nudge), else sleep until the next NOTIFY or poll.
            if (self && (this.waiting.get(name) ?? 0) > 0) this.boss.notifyWorker(self);
          }
        },
      );
      ids.push(self);
    }
    this.workerIds.set(name, ids);
  }

  /**
   * Runs a job of `name` with `data` on a cron schedule (UTC), across all processes sharing the
   * database (pg-boss keeps one schedule per name; calling again replaces it). `cron` is a standard
   * 5-field expression, e.g. `0 3 * * *`.
   */
  async schedule<T extends object>(name: QueueName, cron: string, data: T): Promise<void> {
    await this.boss.schedule(name, cron, data, { tz: 'UTC' });
  }

  /** Removes the cron schedule of `name`, if any. */
  async unschedule(name: QueueName): Promise<void> {
    await this.boss.unschedule(name);
  }

  /** Number of jobs of `name` not yet completed (created, retry or active). */
  async pending(name: QueueName): Promise<number> {
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
      [name],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Announces `count` new jobs of `name` (due in `delayMs`) as NOTIFY `<queue>:<count>[:<delayMs>]`,
   * delivered to every listening process when (and only if) `tx` commits. On PostgreSQL the
   * notification is sent after the commit (notifier.ts: a NOTIFY inside the transaction would
   * serialize the commits of all enqueuing writers); on PGlite, one session, inside `tx`.
   */
  private async announce(tx: Queryable, name: QueueName, count: number, delayMs = 0): Promise<void> {
    const delay = delayMs > 0 ? Math.ceil(delayMs) : 0;
    if (this.notifier && isTransaction(tx)) {
      const notifier = this.notifier;
      tx.afterCommit(() => notifier.add(JOBS_CHANNEL, `${name}:${delay}`, count));
      return;
    }
    const payload = delay > 0 ? `${name}:${count}:${delay}` : `${name}:${count}`;
    await tx.query('SELECT pg_notify($1, $2)', [JOBS_CHANNEL, payload]);
  }

  /** Stops workers; `graceful` waits for running jobs (up to 10 s). */
  async stop(graceful = true): Promise<void> {
    if (!this.started) return;
    await this.unlisten?.().catch(() => {});
    await this.notifier?.idle();
    await this.boss.stop({ graceful, wait: true, timeout: 10_000 });
    this.stopped = true;
    this.started = false;
  }
}

const JOBS_CHANNEL = 'omnify_jobs';
/** pg-boss's job commands whose answer it reads as `rows[0].count` (plans.js). */
const COUNT_COMMAND = /select\s+count\(\*\)\s+from\s+results\s*$/i;
/** Cap of the waiting estimate (after a LISTEN reconnect every queue counts as full). */
const MAX_WAITING = 10_000;

/** Whether `q` is a transaction of `Database.transaction` (it can run code after its commit). */
const isTransaction = (q: Queryable): q is Transaction =>
  typeof (q as Partial<Transaction>).afterCommit === 'function';

/**
 * pg-boss's `db` adapter over our Queryable. SQL without parameters may hold several statements
 * (pg-boss migrations), which PGlite only runs through `exec`.
 */
function adapterFor(db: Database, q: Queryable, stopped: () => boolean = () => false): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      // pg-boss may still finish a job it was running (complete, fail) after `stop` gave up waiting
      // for it; the pool may be closed by then. The job stays active and expires, then runs again
      // (jobs are safe to run twice), rather than its query failing on a closed pool unheard.
      // pg-boss reads `rows[0].count` from its job commands (complete, fail, cancel…), which end in
      // `SELECT COUNT(*) FROM results`: those answer "0 affected", anything else no rows.
      if (stopped()) return { rows: COUNT_COMMAND.test(text) ? [{ count: '0' }] : [] };
      if ((!values || values.length === 0) && q === db && db.kind === 'pglite') {
        return { rows: await db.execRows(text) };
      }
      return q.query(text, values ?? []);
    },
  };
}
