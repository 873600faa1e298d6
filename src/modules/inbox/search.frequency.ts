import type { Queryable } from '../../kernel/db/database.ts';

/**
 * How many of the newest messages a search may walk before it asks the index: 1 % of the table,
 * at least 1,000 and at most 10,000 (`RECENT_WINDOW` of src/modules/inbox/search.repository.ts).
 * Walking a message costs about a quarter of fetching an index candidate; the cap keeps a walk that
 * finds too little cheap next to the index scan that follows it.
 */
export function walkWindow(tableRows: number, max: number): number {
  return Math.min(max, Math.max(1_000, Math.round(tableRows / 100)));
}

/** How long the statistics read by {@link lexemeShares} are reused (milliseconds). */
const TTL_MS = 10 * 60 * 1000;

/** The statistics {@link lexemeShares} reads: lexeme → share, and the table's estimated row count. */
export interface LexemeShares {
  shares: Map<string, number>;
  rows: number;
}

let cached: { at: number; stats: LexemeShares } | undefined;

/**
 * Lexeme → share of `messages` rows whose `search_vector` holds it (0–1), for the most common
 * lexemes only: PostgreSQL's own statistics (`pg_stats.most_common_elems` and their frequencies,
 * gathered by ANALYZE: autovacuum on PostgreSQL, src/modules/inbox/search.statistics.ts on PGlite).
 * Table-wide, not per workspace; with the table's estimated row count (`pg_class.reltuples`). Read
 * at most every ten minutes per process; empty (0 rows) before the first ANALYZE.
 */
export async function lexemeShares(db: Queryable, now = Date.now()): Promise<LexemeShares> {
  if (cached && now - cached.at < TTL_MS) return cached.stats;
  const { rows } = await db.query<{ e: string; f: number }>(
    `SELECT u.e, u.f FROM pg_stats s,
            unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs[1:array_length(s.most_common_elems::text::text[], 1)]) AS u(e, f)
      WHERE s.schemaname = current_schema() AND s.tablename = 'messages' AND s.attname = 'search_vector'`,
  );
  const counted = await db.query<{ n: number }>(
    "SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'messages'::regclass",
  );
  const stats = {
    shares: new Map(rows.map((r) => [r.e, Number(r.f)])),
    rows: Number(counted.rows[0]?.n ?? 0),
  };
  cached = { at: now, stats };
  return stats;
}

/**
 * Whether every word a search query needs (not those after `-`, not the `or` operator) is in at
 * least `minShare` of messages (the page's rows over the walk's window: the page is then expected
 * within the window), by {@link lexemeShares}; the last word counts with every
 * common lexeme it is a prefix of, when `prefix` is given. Words are split and lower-cased as the
 * `simple` text search configuration does (runs of letters and digits). False for a query with no
 * such word, or when a word is not among the common lexemes (then it is rarer than all of them).
 */
export function commonEnoughToWalk(
  q: string,
  shares: Map<string, number>,
  minShare: number,
  prefix?: string,
): boolean {
  const words: string[] = [];
  for (const token of q.split(/\s+/)) {
    if (token.startsWith('-') || token.toLowerCase() === 'or') continue;
    for (const w of token.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w) words.push(w);
  }
  if (words.length === 0) return false;
  const last = prefix?.toLowerCase();
  return words.every((w, i) => {
    if (i === words.length - 1 && last === w) {
      let share = 0;
      for (const [lexeme, f] of shares) if (lexeme.startsWith(w)) share += f;
      return share >= minShare;
    }
    return (shares.get(w) ?? 0) >= minShare;
  });
}

/** Forgets the cached statistics (tests). */
export function forgetLexemeShares(): void {
  cached = undefined;
}
