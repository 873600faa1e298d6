/**
 * Inbox benchmark (`npm run bench -- inbox [--db pglite|postgres] [--messages N] [--conversations N]
 * [--big N] [--connections N] [--seconds S] [--loads N] [--live N] [--no-doc]`; results in
 * docs/benchmarks.md, section `inbox-<db>`, unless `--no-doc`). Issue 10's aims (bench/inbox.report.ts):
 *
 * 1. A real Omnify (`startTestOmnify`, fresh database: PGlite by default, `--db postgres` on
 *    `DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/test; web app built when stale)
 *    gets its owner through `POST /api/v1/setup`, then bench/seed-messages.ts loads `--messages`
 *    (default 100,000 on PGlite, 1,000,000 on PostgreSQL) over `--conversations` (default 10,000),
 *    `--big` of them (default 10 % of the messages) in one conversation; then `VACUUM ANALYZE`.
 * 2. API, signed in by the owner's session cookie as the web app is (no rate limit): the
 *    conversation list's first page as web/src/features/inbox/queries.ts asks it
 *    (`?limit=50&status=open`: tab All, status Open) and the latest 50 messages as
 *    web/src/features/inbox/timeline-query.ts asks them (`?limit=50&order=desc`) of the big
 *    conversation and of a small one (the one nearest the mean size). Autocannon in a separate
 *    process (bench/http-load.ts), `--connections` (default 20), 2 s warm-up, `--seconds` (default
 *    10) measured. Aims: p99 < 20 ms; the big conversation's page ≥ 1,350 req/s (3× a peer's 450).
 * 3. Browser (bench/inbox.browser.ts): `--loads` (default 20) cold loads of /inbox → interactive
 *    (aim p95 < 1.5 s), then `--live` (default 50) webhook messages → row visible in an open inbox
 *    (aim p95 < 1 s).
 * 4. Bundle sizes: every entry of `size-limit --json`.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
// @ts-expect-error plain JavaScript module without types
import { ensureWebBuild } from '../bin/build-web.js';
import { launchBrowser } from '../src/testing/browser.ts';
import { startTestOmnify, type TestOmnify } from '../src/testing/harness.ts';
import { OWNER } from '../src/testing/web-inbox.ts';
import { writeBenchSection } from './doc-sections.ts';
import { measureLoad } from './http-load.ts';
import { coldLoads, liveLatency, signInCookie } from './inbox.browser.ts';
import {
  type ApiRow,
  apiTable,
  browserTable,
  bundleSizes,
  bundleTable,
  type InboxReport,
  inboxSection,
} from './inbox.report.ts';
import { createSeedChannel, dbOption, intOption, loadMessages, requireDatabase } from './seed-messages.ts';

const SECRET = 'bench-inbox-secret-0123456789';
const WARMUP_SECONDS = 2;

interface Options {
  db: 'pglite' | 'postgres';
  messages: number;
  conversations: number;
  /** Messages of the one big conversation. */
  big: number;
  connections: number;
  seconds: number;
  /** Cold loads of /inbox measured. */
  loads: number;
  /** Live webhook messages measured. */
  live: number;
  doc: boolean;
}

/** The options after `inbox` on the command line (see the file's docstring). */
function options(): Options {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string', default: 'pglite' },
      messages: { type: 'string' },
      conversations: { type: 'string', default: '10000' },
      big: { type: 'string' },
      connections: { type: 'string', default: '20' },
      seconds: { type: 'string', default: '10' },
      loads: { type: 'string', default: '20' },
      live: { type: 'string', default: '50' },
      'no-doc': { type: 'boolean', default: false },
    },
  });
  const int = intOption;

  const conversations = int('conversations', values.conversations, 2);
  const messages = int(
    'messages',
    values.messages ?? (values.db === 'postgres' ? '1000000' : '100000'),
    conversations,
  );
  const big = int('big', values.big ?? String(Math.round(messages / 10)), 1);
  if (big > messages - conversations + 1) throw new Error(`--big must be ≤ --messages − --conversations + 1`);
  return {
    db: dbOption(values.db),
    messages,
    conversations,
    big,
    connections: int('connections', values.connections, 1),
    seconds: int('seconds', values.seconds, 1),
    loads: int('loads', values.loads, 1),
    live: int('live', values.live, 1),
    doc: !values['no-doc'],
  };
}

/** The web app build's stamp (web/dist/.build-stamp), or '' when there is none. */
function webBuildStamp(): string {
  try {
    return readFileSync(new URL('../web/dist/.build-stamp', import.meta.url), 'utf8').trim();
  } catch {
    return '';
  }
}

