/**
 * Message search benchmark (`npm run bench -- search [--messages N] [--db pglite|postgres]
 * [--conversations N] [--connections N] [--seconds S] [--limit N] [--no-doc]`; results in
 * docs/benchmarks.md, section `search-<db>`, unless `--no-doc`).
 *
 * A real Omnify (`startTestOmnify`, fresh database: PGlite by default, `--db postgres` on
 * `DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/test) is loaded by
 * bench/seed-messages.ts: a generic webhook channel (no agent), `--conversations` (default 10,000)
 * conversations through its webhook, and the rest of `--messages` (default 100,000; the issue's
 * PostgreSQL figure is 1,000,000) as two years of history spread at random over them, with texts
 * from the seeded Zipf vocabulary of bench/search-corpus.ts; then `VACUUM ANALYZE messages`, as
 * autovacuum would on PostgreSQL and the inbox's statistics check
 * (src/modules/inbox/search.statistics.ts) does on PGlite.
 *
 * Then `GET /api/v1/search/messages?q=…&limit=` (the first page, `--limit` hits, default 25 as the
 * web app asks) is measured for a very common word, a rare word and a phrase: autocannon in a separate process (bench/http-load.ts), `--connections`
 * (default 20) keep-alive connections, 2 s warm-up then `--seconds` (default 10) measured;
 * percentiles are nearest-rank over every answer. The table gives each query's total hits, its plan
 * and the p50/p95/p99 (aim: p95 < 150 ms). PGlite serves one query at a time, so its latency at 20
 * connections is about 20× its service time.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { orm } from '../src/kernel/db/orm.ts';
import {
  commonEnoughToWalk,
  forgetLexemeShares,
  lexemeShares,
  walkWindow,
} from '../src/modules/inbox/search.frequency.ts';
import { prefixWord, RECENT_WINDOW, searchQuerySql } from '../src/modules/inbox/search.repository.ts';
import { startTestOmnify, TEST_API_KEY, type TestOmnify } from '../src/testing/harness.ts';
import { writeBenchSection } from './doc-sections.ts';
import { measureLoad } from './http-load.ts';
import { benchQueries } from './search-corpus.ts';
import { createSeedChannel, dbOption, intOption, loadMessages, requireDatabase } from './seed-messages.ts';

const SECRET = 'bench-search-secret-0123456789';
const WARMUP_SECONDS = 2;
const AIM_P95_MS = 150;

interface Options {
  db: 'pglite' | 'postgres';
  messages: number;
  conversations: number;
  connections: number;
  seconds: number;
  /** Hits per page asked for (the web app's page is 25). */
  limit: number;
  doc: boolean;
}

/** The options after `search` on the command line (see the file's docstring). */
function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string', default: 'pglite' },
      messages: { type: 'string', default: '100000' },
      conversations: { type: 'string', default: '10000' },
      connections: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '10' },
      limit: { type: 'string', default: '25' },
      'no-doc': { type: 'boolean', default: false },
    },
  });
  const int = intOption;

  const conversations = int('conversations', values.conversations, 1);
  return {
    db: dbOption(values.db),
    messages: int('messages', values.messages, conversations),
    conversations,
    connections: int('connections', values.connections, 1),
    seconds: int('seconds', values.seconds, 1),
    limit: int('limit', values.limit, 1),
    doc: !values['no-doc'],
  };
}

interface Row {
  name: string;
  q: string;
  hits: number;
  plan: string;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
  failed: number;
}

/**
 * The query's total hits in the workspace and how its first page is found: a walk of the newest
 * messages when every word is common, else the scan PostgreSQL plans (EXPLAIN's scan nodes).
 */
