import type { Queryable } from '../db/database.ts';
import { keysetPage, readCursor } from './schemas.ts';

/** What {@link newestFirstPage} lists: a workspace's rows of one table, optionally filtered by equality. */
export interface NewestFirstQuery {
  /** Table name (a constant of the caller, never user input). */
  table: string;
  /** Columns to select (default `*`; constants of the caller). */
  columns?: string;
  /** Sort column, a timestamp (default `created_at`); ties are broken by `id`. */
  column?: string;
  workspaceId: string;
  /** Column = value filters; undefined values are skipped. Column names are constants of the caller. */
  filters?: Record<string, unknown>;
  limit: number;
  /** The `cursor` query parameter (validated; a bad one is a 400 field error). */
  cursor?: string;
}

/**
 * One newest-first keyset page (`{ data, nextCursor }`) of a workspace's rows, each mapped with
 * `view`: the listing pattern of runs, imports, insights and actions.
 */
export async function newestFirstPage<V>(
  db: Queryable,
  q: NewestFirstQuery,
  view: (row: any) => V,
): Promise<{ data: V[]; nextCursor: string | null }> {
  const col = q.column ?? 'created_at';
  const cur = readCursor(q.cursor);
  const params: unknown[] = [q.workspaceId];
  const where = ['workspace_id = $1'];
  for (const [name, value] of Object.entries(q.filters ?? {})) {
    if (value !== undefined) where.push(`${name} = $${params.push(value)}`);
  }
  if (cur) {
    params.push(cur.at, cur.id);
    where.push(`(${col}, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(q.limit + 1);
  const r = await db.query(
    `SELECT ${q.columns ?? '*'}, ${col}::text AS page_ts FROM ${q.table} WHERE ${where.join(' AND ')}
     ORDER BY ${col} DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return keysetPage(r.rows as any[], q.limit, (x) => ({ at: x.page_ts, id: x.id }), view);
}
