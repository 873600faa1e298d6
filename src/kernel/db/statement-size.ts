/**
 * How much one statement of a batch job (a model run) may carry. PGlite runs a statement
 * synchronously on the API's thread: on the demo's model run (2026-12-07) it read about 40–100 rows
 * per ms, upserted about 28 rows per ms and took about 1 ms per 11 KB of JSON parameters. The
 * embedded sizes keep each statement near 10–25 ms there, so that a request waits about that long
 * at most behind a model run (with background.ts letting the API in between statements). PostgreSQL
 * runs statements in its own processes, where fewer, larger statements cost less.
 */
export interface StatementSizes {
  /** Rows one read returns. */
  readRows: number;
  /** Rows one insert or upsert writes. */
  writeRows: number;
  /** JSON text one statement carries (UTF-16 code units, ≈ bytes). */
  chars: number;
}

/** For PostgreSQL: 10,000 rows read, 2,000 written, 8 MB of JSON. */
export const SERVER_STATEMENT: StatementSizes = { readRows: 10_000, writeRows: 2_000, chars: 8_000_000 };
/** For the embedded database (PGlite): 1,000 rows read, 500 written, 256 KB of JSON. */
export const EMBEDDED_STATEMENT: StatementSizes = { readRows: 1_000, writeRows: 500, chars: 256_000 };

/** The statement sizes for a database of `kind`. */
export const statementSizes = (kind: 'pglite' | 'postgres'): StatementSizes =>
  kind === 'pglite' ? EMBEDDED_STATEMENT : SERVER_STATEMENT;
