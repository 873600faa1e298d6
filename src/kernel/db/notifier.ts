import type { Database } from './database.ts';

/**
 * NOTIFY sent after the writers' transactions, not from inside them: PostgreSQL takes one global
 * lock for the commit of every transaction that NOTIFYs and holds it through the flush to disk, so
 * writers that announce in-transaction commit one at a time (measured here with pgbench, 16
 * clients inserting one row each: about 2,700 commits/s without NOTIFY, about 470 with it; see
 * docs/benchmarks.md). A `Notifier` collects announcements and sends them together in one
 * autocommit statement, at most one statement in flight; announcements of one channel and key made
 * meanwhile are merged (their counts added) into one notification.
 *
 * A notification can be lost (the statement fails while the database is away): listeners must also
 * look for work on their own now and then (the job workers poll; event streams rescan).
 */
export class Notifier {
  private readonly pending = new Map<string, { channel: string; key: string; count: number }>();
  private flushing: Promise<void> | undefined;

  /**
   * `format(key, count)` builds a channel's payload from a key and the merged count (default: the
   * key alone). `onError` hears a failed send (the notification is dropped).
   */
  constructor(
    private readonly db: Database,
    private readonly onError: (err: unknown) => void,
    private readonly formats: Record<string, (key: string, count: number) => string> = {},
  ) {}

  /** Queues `count` announcements of `key` on `channel`, sent with the next statement. */
  add(channel: string, key = '', count = 1): void {
    const id = `${channel}\u0000${key}`;
    const entry = this.pending.get(id);
    if (entry) entry.count += count;
    else this.pending.set(id, { channel, key, count });
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
  }

  /** Resolves once everything queued so far has been sent (or dropped). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Let the announcements of the commits finishing now join this statement.
    await new Promise((r) => setImmediate(r));
    while (this.pending.size > 0) {
      const batch = [...this.pending.values()];
      this.pending.clear();
      const channels = batch.map((e) => e.channel);
      const payloads = batch.map((e) => (this.formats[e.channel] ?? ((k: string) => k))(e.key, e.count));
      try {
        await this.db.query('SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS x(c, p)', [
          channels,
          payloads,
        ]);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
