import { LRUCache } from 'lru-cache';
import type { Database } from './database.ts';

/**
 * Serialized answers of read-only API pages, served again while the database is unchanged. At 20
 * concurrent requests the pages' statements are what the requests wait for: on PGlite, which runs
 * one statement at a time, each request waits for all the others'; on PostgreSQL for a pooled
 * connection and the rows' decoding and serializing.
 *
 * "Unchanged" is the database's own MVCC snapshot (`pg_current_snapshot()`: xmin, xmax and the
 * transaction ids in progress; PostgreSQL documentation, "Transaction ID and Snapshot Information
 * Functions"; it is what decides which row versions a statement sees). What a statement sees
 * changes only when a transaction that wrote ends, and that ending changes the snapshot: it raises
 * xmax (one past the latest ended transaction id) or leaves the in-progress list. Two equal
 * snapshots therefore see exactly the same rows, in every process of the database (a 64-bit xid8
 * never wraps). So no code path has to announce its writes: a contact renamed, a read mark, a
 * job's update, another server process's write all change the snapshot, and an answer is served
 * from memory only while it is what the page's statements would read again. An answer is kept only
 * when the snapshot taken before its statements equals the one taken after them: nothing ended in
 * between, so every statement between saw that same snapshot. Answers must depend only on the
 * database and on their key (never on the clock). A request served from memory costs one
 * statement, the snapshot's, on PostgreSQL; on PGlite none while nothing else ran ({@link
 * Database.snapshot}).
 */
export class SnapshotCache {
  private readonly entries: LRUCache<string, { snapshot: string; body: string }>;
  /** Loads in progress, by key: the snapshot they started at and their body. */
  private readonly loading = new Map<string, { snapshot: string; body: Promise<string> }>();
  /**
   * Since start: answers served from memory, answers loaded, and answers that waited for a load
   * of the same key and snapshot already running (for tests and the benchmark).
   */
  readonly stats = { hits: 0, misses: 0, shared: 0 };

  /**
   * `maxChars`: the bound of the bodies kept, in UTF-16 code units (least recently used go first);
   * 0 keeps none: every answer is loaded.
   */
  constructor(private readonly maxChars: number) {
    this.entries = new LRUCache({
      maxSize: Math.max(1, maxChars),
      sizeCalculation: (e, key) => e.body.length + e.snapshot.length + key.length,
    });
  }

  /**
   * The JSON body for `key` on `db`: the kept one when `db` is unchanged since it was loaded, else
   * `serialize(await load())` (kept when nothing committed meanwhile). `key` must
   * name everything the answer depends on besides the database (workspace, viewer, URL). Errors of
   * `load` and `serialize` propagate and nothing is kept.
   */
  async json<T>(
    db: Database,
    key: string,
    load: () => Promise<T>,
    serialize: (value: T) => string,
  ): Promise<string> {
    if (this.maxChars === 0) return serialize(await load());
    const before = await db.snapshot();
    const kept = this.entries.get(key);
    if (kept?.snapshot === before) {
      this.stats.hits += 1;
      return kept.body;
    }
    // Requests that find the same key missing at the same snapshot share one load: after a write,
    // the 20 requests in flight would otherwise each run the page's statements, one after another.
    const flight = this.loading.get(key);
    if (flight?.snapshot === before) {
      this.stats.shared += 1;
      return flight.body;
    }
    this.stats.misses += 1;
    const started = { snapshot: before } as { snapshot: string; body: Promise<string> };
    started.body = this.load(db, key, before, load, serialize).finally(() => {
      if (this.loading.get(key) === started) this.loading.delete(key);
    });
    this.loading.set(key, started);
    return started.body;
  }

  /** Loads and serializes the answer; keeps it when the snapshot after equals `before`. */
  private async load<T>(
    db: Database,
    key: string,
    before: string,
    load: () => Promise<T>,
    serialize: (value: T) => string,
  ): Promise<string> {
    const body = serialize(await load());
    if ((await db.snapshot()) === before) this.entries.set(key, { snapshot: before, body });
    else this.entries.delete(key);
    return body;
  }
}
