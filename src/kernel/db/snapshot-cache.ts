import { LRUCache } from 'lru-cache';
import type { Database } from './database.ts';
import { PreparedStatement } from './prepared.ts';

/** The snapshot of the running statement: `xmin:xmax:xip,…` (64-bit transaction ids). */
const SNAPSHOT = new PreparedStatement(
  'omnify_current_snapshot',
  'SELECT pg_current_snapshot()::text AS s',
  [],
);

/** Default bound of a {@link SnapshotCache}: the bytes of the JSON bodies it keeps (UTF-16 units). */
export const SNAPSHOT_CACHE_MAX_CHARS = 8 * 1024 * 1024;

/**
 * Serialized answers of read-only API pages, served again while the database is unchanged. Used on
 * PGlite only, which runs one statement at a time: at 20 concurrent requests each waits for the
 * others' statements, so a page answered from memory is what keeps their latency low.
 *
 * "Unchanged" is the database's own MVCC snapshot (`pg_current_snapshot()`: xmin, xmax and the
 * transaction ids in progress; PostgreSQL documentation, "Transaction ID and Snapshot Information
 * Functions"). Every write gets a transaction id, which moves xmax, and every commit or rollback of
 * one in progress changes that list; two equal snapshots therefore see exactly the same rows (a
 * 64-bit xid8 never wraps). So no code path has to announce its writes: a contact renamed, a read
 * mark, a job's update, a migration all change the snapshot, and an answer is served from memory
 * only while it is what the page's statements would read again. An answer is kept only when the
 * snapshot taken before its statements equals the one taken after them: nothing committed in
 * between. Answers must depend only on the database and on their key (never on the clock).
 *
 * On PostgreSQL `json` just runs `load` and serializes it: there the pages' statements run in
 * parallel and meet the latency aims uncached (docs/benchmarks.md).
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

  /** `maxChars`: the bound of the bodies kept, in UTF-16 code units (least recently used go first). */
  constructor(maxChars = SNAPSHOT_CACHE_MAX_CHARS) {
    this.entries = new LRUCache({
      maxSize: maxChars,
      sizeCalculation: (e) => e.body.length + e.snapshot.length + 1,
    });
  }

  /**
   * The JSON body for `key` on `db`: the kept one when `db` is PGlite and unchanged since it was
   * loaded, else `serialize(await load())` (kept when nothing committed meanwhile). `key` must
   * name everything the answer depends on besides the database (workspace, viewer, URL). Errors of
   * `load` and `serialize` propagate and nothing is kept.
   */
  async json<T>(
    db: Database,
    key: string,
    load: () => Promise<T>,
    serialize: (value: T) => string,
  ): Promise<string> {
    if (db.kind !== 'pglite') return serialize(await load());
    const before = await currentSnapshot(db);
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
    if ((await currentSnapshot(db)) === before) this.entries.set(key, { snapshot: before, body });
    else this.entries.delete(key);
    return body;
  }
}

async function currentSnapshot(db: Database): Promise<string> {
  await SNAPSHOT.prepare(db);
  const { rows } = await SNAPSHOT.run<{ s: string }>(db, db, []);
  return rows[0]!.s;
}