/** The small conversation measured: the one whose message count is nearest the others' mean. */
async function typicalConversation(omnify: TestOmnify, big: string): Promise<{ id: string; count: number }> {
  const { rows } = await omnify.db.query<{ id: string; n: number }>(
    `SELECT id, message_count AS n FROM conversations WHERE id <> $1
      ORDER BY abs(message_count - (SELECT avg(message_count) FROM conversations WHERE id <> $1)), id LIMIT 1`,
    [big],
  );
  return { id: rows[0]!.id, count: Number(rows[0]!.n) };
}

/** Measures the three API requests (see the file's docstring), checking each answers 200 first. */
async function measureApi(omnify: TestOmnify, cookie: string, big: string, o: Options): Promise<ApiRow[]> {
  const small = await typicalConversation(omnify, big);
  const counted = await omnify.db.query<{ n: number }>(
    'SELECT message_count AS n FROM conversations WHERE id = $1',
    [big],
  );
  const bigCount = Number(counted.rows[0]?.n);
  const requests = [
    {
      name: 'conversation list, first page',
      path: '/api/v1/conversations?limit=50&status=open',
      rpsAim: false,
    },
    {
      name: `latest 50 messages, big conversation (${bigCount.toLocaleString('en')} messages)`,
      path: `/api/v1/conversations/${big}/messages?limit=50&order=desc`,
      rpsAim: true,
    },
    {
      name: `latest 50 messages, small conversation (${small.count.toLocaleString('en')} messages)`,
      path: `/api/v1/conversations/${small.id}/messages?limit=50&order=desc`,
      rpsAim: false,
    },
  ];
  const rows: ApiRow[] = [];
  for (const r of requests) {
    const check = await fetch(`${omnify.url}${r.path}`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`${r.path}: ${check.status} ${await check.text()}`);
    const result = await measureLoad(
      `${omnify.url}${r.path}`,
      { cookie },
      { connections: o.connections, seconds: o.seconds, warmup: WARMUP_SECONDS },
    );
    rows.push({ ...r, result });
    console.log(
      `${r.name}: ${result.rps} req/s, p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms` +
        (result.non2xx + result.errors ? `, ${result.non2xx + result.errors} failed` : ''),
    );
  }
  return rows;
}

/** Runs the inbox benchmark, prints its tables and (unless `--no-doc`) writes its section of docs/benchmarks.md. */
export async function runInboxBenchmark(): Promise<void> {
  const o = options();
  await requireDatabase(o.db);
  if (!ensureWebBuild({ quiet: false }))
    throw new Error('the web app is not built and Vite is not installed');
  const loadBefore = os.loadavg()[0]!;
  const stamp = webBuildStamp(); // the build the server will list
  // No per-key or per-user rate limit: the load is one session at hundreds of requests per second.
  const omnify = await startTestOmnify(o.db, { intelSchedule: 'off', apiRateLimitPerMinute: 0 });
  try {
    const setup = await omnify.post(
      '/api/v1/setup',
      JSON.stringify({ ...OWNER, workspaceName: 'Bench support' }),
    );
    if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${setup.text}`);
    const channel = await createSeedChannel(omnify, SECRET);
    const t0 = performance.now();
    console.log(
      `Loading ${o.conversations} conversations and ${o.messages} messages (one of ${o.big}) on ${o.db}…`,
    );
    const { bigConversationId } = await loadMessages(omnify, channel, o);
    await omnify.db.exec('VACUUM ANALYZE messages');
    await omnify.db.exec('VACUUM ANALYZE conversations');
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(`Loaded and analyzed in ${loadSeconds.toFixed(1)} s`);

    const cookie = await signInCookie(omnify.url, OWNER.email, OWNER.password);
    const api = await measureApi(omnify, cookie, bigConversationId!, o);
    const browser = await launchBrowser();
    let cold: InboxReport['cold'];
    let live: InboxReport['live'];
    try {
      cold = await coldLoads(browser, omnify.url, cookie, o.loads);
      live = await liveLatency(browser, omnify, channel, cookie, {
        count: o.live,
        conversations: o.conversations,
      });
    } catch (error) {
      // The server lists web/dist's files once at start: a rebuild by another process (tests,
      // `npm start`) swaps them out from under it, and the pages it serves then never load.
      if (webBuildStamp() !== stamp) {
        throw new Error(`web/dist was rebuilt during the benchmark (by another process): run it again`, {
          cause: error,
        });
      }
      throw error;
    } finally {
      await browser.close();
    }
    const report: InboxReport = {
      ...o,
      warmup: WARMUP_SECONDS,
      loadBefore,
      loadAfter: os.loadavg()[0]!,
      loadSeconds,
      api,
      cold,
      live,
      bundles: await bundleSizes(),
    };
    console.log(`\n${apiTable(report)}\n\n${browserTable(report)}\n\n${bundleTable(report)}`);
    if (!o.doc) return;
    writeBenchSection(`inbox-${o.db}`, inboxSection(report));
    console.log(`\nWrote the inbox-${o.db} section of docs/benchmarks.md`);
  } finally {
    await omnify.close();
  }
}
