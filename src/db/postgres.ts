import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Database, Queryable, QueryResult } from './database.ts';

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

/**
 * Connects to PostgreSQL 15+ at `url` through a `pg` pool of `max` connections.
 * Transactions run on one pooled client (BEGIN … COMMIT / ROLLBACK).
 */
export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {
    // Idle-client errors (server restart) surface on the next query; nothing to do here.
  });
  await pool.query('select 1');
  const wrap = (q: Pick<pg.Pool, 'query'>): Queryable => ({
    async query<T>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
      // Parameterized statements are prepared once per connection and their plans reused.
      const res = (
        params && params.length > 0
          ? await q.query({ name: statementName(text), text, values: params as unknown[] })
          : await q.query(text)
      ) as pg.QueryResult | pg.QueryResult[];
      // Several statements without parameters (pg-boss's migrations) answer with one result each.
      const r = Array.isArray(res) ? res[res.length - 1] : res;
      return { rows: (r?.rows ?? []) as T[], rowCount: r?.rowCount ?? r?.rows.length ?? 0 };
    },
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async execRows(sql) {
      const r = (await pool.query(sql)) as unknown as pg.QueryResult | pg.QueryResult[];
      return Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows;
    },
    async listen(channel, onPayload) {
      const client = await pool.connect();
      const handler = (m: pg.Notification) => {
        if (m.channel === channel) onPayload(m.payload ?? '');
      };
      client.on('notification', handler);
      await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
      return async () => {
        client.off('notification', handler);
        await client.query(`UNLISTEN "${channel.replace(/"/g, '')}"`).catch(() => {});
        client.release();
      };
    },
    close: () => pool.end(),
  };
}
