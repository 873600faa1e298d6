import type { ModuleMigration } from '../../../kernel/module.ts';

/** The line migrations 003 and 004 put in both event triggers' functions. */
const NOTIFY_LINE = "IF FOUND THEN PERFORM pg_notify('omnify_events', ''); END IF;";

/**
 * The event triggers stop announcing from inside the writing transaction. PostgreSQL serializes
 * the commits of transactions that NOTIFY (one global lock, held through the flush to disk), so
 * every ingest, reply and status update committed one at a time (src/kernel/db/notifier.ts has the
 * figures). The inbox now announces after commit instead (inbox.module.ts: one coalesced NOTIFY on
 * PostgreSQL, a direct wake-up of the event hub on PGlite), and the hub rescans the log every
 * 250 ms while streams are open, for writes made outside a transaction.
 *
 * Each function is re-created from its current definition without that line; a definition that
 * does not hold it (edited by hand) stops the migration rather than being left half-changed.
 */
export const migration: ModuleMigration = {
  version: 6,
  name: 'events-notify-after-commit',
  statements: ['inbox_messages_announce', 'inbox_conversations_announce'].map(
    (fn) => `DO $migration$
     DECLARE
       def text := pg_get_functiondef('${fn}'::regproc);
     BEGIN
       IF position(${quote(NOTIFY_LINE)} IN def) = 0 THEN
         RAISE EXCEPTION '${fn} does not hold the NOTIFY this migration removes';
       END IF;
       EXECUTE replace(def, ${quote(NOTIFY_LINE)}, '');
     END $migration$`,
  ),
};

/** `s` as an SQL string literal. */
function quote(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
