import { createHash } from 'node:crypto';
import { and, asc, desc, eq, fillPlaceholders, is, Placeholder, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { drizzle, type PgRemoteDatabase } from 'drizzle-orm/pg-proxy';
import { OmnifyError } from '../errors/catalog.ts';
import { type KeysetPosition, keysetPage, readCursor } from '../http-server/schemas.ts';
import type { Database, Queryable } from './database.ts';
import { PreparedStatement } from './prepared.ts';
import { isUuid } from './uuid.ts';

/**
 * Typed queries (Drizzle ORM, https://orm.drizzle.team) over our own {@link Queryable}.
 *
 * Drizzle's `pg-proxy` driver hands every statement to a callback; ours runs it through the
 * `Queryable` it was made for (the database, or a transaction of `Database.transaction`) with
 * `rowMode: 'array'`, the form Drizzle maps to typed rows. So typed queries join our transactions,
 * PGlite's priority gate and the PostgreSQL error mapping unchanged; Drizzle's own `transaction()`
 * is not used (the proxy driver has none). Values are the drivers' own: timestamptz → `Date`,
 * jsonb → parsed JSON, uuid → string, `text[]` → `string[]`, int8 → string (pg) or number
 * (PGlite) unless the column maps it (`bigint({ mode: 'number' })`).
 */
export type Orm = PgRemoteDatabase;

const instances = new WeakMap<Queryable, Orm>();

/** The Drizzle instance running its SQL through `q` (the database or a transaction). */
export function orm(q: Queryable): Orm {
  let db = instances.get(q);
  if (!db) {
    db = drizzle(async (text, params, method) => {
      const r = await q.query(text, params, method === 'all' ? { rowMode: 'array' } : undefined);
      return { rows: r.rows };
    });
    instances.set(q, db);
  }
  return db;
}

/**
 * Runs a typed select (built on {@link orm}) through `db` and zips each row with `keys`, the
 * selection's keys in select-list order (`Object.keys(selection)`), instead of Drizzle's row
 * mapping, which looks up every field's decoder on every value (about 0.2 ms of a page of 50 wide
 * rows). Only for selections whose values the drivers already give their final types
 * (timestamptz → `Date`, integer → number, json → parsed, text): no `mapWith` or column decoder runs.
 */
export async function selectRows<R>(
  db: Queryable,
  query: { toSQL(): { sql: string; params: unknown[] } },
  keys: readonly string[],
): Promise<R[]> {
  const { sql: text, params } = query.toSQL();
  const { rows } = await db.query<unknown[]>(text, params, { rowMode: 'array' });
  return zipRows<R>(rows, keys);
}

/** Array rows as objects keyed by `keys` (the select list's order). */
function zipRows<R>(rows: unknown[][], keys: readonly string[]): R[] {
  return rows.map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) row[keys[i]!] = values[i];
    return row as R;
  });
}

/**
 * A timestamptz column as JavaScript's `toISOString()` prints it (UTC, milliseconds, microseconds
 * truncated as `Date` truncates them), formatted by the database; NULL stays NULL. For the API's
 * hottest pages: parsing each value into a `Date` and printing it again was a tenth of a page's
 * CPU in Node (and much of its garbage).
 */
