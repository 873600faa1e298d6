import type { FastifyPluginAsync } from 'fastify';
import type { Config } from './config/config.ts';
import type { OmnifyContext } from './context.ts';
import type { QueueName } from './queue/queue.ts';

/** Route plugins of a module receive the runtime's context. */
export type ModulePlugin = FastifyPluginAsync<{ ctx: OmnifyContext }>;

/**
 * One domain module (`src/modules/<name>/`) as the runtime sees it: its HTTP routes, the queues its
 * jobs run on and how it starts. `src/app/modules.ts` lists them; `app.ts` registers every `api` plugin
 * under `/api/v1` and every `root` plugin at `/`, and `runtime.ts` starts every module in one loop.
 */
export interface OmnifyModule {
  name: string;
  /**
   * The DDL of the tables this module owns, in ascending `version` order (applied by
   * `kernel/db/migrate.ts`, recorded per module and version). A statement may reference only this
   * module's tables and those of modules listed before it in `src/app/modules.ts`.
   */
  migrations?: ReadonlyArray<ModuleMigration>;
  /** Routes under `/api/v1` (authenticated, role-checked by the access table). */
  api?: ModulePlugin;
  /** Routes at the root, outside `/api/v1` (platform webhooks). */
  root?: ModulePlugin;
  /**
   * The module's queues, each with how long (seconds) a job may stay active before it counts as
   * crashed and is retried: longer than its handler can run.
   */
  queues?: Partial<Record<QueueName, (config: Config) => number>>;
  /**
   * Called once the server listens. With `workers` true the module starts its job workers. Returns
   * what to run on stop (after the HTTP server closed and the queue stopped), if anything.
   */
  start?(ctx: OmnifyContext, options: { workers: boolean }): Promise<(() => Promise<void>) | undefined>;
}

/**
 * One schema change of a module: SQL statements applied in order, in one transaction, once per
 * database (recorded as `(module, version)` in `omnify_schema_migrations`).
 */
export interface ModuleMigration {
  /** 1, 2, 3 … within the module; never renumbered once released. */
  version: number;
  /** Short label, stored with the record (e.g. `demo-flag`). */
  name: string;
  /** Single SQL statements (no trailing `;` needed), run one by one. */
  statements: readonly string[];
  /**
   * The global version (1–4) of the migration in the former single list (`omnify_migrations`) these
   * statements came from: a database upgraded from it records this migration as applied instead of
   * running it. Absent on migrations written since.
   */
  legacyVersion?: number;
}

/**
 * Idle workers look for jobs this often (seconds). New jobs do not wait for it: whoever commits them
 * wakes workers at once (`JobQueue.nudge`); polling only picks up delayed retries and other
 * processes' jobs. Fewer polls matter on PGlite, where every query shares one connection.
 */
export const POLL_SECONDS = 2;
