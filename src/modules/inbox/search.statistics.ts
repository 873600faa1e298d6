import type { OmnifyContext } from '../../kernel/context.ts';
import type { Database } from '../../kernel/db/database.ts';

/** How often the embedded database's message statistics are checked (milliseconds). */
export const STATISTICS_CHECK_MS = 10 * 60 * 1000;

/** Growth of `messages` (in pages) since the last statistics that makes them stale: 20 % (autovacuum's default is 10 %). */
const STALE_GROWTH = 1.2;

/**
 * Refreshes the planner statistics of `messages` (`ANALYZE messages`) when it has none yet or has
 * grown by a fifth since its page count was last recorded (by ANALYZE, VACUUM or CREATE INDEX). For
 * PGlite, which has no autovacuum: without statistics the planner takes `workspace_id = $1` for a
 * selective condition and ANDs the whole workspace's `messages_workspace_recent` range into every
 * search, and it cannot tell a common word (walk the newest messages) from a rare one (GIN index).
 * ANALYZE samples at most 30,000 rows (about a second at a million messages on PGlite), holding
 * PGlite's one connection meanwhile. Returns whether it ran.
 */
export async function analyzeMessagesIfStale(db: Pick<Database, 'query'>): Promise<boolean> {
  const r = await db.query<{ pages: number; recorded: number; analyzed: boolean }>(
    `SELECT (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS pages,
            c.relpages AS recorded,
            EXISTS (SELECT 1 FROM pg_statistic s WHERE s.starelid = c.oid) AS analyzed
       FROM pg_class c WHERE c.oid = 'messages'::regclass`,
  );
  const row = r.rows[0];
  if (!row || row.pages === 0) return false;
  if (row.analyzed && row.pages <= row.recorded * STALE_GROWTH + 8) return false;
  await db.query('ANALYZE messages');
  return true;
}

/**
 * On PGlite, checks the statistics of `messages` now and every `everyMs` in the background
 * ({@link analyzeMessagesIfStale}; failures are logged as warnings). PostgreSQL's autovacuum does this
 * itself: there it does nothing. Returns the function that stops it.
 */
export function startMessageStatistics(
  ctx: Pick<OmnifyContext, 'db' | 'log'>,
  everyMs = STATISTICS_CHECK_MS,
): () => Promise<void> {
  if (ctx.db.kind !== 'pglite') return async () => {};
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= analyzeMessagesIfStale(ctx.db)
      .then((ran) => {
        if (ran) ctx.log.info('refreshed the planner statistics of messages');
      })
      .catch((err: unknown) => ctx.log.warn({ err }, 'could not refresh the statistics of messages'))
      .finally(() => {
        running = undefined;
      });
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
