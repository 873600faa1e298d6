import type { OmnifyContext } from '../../kernel/context.ts';
import { Notifier } from '../../kernel/db/notifier.ts';
import { EVENTS_CHANNEL } from './events.schema.ts';

/**
 * Tells the event hubs of every process that new events may be in the log, after each transaction
 * of this process commits (migration 006: the triggers no longer NOTIFY inside the writing
 * transaction, which serialized commits). On PostgreSQL one coalesced `NOTIFY omnify_events`
 * (src/kernel/db/notifier.ts) reaches every process's hub, this one's included; on PGlite, one
 * process, the hub listens on the same in-process channel and a NOTIFY costs a turn of its one
 * connection, so the hub is woken without a statement instead (EventHub registers itself with `onCommit`).
 * Writes made outside a transaction are found by the hub's 250 ms rescan while streams are open.
 * Returns the function that stops announcing (after sending what is queued).
 */
export function announceEventsAfterCommit(ctx: Pick<OmnifyContext, 'db' | 'log'>): () => Promise<void> {
  if (ctx.db.kind !== 'postgres') return async () => {};
  const notifier = new Notifier(ctx.db, (err) => ctx.log.warn({ err }, 'could not announce new events'));
  const off = ctx.db.onCommit(() => notifier.add(EVENTS_CHANNEL));
  return async () => {
    off();
    await notifier.idle();
  };
}
