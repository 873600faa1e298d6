import { createHash } from 'node:crypto';
import pg from 'pg';
import { CommitListeners } from './commit-hooks.ts';
import { mapDatabaseError } from './connection-errors.ts';
import type { Database, Queryable, QueryOptions, QueryResult } from './database.ts';
import { PgListener } from './pg-listener.ts';

const names = new Map<string, string>();
/** A stable prepared-statement name for `text` (pg keeps one prepared statement per name and connection). */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `omnify_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/** PostgreSQL's type OID of `date`. */
const DATE_OID = 1082;

/**
 * Type parsers of our pools: `date` stays its `YYYY-MM-DD` text. node-postgres would parse it as
 * local midnight, which Drizzle's string mode then turns into the previous day east of UTC
 * (TZ=Europe/Berlin read 2026-11-01 as 2026-10-31). A calendar day has no time zone; PGlite
 * answers it as text already.
 */
const CALENDAR_DATES_AS_TEXT = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === DATE_OID
      ? (v: string) => v
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * Connects to PostgreSQL 15+ at `url` through a `pg` pool of `max` connections.
 * Transactions run on one pooled client (BEGIN … COMMIT / ROLLBACK); LISTEN runs on a dedicated
 * connection that reconnects by itself (`PgListener`).
 *
 * Rides through server restarts: every connection has an `error` handler (an unhandled one would
 * end the process), broken connections are dropped from the pool, a new connection is tried on
 * the next query, and connection-level failures throw `OMNIFY_ERR_DATABASE_UNAVAILABLE`
 * (`src/kernel/db/connection-errors.ts`); other SQL errors pass through unchanged.
 * `connectTimeoutMs`: how long a query waits for a connection before it fails that way.
 */
export async function openPostgres(url: string, max = 10, connectTimeoutMs = 5_000): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    types: CALENDAR_DATES_AS_TEXT,
    max,
    connectionTimeoutMillis: connectTimeoutMs,
    keepAlive: true,
  });
  pool.on('error', () => {
    // Idle-client errors (server restart): the pool drops the client; the next query reconnects.
  });
  try {
    await pool.query('select 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw mapDatabaseError(e);
  }
  const wrap = (q: Pick<pg.Pool, 'query'>): Queryable => ({
    async query<T>(
      text: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      let res: pg.QueryResult | pg.QueryResult[];
      try {
        // Parameterized statements are prepared once per connection and their plans reused.
        res = (
          params && params.length > 0
            ? await q.query({
                name: statementName(text),
                text,
                values: params as unknown[],
                ...(options?.rowMode ? { rowMode: options.rowMode } : {}),
              })
            : options?.rowMode
              ? await q.query({ text, rowMode: options.rowMode })
              : await q.query(text)
        ) as pg.QueryResult | pg.QueryResult[];
      } catch (e) {
        throw mapDatabaseError(e);
      }
      // Several statements without parameters (pg-boss's migrations) answer with one result each.
      const r = Array.isArray(res) ? res[res.length - 1] : res;
      return { rows: (r?.rows ?? []) as T[], rowCount: r?.rowCount ?? r?.rows.length ?? 0 };
    },
  });
  const base = wrap(pool);
  const listener = new PgListener(url);
  const commits = new CommitListeners();
  return {
    kind: 'postgres',
    query: base.query,
    queryUrgent: base.query,
    async transaction(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (e) {
        throw mapDatabaseError(e);
      }
      // A checked-out client has no pool error handler: without this one, the server closing the
      // connection mid-transaction would be an unhandled 'error' event.
      let broken: Error | undefined;
      const onError = (e: Error) => {
        broken = e;
      };
      client.on('error', onError);
      const own: Array<() => void> = [];
      try {
        await client.query('BEGIN');
        const result = await fn({ ...wrap(client), afterCommit: (f) => own.push(f) });
        await client.query('COMMIT');
        commits.committed(own);
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        // The COMMIT's fate is unknown when the connection broke: callers treat that as "not
        // acknowledged" (503) and the sender redelivers; our unique keys make redelivery harmless.
        throw mapDatabaseError(e);
      } finally {
        client.off('error', onError);
        // A broken connection is destroyed rather than returned to the pool.
        client.release(broken);
      }
    },
    async exec(sql) {
      await base.query(sql);
    },
    async execRows(sql) {
      let r: pg.QueryResult | pg.QueryResult[];
      try {
        r = (await pool.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
      } catch (e) {
        throw mapDatabaseError(e);
      }
      return Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows;
    },
    onCommit: (fn) => commits.add(fn),
    async snapshot() {
      const { rows } = await base.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s');
      return rows[0]!.s;
    },
    listen: (channel, onPayload, onReconnect) => listener.listen(channel, onPayload, onReconnect),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
