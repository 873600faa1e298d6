import type { OmnifyContext } from '../../kernel/context.ts';
import { pruneEvents } from './events.repository.ts';

/** How often worker processes prune the event log (milliseconds). */
export const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Prunes events older than the retention (24 h) now and then every `everyMs`, in the background
 * (failures are logged as warnings and retried at the next run). Every worker process runs it;
 * concurrent runs are harmless (each deletes what is still there). Returns the function that stops it.
 */
export function startEventPruning(
  ctx: Pick<OmnifyContext, 'db' | 'log'>,
  everyMs = PRUNE_EVERY_MS,
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const run = () => {
    running ??= pruneEvents(ctx.db)
      .then((n) => {
        if (n > 0) ctx.log.info({ pruned: n }, 'pruned old events');
      })
      .catch((err: unknown) => ctx.log.warn({ err }, 'could not prune old events'))
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