async function describeQuery(
  omnify: TestOmnify,
  q: string,
  limit: number,
): Promise<{ hits: number; plan: string }> {
  const db = orm(omnify.db);
  const tsq = searchQuerySql(q);
  const vector = sql`search_vector`;
  const [count] = (await db.execute(
    sql`SELECT count(*)::int AS n FROM messages WHERE ${vector} @@ ${tsq}`,
  )) as Array<{ n: number }>;
  const ws = (await omnify.db.query<{ w: string }>('SELECT workspace_id AS w FROM channels LIMIT 1')).rows[0]!
    .w;
  const explain = (await db.execute(
    sql`EXPLAIN SELECT id FROM messages WHERE workspace_id = ${ws}::uuid
      AND ${vector} @@ ${tsq} ORDER BY created_at DESC, id DESC LIMIT 51`,
  )) as Array<{ 'QUERY PLAN': string }>;
  const scans = explain
    .map((r) => r['QUERY PLAN'])
    .filter((l) => /Scan/.test(l))
    .map((l) => l.replace(/^[\s>-]+/, '').replace(/\s+\(cost.*$/, ''));
  // The app walks the newest messages first when every word is common (search.repository.ts).
  forgetLexemeShares();
  const stats = await lexemeShares(omnify.db);
  const window = walkWindow(stats.rows, RECENT_WINDOW);
  const walk = commonEnoughToWalk(q, stats.shares, (limit + 1) / window, prefixWord(q));
  return {
    hits: Number(count?.n ?? 0),
    plan: walk
      ? `walk of the newest ${window.toLocaleString('en')} (Index Scan using messages_workspace_recent), then the index for the rest`
      : scans.join(' → '),
  };
}

/** Runs the search benchmark, prints its table and (unless `--no-doc`) writes its section of docs/benchmarks.md. */
export async function runSearchBenchmark(): Promise<void> {
  const o = options();
  await requireDatabase(o.db);
  const load1 = os.loadavg()[0]!;
  // No per-key rate limit: the load is one API key at hundreds of requests per second.
  const omnify = await startTestOmnify(o.db, { intelSchedule: 'off', apiRateLimitPerMinute: 0 });
  try {
    const t0 = performance.now();
    const channel = await createSeedChannel(omnify, SECRET);
    console.log(`Loading ${o.conversations} conversations and ${o.messages} messages on ${o.db}…`);
    await loadMessages(omnify, channel, o);
    const tLoad = performance.now();
    await omnify.db.exec('VACUUM ANALYZE messages');
    const tVacuum = performance.now();
    console.log(
      `Loaded in ${((tLoad - t0) / 1000).toFixed(1)} s; VACUUM ANALYZE ${((tVacuum - tLoad) / 1000).toFixed(1)} s`,
    );
    const rows: Row[] = [];
    for (const { name, q } of benchQueries()) {
      const { hits, plan } = await describeQuery(omnify, q, o.limit);
      const url = `${omnify.url}/api/v1/search/messages?q=${encodeURIComponent(q)}&limit=${o.limit}`;
      const check = await omnify.api('GET', url.slice(omnify.url.length));
      if (check.status !== 200) throw new Error(`search ${q}: ${check.status} ${JSON.stringify(check.json)}`);
      const r = await measureLoad(
        url,
        { authorization: `Bearer ${TEST_API_KEY}` },
        { connections: o.connections, seconds: o.seconds, warmup: WARMUP_SECONDS },
      );
      rows.push({ name, q, hits, plan, ...r, failed: r.non2xx + r.errors });
      console.log(
        `${name} (${q}): ${hits} hits, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms, ${r.rps} req/s; ${plan}`,
      );
    }
    const table = [
      `| query | hits (of ${o.messages.toLocaleString('en')}) | how the first page is found | p50 (ms) | p95 (ms) | p99 (ms) | req/s | aim p95 < ${AIM_P95_MS} ms |`,
      '| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |',
      ...rows.map(
        (r) =>
          `| ${r.name} \`${r.q}\` | ${r.hits.toLocaleString('en')} | ${r.plan} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.rps} | ${
            r.failed > 0 ? `${r.failed} FAILED` : r.p95 < AIM_P95_MS ? 'met' : 'NOT met'
          } |`,
      ),
    ].join('\n');
    console.log(`\n${table}`);
    if (!o.doc) return;
    const cpus = os.cpus();
    writeBenchSection(
      `search-${o.db}`,
      `## Message search on ${o.db === 'pglite' ? 'PGlite' : 'PostgreSQL'} (\`npm run bench -- search --db ${o.db} --messages ${o.messages}\`)

${o.conversations.toLocaleString('en')} conversations and ${o.messages.toLocaleString('en')} messages (two years; 55 % inbound, 35 % outbound,
10 % private notes; words from a seeded Zipf vocabulary of 5,000 words, bench/search-corpus.ts), then
\`GET /api/v1/search/messages?q=…&limit=${o.limit}\` (the first page; the web app asks for 25) under autocannon in a separate process:
${o.connections} keep-alive connections, ${WARMUP_SECONDS} s warm-up, ${o.seconds} s measured, nearest-rank percentiles of every answer.
Run on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} on ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version};
load average before the run ${load1.toFixed(2)}. Loading took ${((tLoad - t0) / 1000).toFixed(0)} s, \`VACUUM ANALYZE messages\` ${((tVacuum - tLoad) / 1000).toFixed(1)} s.${
        o.db === 'pglite'
          ? ' PGlite answers one query at a time: at this concurrency a request waits for the others, so latency ≈ connections × service time.'
          : ''
      }

${table}`,
    );
    console.log(`\nWrote the search-${o.db} section of docs/benchmarks.md`);
  } finally {
    await omnify.close();
  }
}
