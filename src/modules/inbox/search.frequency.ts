import type { Queryable } from '../../kernel/db/database.ts';

/**
 * Share of messages a word must reach for a search to walk the newest messages before it asks the
 * index (src/modules/inbox/search.repository.ts, `RECENT_WINDOW`): 1 in 400, so a first page of 25
 * hits is expected within a window of 10,000 messages.
 */
export const WALK_SHARE = 1 / 400;

/** How long the statistics read by {@link lexemeShares} are reused (milliseconds). */
const TTL_MS = 10 * 60 * 1000;

let cached: { at: number; shares: Map<string, number> } | undefined;

/**
 * Lexeme → share of `messages` rows whose `search_vector` holds it (0–1), for the most common
 * lexemes only: PostgreSQL's own statistics (`pg_stats.most_common_elems` and their frequencies,
 * gathered by ANALYZE: autovacuum on PostgreSQL, src/modules/inbox/search.statistics.ts on PGlite).
 * Table-wide, not per workspace. Read at most every ten minutes per process; empty before the
 * first ANALYZE.
 */
export async function lexemeShares(db: Queryable, now = Date.now()): Promise<Map<string, number>> {
  if (cached && now - cached.at < TTL_MS) return cached.shares;
  const { rows } = await db.query<{ e: string; f: number }>(
    `SELECT u.e, u.f FROM pg_stats s,
            unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs[1:array_length(s.most_common_elems::text::text[], 1)]) AS u(e, f)
      WHERE s.schemaname = current_schema() AND s.tablename = 'messages' AND s.attname = 'search_vector'`,
  );
  const shares = new Map(rows.map((r) => [r.e, Number(r.f)]));
  cached = { at: now, shares };
  return shares;
}

/**
 * Whether every word a search query needs (not those after `-`, not the `or` operator) is in at
 * least {@link WALK_SHARE} of messages, by {@link lexemeShares}; the last word counts with every
 * common lexeme it is a prefix of, when `prefix` is given. Words are split and lower-cased as the
 * `simple` text search configuration does (runs of letters and digits). False for a query with no
 * such word, or when a word is not among the common lexemes (then it is rarer than all of them).
 */
export function commonEnoughToWalk(q: string, shares: Map<string, number>, prefix?: string): boolean {
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
      return share >= WALK_SHARE;
    }
    return (shares.get(w) ?? 0) >= WALK_SHARE;
  });
}

/** Forgets the cached statistics (tests). */
export function forgetLexemeShares(): void {
  cached = undefined;
}
