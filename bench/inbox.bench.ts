/**
 * Inbox benchmark (`npm run bench -- inbox [--db pglite|postgres] [--messages N] [--conversations N]
 * [--big N] [--connections N] [--seconds S] [--loads N] [--live N] [--writes N]
 * [--page-cache-mb N] [--load-generator wrk|autocannon] [--no-doc]`; results in
 * docs/benchmarks.md, section `inbox-<db>`, unless `--no-doc`). Issue 10's aims (bench/inbox.report.ts):
 *
 * 1. Load: an Omnify in this process (`startTestOmnify`) on a fresh database (PGlite by default,
 *    `--db postgres` on `DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/test; web app
 *    built when stale) gets its owner through `POST /api/v1/setup`, then bench/seed-messages.ts
 *    loads `--messages` (default 100,000 on PGlite, 1,000,000 on PostgreSQL) over `--conversations`
 *    (default 10,000), `--big` of them (default 10 % of the messages) in one conversation; then
 *    `VACUUM ANALYZE` and `CHECKPOINT`, and that server stops.
 * 2. The measured server is `omnify start` as a user runs it (bin/omnify.js: the compiled dist/, a
 *    process of its own, src/testing/omnify-process.ts) on that database, with
 *    `API_RATE_LIMIT_PER_MINUTE=0` (one session sends thousands of requests a second),
 *    `INTEL_SCHEDULE=off` and `PAGE_CACHE_MB` from `--page-cache-mb` (default 8, as the server's;
 *    0 reads every page from the database). API, signed in by the owner's session cookie as the web app is: the
 *    conversation list's first page as web/src/features/inbox/queries.ts asks it
 *    (`?limit=50&status=open`: tab All, status Open) and the latest 50 messages as
 *    web/src/features/inbox/timeline-query.ts asks them (`?limit=50&order=desc`) of the big
 *    conversation and of a small one (the one nearest the mean size). wrk when installed, else
 *    autocannon, in a separate process (bench/http-load.ts), `--connections` (default 20), 2 s
 *    warm-up, `--seconds` (default 10) measured. Aims: p99 < 20 ms; the big conversation's page ≥ 1,350 req/s (3× a peer's 450).
 *    Then the list and the big conversation again while `--writes` (default 10) inbound messages a
 *    second arrive through the webhook (0 skips it): no aim, it shows what the pages cost when the
 *    database changes under them (PGlite answers unchanged pages from memory,
 *    src/kernel/db/snapshot-cache.ts).
 * 3. Browser (bench/inbox.browser.ts): `--loads` (default 20) cold loads of /inbox → interactive
 *    (aim p95 < 1.5 s), then `--live` (default 50) webhook messages → row visible in an open inbox
 *    (aim p95 < 1 s).
 * 4. Bundle sizes: every entry of `size-limit --json`.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
// @ts-expect-error plain JavaScript module without types
import { ensureWebBuild } from '../bin/build-web.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/backends.ts';
import { launchBrowser } from '../src/testing/browser.ts';
import { startTestOmnify, type TestOmnify } from '../src/testing/harness.ts';
import { startOmnifyProcess } from '../src/testing/omnify-process.ts';
import { OWNER } from '../src/testing/web-inbox.ts';
import { writeBenchSection } from './doc-sections.ts';
import { type LoadGenerator, measureLoad, wrkInstalled } from './http-load.ts';
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
import {
  createSeedChannel,
  dbOption,
  intOption,
  loadMessages,
  postEvents,
  requireDatabase,
  type SeedChannel,
} from './seed-messages.ts';

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
  /** Inbound messages a second during the API runs with writes (0: none). */
  writes: number;
  /** The measured server's PAGE_CACHE_MB. */
  pageCacheMb: number;
  doc: boolean;
  /** What loads the API: wrk when installed, else autocannon (`--load-generator`). */
  generator: LoadGenerator;
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
      writes: { type: 'string', default: '10' },
      'page-cache-mb': { type: 'string', default: '8' },
      'no-doc': { type: 'boolean', default: false },
      'load-generator': { type: 'string' },
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
  const generator = values['load-generator'] ?? (wrkInstalled() ? 'wrk' : 'autocannon');
  if (generator !== 'wrk' && generator !== 'autocannon') {
    throw new Error(`--load-generator must be wrk or autocannon, not ${generator}`);
  }
  if (generator === 'wrk' && !wrkInstalled()) throw new Error('wrk is not installed: apt-get install -y wrk');
  return {
    generator,
    db: dbOption(values.db),
    messages,
    conversations,
    big,
    connections: int('connections', values.connections, 1),
    seconds: int('seconds', values.seconds, 1),
    loads: int('loads', values.loads, 1),
    live: int('live', values.live, 1),
    writes: int('writes', values.writes, 0),
    pageCacheMb: int('page-cache-mb', values['page-cache-mb'], 0),
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

/** The requests measured (see the file's docstring), with the conversations' sizes in their names. */
async function apiRequests(
  omnify: TestOmnify,
  big: string,
  writes: number,
): Promise<Array<Omit<ApiRow, 'result'>>> {
  const small = await typicalConversation(omnify, big);
  const counted = await omnify.db.query<{ n: number }>(
    'SELECT message_count AS n FROM conversations WHERE id = $1',
    [big],
  );
  const bigCount = Number(counted.rows[0]?.n);
  return [
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
    ...(writes > 0
      ? [
          {
            name: `conversation list, first page, while ${writes} messages/s arrive`,
            path: '/api/v1/conversations?limit=50&status=open',
            rpsAim: false,
            writes,
          },
          {
            name: `latest 50 messages, big conversation, while ${writes} messages/s arrive`,
            path: `/api/v1/conversations/${big}/messages?limit=50&order=desc`,
            rpsAim: false,
            writes,
          },
        ]
      : []),
  ];
}

/**
 * Posts `perSecond` inbound messages a second to `channel` at `base` (one signed delivery each, to
 * the conversations' contacts in turn) until `stop`, which resolves with how many were posted.
 */
function startWrites(base: string, channel: SeedChannel, perSecond: number, conversations: number) {
  let stopped = false;
  let posted = 0;
  const started = performance.now();
  const loop = (async () => {
    while (!stopped) {
      await postEvents(base, channel, [
        {
          type: 'message',
          id: `bench-write-${started}-${posted}`,
          from: { id: `c${(posted * 7919) % conversations}` },
          text: `a message written during the API run (${posted})`,
        },
      ]);
      posted += 1;
      const due = started + (posted * 1000) / perSecond - performance.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return posted;
    },
  };
}

/**
 * Measures each request at the server `base`, checking it answers 200 first; during a request with
 * `writes`, that many messages a second arrive through `channel`.
 */
async function measureApi(
  base: string,
  cookie: string,
  requests: Array<Omit<ApiRow, 'result'>>,
  o: Options,
  channel: SeedChannel,
): Promise<ApiRow[]> {
  const rows: ApiRow[] = [];
  for (const r of requests) {
    const check = await fetch(`${base}${r.path}`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`${r.path}: ${check.status} ${await check.text()}`);
    const writer = r.writes ? startWrites(base, channel, r.writes, o.conversations) : undefined;
    let result: ApiRow['result'];
    try {
      result = await measureLoad(
        `${base}${r.path}`,
        { cookie },
        { connections: o.connections, seconds: o.seconds, warmup: WARMUP_SECONDS, generator: o.generator },
      );
    } finally {
      const posted = await writer?.stop();
      if (writer) console.log(`(${posted} messages arrived during that run and its warm-up)`);
    }
    rows.push({ ...r, result });
    console.log(
      `${r.name}: ${result.rps} req/s, p50 ${result.p50} ms, p95 ${result.p95} ms, p99 ${result.p99} ms` +
        (result.non2xx + result.errors ? `, ${result.non2xx + result.errors} failed` : ''),
    );
  }
  return rows;
}

/**
 * Step 1 of the file's docstring on `database`: the owner, the seed channel, the messages, fresh
 * planner statistics; returns what the measurement needs. The loading server is stopped after.
 */
async function load(database: TestDatabase, o: Options) {
  // No per-key or per-user rate limit: the load posts thousands of deliveries.
  const omnify = await startTestOmnify(database, { intelSchedule: 'off', apiRateLimitPerMinute: 0 });
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
    // The load's WAL would otherwise be written out by a checkpoint spread over the measurements
    // (PostgreSQL's began after the load and ran 89 s: the list's p99 went from 20 to 25 ms).
    await omnify.db.exec('CHECKPOINT');
    const loadSeconds = (performance.now() - t0) / 1000;
    console.log(`Loaded and analyzed in ${loadSeconds.toFixed(1)} s`);
    return { channel, loadSeconds, requests: await apiRequests(omnify, bigConversationId!, o.writes) };
  } finally {
    await omnify.close();
  }
}

/** The environment of the measured `omnify start` on `database` (step 2 of the file's docstring). */
function serverEnv(database: TestDatabase, o: Options): Record<string, string> {
  return {
    DATABASE_URL: database.config.databaseUrl ?? '',
    OMNIFY_SECRET_KEY: database.config.secretKey ?? '',
    DATA_DIR: database.config.dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    API_RATE_LIMIT_PER_MINUTE: '0',
    INTEL_SCHEDULE: 'off',
    PAGE_CACHE_MB: String(o.pageCacheMb),
    OMNIFY_API_KEY: '',
  };
}

/** Runs the inbox benchmark, prints its tables and (unless `--no-doc`) writes its section of docs/benchmarks.md. */
export async function runInboxBenchmark(): Promise<void> {
  const o = options();
  await requireDatabase(o.db);
  if (!ensureWebBuild({ quiet: false }))
    throw new Error('the web app is not built and Vite is not installed');
  const loadBefore = os.loadavg()[0]!;
  const stamp = webBuildStamp(); // the build the server will list
  const database = await createTestDatabase(o.db);
  try {
    const { channel, loadSeconds, requests } = await load(database, o);
    const server = await startOmnifyProcess(serverEnv(database, o), 180_000);
    try {
      const cookie = await signInCookie(server.url, OWNER.email, OWNER.password);
      const api = await measureApi(server.url, cookie, requests, o, channel);
      const browser = await launchBrowser();
      let cold: InboxReport['cold'];
      let live: InboxReport['live'];
      try {
        cold = await coldLoads(browser, server.url, cookie, o.loads);
        live = await liveLatency(browser, server.url, channel, cookie, {
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
      await stopProcess(server.child);
    }
  } finally {
    await database.dispose();
  }
}

/** Stops a child server gracefully (SIGTERM), or with SIGKILL when it has not ended after 10 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await ended;
  clearTimeout(timer);
}
