/**
 * The database seam: one interface over PGlite (embedded, in-process PostgreSQL) and PostgreSQL
 * (`pg` pool). Same SQL, same migrations on both.
 */

/** Rows and count of one query. */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/**
 * Options of one query. `rowMode: 'array'`: each row is an array of the column values in select
 * order instead of an object keyed by column name (both drivers support it; Drizzle needs it to
 * tell apart columns of the same name from joined tables, see src/kernel/db/orm.ts).
 */
export interface QueryOptions {
  rowMode?: 'array';
}

/** Anything that runs parameterized SQL (`$1`, `$2` …): the database or a transaction. */
export interface Queryable {
  query<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<T>>;
}

/**
 * A transaction of {@link Database.transaction}: a Queryable that can also run code once it has
 * committed (never when it rolls back).
 */
export interface Transaction extends Queryable {
  /**
   * Runs `fn` after the transaction commits, in registration order (a throwing `fn` is ignored).
   * For announcing what it wrote (NOTIFY) without announcing from inside it: PostgreSQL serializes
   * the commits of transactions that NOTIFY on one global lock, flush to disk included.
   */
  afterCommit(fn: () => void): void;
}

/** A database handle. `transaction` commits when `fn` resolves and rolls back when it throws. */
export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Like `query`, but ahead of operations waiting for the connection where the database has only
   * one (PGlite); on PostgreSQL the same as `query`. For short writes that record what already
   * happened outside the database (a platform accepted a message), to shrink the window in which
   * a crash loses that record.
   */
  queryUrgent<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<T>>;
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Calls `fn` after every transaction of this process (`transaction`) commits; returns the
   * unsubscribe function. `fn` must not throw or block (a throw is ignored).
   */
  onCommit(fn: () => void): () => void;
  /**
   * The database's current MVCC snapshot as text (`pg_current_snapshot()::text`, `xmin:xmax:xip,…`;
   * PostgreSQL documentation, "Transaction ID and Snapshot Information Functions"): two equal texts
   * see exactly the same rows (see src/kernel/db/snapshot-cache.ts). On PGlite it is answered
   * without a statement while no other operation has started since the one that read it: this
   * process is the embedded database's only client, so nothing else can have ended a transaction.
   */
  snapshot(): Promise<string>;
  /** Runs SQL that may hold several statements and no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Like `exec`, returning the rows of the last statement. */
  execRows(sql: string): Promise<Record<string, unknown>[]>;
  /**
   * Subscribes to a NOTIFY channel; returns an unsubscribe function. On PostgreSQL the LISTEN
   * connection heals itself after a restart and then calls `onReconnect` (notifications sent
   * while it was down are lost: look for missed work there). PGlite never loses it.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onReconnect?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
