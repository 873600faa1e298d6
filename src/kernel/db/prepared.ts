import type { Database, Queryable, QueryOptions, QueryResult } from './database.ts';

/**
 * Hot statements (the inbox's ingest, its jobs' reads and writes, the API's page selects of
 * src/kernel/db/orm.ts), planned once per database instead of on every run.
 *
 * On PostgreSQL nothing changes: the `pg` driver already prepares each parameterized statement once
 * per connection and reuses its plan (src/kernel/db/postgres.ts). PGlite's query API has no named
 * statements, so it parses and plans every statement again; for the ingest statement that costs
 * more than running it (about 4 ms to plan against 1 ms to run for a one-message delivery). There,
 * {@link prepareStatements} (run once at start, outside any transaction) `PREPARE`s each statement
 * in PGlite's one session (prepared statements outlive transactions), and {@link
 * PreparedStatement.run} then `EXECUTE`s it: after five runs PostgreSQL's plan cache keeps a
 * generic plan. `EXECUTE` takes no bound parameters, so every argument travels as base64 text that
 * the server decodes and casts to the declared type: no value ever appears in the SQL text,
 * whatever it contains, and a bad value fails with the same SQLSTATE as a bound one would.
 *
 * Until {@link prepareStatements} ran for a database (tests that open one themselves, deliveries
 * arriving while the server starts), `run` sends the plain statement with bound parameters.
 */
export class PreparedStatement {
  private readonly ready = new WeakSet<Database>();
  /** In-flight preparations, so that concurrent first runs prepare once. */
  private readonly preparing = new WeakMap<Database, Promise<void>>();

  /**
   * `name`: the session-wide statement name (an SQL identifier, unique). `text`: the SQL with `$1`…
   * placeholders. `types`: the SQL type of each placeholder, in order (e.g. `uuid`, `jsonb`, `int`).
   */
  constructor(
    readonly name: string,
    readonly text: string,
    readonly types: readonly string[],
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name) || types.some((t) => !/^[a-z][a-z0-9_ ]*(\[\])?$/.test(t))) {
      throw new Error(`bad prepared statement ${name} (${types.join(', ')})`);
    }
    REGISTRY.push(this);
  }

  /**
   * Runs the statement with `params` (one per placeholder: string, number, boolean, Date, null) on
   * `q`, the database `db` or one of its transactions, with `options` (e.g. `rowMode`). Rows and
   * errors as `q.query` gives them.
   */
  run<T>(
    db: Database,
    q: Queryable,
    params: readonly unknown[],
    options?: QueryOptions,
  ): Promise<QueryResult<T>> {
    if (!this.ready.has(db)) return q.query<T>(this.text, params, options);
    const args = this.types.map((type, i) => argument(params[i], type));
    return q.query<T>(`EXECUTE ${this.name}(${args.join(', ')})`, undefined, options);
  }

  /**
   * Prepares it in `db`'s session unless it already is (PGlite only; a no-op on PostgreSQL). Call it
   * outside any transaction: with the database, never with one of its transactions.
   */
  prepare(db: Database): Promise<void> {
    if (db.kind !== 'pglite' || this.ready.has(db)) return Promise.resolve();
    let pending = this.preparing.get(db);
    if (!pending) {
      pending = (async () => {
        const { rows } = await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = $1',
          [this.name],
        );
        if (rows[0]?.n === 0)
          await db.query(`PREPARE ${this.name} (${this.types.join(', ')}) AS ${this.text}`);
        this.ready.add(db);
      })().finally(() => this.preparing.delete(db));
      this.preparing.set(db, pending);
    }
    return pending;
  }
}

const REGISTRY: PreparedStatement[] = [];

/** One `EXECUTE` argument: NULL, or the value's text as base64, decoded and cast by the server. */
function argument(value: unknown, type: string): string {
  if (value === null || value === undefined) return `NULL::${type}`;
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  return `convert_from(decode('${Buffer.from(text, 'utf8').toString('base64')}', 'base64'), 'UTF8')::${type}`;
}

/**
 * Prepares every {@link PreparedStatement} made so far in `db` (PGlite; nothing to do on
 * PostgreSQL). Run once at start, outside any transaction; statements made later (the page
 * selects, built on first use) prepare themselves on their first run.
 */
export async function prepareStatements(db: Database): Promise<void> {
  for (const s of REGISTRY) await s.prepare(db);
}