export function isoTime(column: AnyPgColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** Never runs: it only builds {@link preparedSelect}'s SQL. */
const BUILD_ONLY: Queryable = {
  query: () => Promise.reject(new Error('a prepared select is built here, never run')),
};

/**
 * The row counts a {@link preparedSelect} statement's literal LIMIT is written for: a page of
 * `limit` items reads `limit + 1` rows (the extra one tells whether more follow), rounded up to the
 * next of these. The API's page sizes run from 1 to 200 (`limit` in src/kernel/http-server/schemas.ts).
 */
export const LIMIT_BUCKETS: readonly number[] = [11, 26, 51, 101, 201];

/** The smallest of {@link LIMIT_BUCKETS} ≥ `rows`, or `rows` itself above the largest. */
export function limitBucket(rows: number): number {
  return LIMIT_BUCKETS.find((b) => b >= rows) ?? rows;
}

/**
 * How a {@link preparedSelect} statement writes its LIMIT, which decides the plan PostgreSQL keeps.
 * The PostgreSQL driver prepares each statement once per connection; after five runs PostgreSQL
 * compares a generic plan (made once, for any values) with the custom plans (made anew at every
 * run, for the values given) and keeps the one it estimates cheaper. With `LIMIT $n` the generic
 * plan is costed as if a tenth of the matching rows were read.
 *
 * - `'literal'`: the smallest of {@link LIMIT_BUCKETS} that holds the rows asked for, as a literal
 *   (at most five statement texts). The generic plan is then costed for the real page, is kept,
 *   and no run is planned again. For a statement whose best plan does not depend on its values:
 *   the conversation list, whose custom plans were the same plan made at every run, a third of the
 *   database's time per page (0.71 ms against 0.47 ms).
 * - `'parameter'`: `LIMIT $n`. The timeline: a custom plan for a conversation holding a large
 *   share of the workspace's messages walks `messages_workspace_recent` and filters (3.9 ms for
 *   a page of a 100,000-message conversation among 1,000,000); the generic plan, which the
 *   parameter makes look cheap, walks `messages_conversation_recent` (0.1 ms).
 */
export type LimitForm = 'literal' | 'parameter';

/**
 * A typed page select whose SQL is built once (per row-count bucket with a literal LIMIT).
 * `build(scope, limit)` makes the select with a {@link Scope} whose workspace is the placeholder
 * `workspaceId`, `sql.placeholder(name)` for every other value, and `.limit(limit)`, written as
 * `form` says ({@link LimitForm}); `types` names each placeholder's SQL type (`workspaceId`
 * included, e.g. `{ workspaceId: 'uuid', limit: 'int' }`). Each call (`rows`: the rows wanted, a
 * page's `limit + 1`) fills the placeholders from `values` (Drizzle's `fillPlaceholders`, which
 * throws for a missing one) and runs it through `db` with {@link selectRows} (`keys`: the
 * selection's keys in order). It returns up to `rows` rows, or up to the bucket's count with a
 * literal LIMIT: the caller's keyset page (src/kernel/http-server/schemas.ts, `keysetPage`) keeps
 * the ones it asked for. For the API's hottest pages: making a wide select's SQL anew was an eighth
 * of a timeline page's CPU.
 *
 * On PGlite, given the database itself (not a transaction), the statement is a
 * {@link PreparedStatement}, prepared on its first run: PGlite otherwise parses and plans every
 * run (a conversation-list page took 2.14 ms there, 1.54 ms prepared; a timeline page 2.09 and
 * 1.39 ms), and the plan cache then behaves as on PostgreSQL.
 */
export function preparedSelect<R>(
  build: (s: Scope, limit: Placeholder) => { toSQL(): { sql: string; params: unknown[] } },
  keys: readonly string[],
  form: LimitForm,
  types: Readonly<Record<string, string>>,
): (db: Queryable, workspaceId: string, rows: number, values?: Record<string, unknown>) => Promise<R[]> {
  const built = new Map<number, { sql: string; params: unknown[]; prepared: PreparedStatement }>();
  const scope = scoped(BUILD_ONLY, sql.placeholder('workspaceId') as unknown as string);
  return async (db, workspaceId, rows, values = {}) => {
    const bucket = form === 'literal' ? limitBucket(rows) : 0;
    let statement = built.get(bucket);
    if (!statement) {
      const limit =
        form === 'literal'
          ? // Drizzle writes an SQL object given to `.limit()` as it is (a number becomes a parameter).
            (sql.raw(String(bucket)) as unknown as Placeholder)
          : sql.placeholder('limit');
      const { sql: text, params } = build(scope, limit).toSQL();
      const paramTypes = params.map((p) => {
        const type = is(p, Placeholder) ? types[p.name] : undefined;
        if (!type)
          throw new Error(`preparedSelect: no type for parameter ${String(is(p, Placeholder) ? p.name : p)}`);
        return type;
      });
      const name = `omnify_page_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      statement = { sql: text, params, prepared: new PreparedStatement(name, text, paramTypes) };
      built.set(bucket, statement);
    }
    const params = fillPlaceholders(statement.params, { ...values, workspaceId, limit: rows });
    if (isPgliteDatabase(db)) {
      await statement.prepared.prepare(db);
      const { rows: found } = await statement.prepared.run<unknown[]>(db, db, params, { rowMode: 'array' });
      return zipRows<R>(found, keys);
    }
    const query = { sql: statement.sql, params };
    return selectRows<R>(db, { toSQL: () => query }, keys);
  };
}

/** Whether `q` is a PGlite database itself (a transaction has no `kind`). */
function isPgliteDatabase(q: Queryable): q is Database {
  return (q as Partial<Database>).kind === 'pglite';
}

/** A table with a `workspace_id` column (every table holding a workspace's data). */
export interface WorkspaceTable {
  workspaceId: AnyPgColumn;
}

/**
 * Queries confined to one workspace: `db` is {@link orm}`(q)`; `where(table, …conditions)` is the
 * WHERE clause `table.workspace_id = workspaceId AND …conditions` (undefined conditions are
 * skipped) and `values(row)` stamps `workspaceId` on a row to insert. Repositories take every
 * workspace-data query through a scope: `src/app/workspace-scoping.test.ts` fails on a query of a
 * table with a `workspace_id` column whose WHERE (or insert values) does not come from one,
 * unless the statement is marked `// unscoped: <reason>` (docs/architecture.md, "Typed queries").
 */
export interface Scope {
  readonly db: Orm;
  readonly workspaceId: string;
  where(table: WorkspaceTable, ...conditions: Array<SQL | undefined>): SQL;
  values<R extends object>(row: R): R & { workspaceId: string };
}

/** The {@link Scope} of `workspaceId` over `q` (the database or a transaction). */
export function scoped(q: Queryable, workspaceId: string): Scope {
  const db = orm(q);
  return {
    db,
    workspaceId,
    where: (table, ...conditions) => and(eq(table.workspaceId, workspaceId), ...conditions) as SQL,
    values: (row) => ({ ...row, workspaceId }),
  };
}

/**
 * What {@link keyset} pages over: a sort column or expression with the row's `id` breaking ties.
 * By default a timestamptz sort and a uuid id.
 */
export interface KeysetOptions {
  /** The sort column or expression (see `sortType`). */
  sort: AnyPgColumn | SQL;
  /** The tie-breaker (a uuid primary key unless `idType` says `text`). */
  id: AnyPgColumn;
  /**
   * `timestamptz` (default): the cursor holds the database's microsecond text. `float8`: a number
   * expression; the cursor holds JavaScript's `String(n)` and one that is no finite number (or, with
   * a uuid id, has no uuid) is a 400 field error. `text`: the cursor holds the text itself.
   */
  sortType?: 'timestamptz' | 'float8' | 'text';
  /** `uuid` (default) or `text`. */
  idType?: 'uuid' | 'text';
  limit: number;
  /** The `cursor` query parameter; a bad one throws `OMNIFY_ERR_VALIDATION` (field `/querystring/cursor`). */
  cursor?: string;
  /** `desc` (default): newest first. */
  order?: 'asc' | 'desc';
}

/** The pieces of one keyset-paginated select; see {@link keyset}. */
export interface Keyset {
  /** Select it as `pageAt`: the sort value's cursor text (a timestamp as the database prints it, microseconds). */
  pageAt: SQL<string>;
  /** AND it into the WHERE: rows after the cursor (undefined on the first page). */
  after: SQL | undefined;
  /** The ORDER BY: sort column, then id, both in the page's direction. */
  orderBy: [SQL, SQL];
  /** The LIMIT: one row more than the page, to tell whether another page follows. */
  limit: number;
  /** Turns the fetched rows into `{ data, nextCursor }`, each row mapped with `view`. */
  page<R extends { pageAt: string; id: string }, V>(
    rows: R[],
    view: (row: R) => V,
  ): { data: V[]; nextCursor: string | null };
}

/**
 * One keyset (seek) pagination for every list of the API: `(sort, id) < (cursor)` (or `>` for
 * `asc`) ordered by both, `limit + 1` rows. The cursor is base64url JSON `[sortValueText, id]`
 * (src/kernel/http-server/schemas.ts): for a timestamptz sort the database's microsecond text,
 * because an ISO string (milliseconds) could skip rows; see {@link KeysetOptions} for number and
 * text sorts. Usage:
 *
 * ```ts
 * const k = keyset({ sort: t.createdAt, id: t.id, limit, cursor });
 * const rows = await db.select({ ...cols, pageAt: k.pageAt }).from(t)
 *   .where(and(s.where(t), k.after)).orderBy(...k.orderBy).limit(k.limit);
 * return k.page(rows, toView);
 * ```
 */
export function keyset(o: KeysetOptions): Keyset {
  const cur: KeysetPosition | undefined = readCursor(o.cursor);
  const ascending = o.order === 'asc';
  const dir = ascending ? asc : desc;
  const cmp = ascending ? sql.raw('>') : sql.raw('<');
  const uuidId = (o.idType ?? 'uuid') === 'uuid';
  let pageAt = sql<string>`${o.sort}::text`;
  let at: SQL | undefined;
  // A cursor is opaque but comes from the client: a forged one is a 400, never a database error.
  const timestamp = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/;
  const forged =
    cur &&
    ((uuidId && !isUuid(cur.id)) ||
      (o.sortType === 'float8' && !Number.isFinite(Number(cur.at))) ||
      ((o.sortType ?? 'timestamptz') === 'timestamptz' && !timestamp.test(cur.at)));
  if (forged) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'The cursor is not valid.', {
      fields: [{ path: '/querystring/cursor', message: 'not a cursor of this sort order' }],
    });
  }
  if (o.sortType === 'float8') {
    // JavaScript's text of the number (the drivers return float8 as a number).
    pageAt = sql<string>`${o.sort}`.mapWith((v: unknown) => String(Number(v)));
    at = cur && sql`${Number(cur.at)}::float8`;
  } else if (o.sortType === 'text') {
    pageAt = sql<string>`${o.sort}`;
    at = cur && sql`${cur.at}`;
  } else {
    at = cur && sql`${cur.at}::timestamptz`;
  }
  const id = cur && (uuidId ? sql`${cur.id}::uuid` : sql`${cur.id}`);
  return {
    pageAt,
    after: cur ? sql`(${o.sort}, ${o.id}) ${cmp} (${at}, ${id})` : undefined,
    orderBy: [dir(o.sort), dir(o.id)],
    limit: o.limit + 1,
    page: (rows, view) => keysetPage(rows, o.limit, (r) => ({ at: r.pageAt, id: r.id }), view),
  };
}
