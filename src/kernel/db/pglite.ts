import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { isBackground } from './background.ts';
import { CommitListeners } from './commit-hooks.ts';
import type { Database, Queryable, QueryOptions, QueryResult } from './database.ts';
import { initializePgliteDataDir, pgliteStartParams } from './pglite-memory.ts';
import { type GateLane, PriorityGate } from './priority-gate.ts';

/** PostgreSQL's type OID of `date`. */
const DATE_OID = 1082;

/**
 * Opens the embedded database (PGlite) with its files under `dataDir` (created if missing), or in
 * memory when `dataDir` is `memory://`. PGlite runs queries one at a time; a transaction holds the
 * connection until it ends. It runs without fsync: it survives a process crash, not power loss.
 * A new data directory is created in a child process and `shared_buffers` is `sharedBuffers`
 * (see pglite-memory.ts: both keep the server's resident memory low).
 */
export async function openPglite(dataDir: string, sharedBuffers = '16MB'): Promise<Database> {
  if (!dataDir.startsWith('memory://')) {
    mkdirSync(dataDir, { recursive: true });
    initializePgliteDataDir(dataDir);
  }
  // `date` stays its YYYY-MM-DD text, as on PostgreSQL (src/kernel/db/postgres.ts): a calendar day has no zone.
  const pg = await PGlite.create(dataDir, {
    startParams: pgliteStartParams(sharedBuffers),
    parsers: { [DATE_OID]: (v: string) => v },
  });
  const wrap = (q: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(
      text: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ): Promise<QueryResult<T>> {
      const r = await q.query<T>(text, params as unknown[] | undefined, options);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  });
  const base = wrap(pg);
  // Every operation takes its turn here rather than in PGlite's own FIFO queue, so that urgent
  // writes (`queryUrgent`) go before waiting ingest transactions and job polls.
  const gate = new PriorityGate();
  // Background work (a model run, background.ts) waits behind the API and lets it in between statements.
  const lane = (): GateLane => (isBackground() ? 'background' : 'normal');
  const commits = new CommitListeners();
  // Operations begun, other than snapshot reads, and the snapshot read when the count was `mark`:
  // while no operation has begun since, nothing can have changed it (`snapshot` below).
  let begun = 0;
  let known: { mark: number; snapshot: string } | undefined;
  const counted =
    <T>(fn: () => Promise<T>) =>
    () => {
      begun += 1;
      return fn();
    };
  return {
    kind: 'pglite',
    query: (text, params, options) =>
      gate.run(
        counted(() => base.query(text, params, options)),
        lane(),
      ),
    queryUrgent: (text, params, options) =>
      gate.run(
        counted(() => base.query(text, params, options)),
        'urgent',
      ),
    async snapshot() {
      if (known?.mark === begun) return known.snapshot;
      return gate.run(async () => {
        const mark = begun;
        const { rows } = await base.query<{ s: string }>('SELECT pg_current_snapshot()::text AS s');
        known = { mark, snapshot: rows[0]!.s };
        return known.snapshot;
      }, lane());
    },
    transaction: (fn) =>
      gate.run(async () => {
        begun += 1;
        const own: Array<() => void> = [];
        const result = await pg.transaction((tx) => fn({ ...wrap(tx), afterCommit: (f) => own.push(f) }));
        commits.committed(own);
        return result;
      }, lane()),
    onCommit: (fn) => commits.add(fn),
    exec: (sql) =>
      gate.run(
        counted(async () => void (await pg.exec(sql))),
        lane(),
      ),
    execRows: (sql) =>
      gate.run(async () => {
        begun += 1;
        const results = await pg.exec(sql);
        return results.at(-1)?.rows ?? [];
      }, lane()),
    async listen(channel, onPayload) {
      const unsub = await pg.listen(channel, onPayload);
      return async () => unsub();
    },
    close: () => pg.close(),
  };
}
