/**
 * Crash-duplicates benchmark (`npm run bench -- crash-duplicates`; results in docs/benchmarks.md).
 *
 * For each database (PGlite in a temp DATA_DIR; PostgreSQL in a fresh database on DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test, skipped when it does not answer) a real
 * `bin/omnify.js start` child process runs with a FAQ agent on a WhatsApp channel whose Graph API is
 * a local fake (src/testing/fake-platforms.ts). 400 signed webhooks from 400 distinct contacts are
 * posted at 50/s (bench/crash-poster.ts: each redelivered until it gets a 200) while the server is
 * killed with SIGKILL 8 times, each after a seeded random uptime, and started again at once. Then the
 * run waits until every contact got a reply and every job a killed process left active has expired
 * and run again, stops the server gracefully and counts, in the database, what was stored.
 * Everything runs on 127.0.0.1. The method is described in full in bench/crash-duplicates.report.ts.
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { openAppDatabase } from '../src/app/database.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/backends.ts';
import { fakeGraphApi } from '../src/testing/fake-platforms.ts';
import { benchApi } from './bench-api.ts';
import {
  type CrashRun,
  duplicateTable,
  type KillRecord,
  renderCrashDoc,
  runRows,
  SETTINGS,
} from './crash-duplicates.report.ts';
import { postAll, sleep } from './crash-poster.ts';
import { pinnedBuild, type ServerLife, startServer, stopServer, webhook } from './crash-server.ts';
import { writeBenchSection } from './doc-sections.ts';
import { textTable } from './ingest.report.ts';

const API_KEY = 'omk_bench_key_0123456789abcdefghij';
const APP_SECRET = 'bench-crash-app-secret';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** mulberry32 (Tommy Ettinger, public domain): a seeded PRNG giving floats in [0, 1). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The child's environment for database `db`: loopback only, short job timeouts so killed jobs resume fast. */
function serverEnv(db: TestDatabase): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    OMNIFY_API_KEY: API_KEY,
    LOG_LEVEL: 'warn',
    AGENT_TIMEOUT_MS: String(SETTINGS.agentTimeoutMs),
    SEND_TIMEOUT_MS: String(SETTINGS.sendTimeoutMs),
    JOB_MAINTENANCE_SECONDS: String(SETTINGS.maintenanceSeconds),
    OMNIFY_ALLOW_PRIVATE_URLS: 'true', // the fake Graph API listens on 127.0.0.1
    DATA_DIR: db.config.dataDir,
    DATABASE_URL: db.config.databaseUrl ?? '',
    OMNIFY_SECRET_KEY: db.config.secretKey ?? '',
  };
}

/** Counts, in the stopped server's database, what was stored for `channelId` and which jobs are left. */
async function countStored(
  db: TestDatabase,
  channelId: string,
  wamids: string[],
  twice: string[],
): Promise<CrashRun['stored']> {
  const conn = await openAppDatabase({ dataDir: db.config.dataDir, databaseUrl: db.config.databaseUrl });
  try {
    const q = async (sql: string) => (await conn.query<any>(sql, [channelId])).rows;
    const inbound = await q(
      `SELECT platform_message_id AS id, count(*)::int AS n FROM messages
        WHERE channel_id = $1 AND direction = 'inbound' GROUP BY 1`,
    );
    const perId = new Map(inbound.map((r) => [r.id as string, r.n as number]));
    const outbound = await q(
      `SELECT coalesce(status, 'none') AS status, count(*)::int AS n FROM messages
        WHERE channel_id = $1 AND direction = 'outbound' GROUP BY 1`,
    );
    const [counts] = await q(
      `SELECT (SELECT count(*)::int FROM conversations WHERE channel_id = $1) AS conversations,
              (SELECT count(*)::int FROM messages WHERE channel_id = $1 AND sender_kind = 'agent') AS agent_replies`,
    );
    const jobs = (
      await conn.query<any>(
        `SELECT count(*)::int AS n FROM pgboss.job
          WHERE name IN ('agent-reply', 'outbound-send') AND state NOT IN ('completed')`,
      )
    ).rows[0].n;
    // For contacts answered twice: the reply's send attempts and its outbound-send jobs (pg-boss
    // keeps completed jobs): retries > 0 means a job was run again after its process died.
    const dupJobs = (
      await conn.query<any>(
        `SELECT c.thread_key AS "to", m.attempts,
                (SELECT count(*)::int FROM pgboss.job j WHERE j.name = 'outbound-send' AND j.data->>'messageId' = m.id::text) AS jobs,
                (SELECT coalesce(sum(j.retry_count), 0)::int FROM pgboss.job j
                  WHERE j.name = 'outbound-send' AND j.data->>'messageId' = m.id::text) AS retries
           FROM messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.channel_id = $1 AND m.direction = 'outbound' AND c.thread_key = ANY($2)`,
        [channelId, twice],
      )
    ).rows;
    return {
      dupJobs,
      inboundRows: inbound.reduce((s, r) => s + r.n, 0),
      exactlyOnce: wamids.filter((w) => perId.get(w) === 1).length,
      missing: wamids.filter((w) => !perId.has(w)).length,
      conversations: counts.conversations,
      agentReplies: counts.agent_replies,
      outboundByStatus: Object.fromEntries(outbound.map((r) => [r.status, r.n])),
      jobsLeft: jobs,
    };
  } finally {
    await conn.close();
  }
}

/** One full run (post, kill, drain, count) on a fresh database of `kind`. */
async function runOn(kind: 'pglite' | 'postgres', seed: number, entry: string): Promise<CrashRun> {
  const random = seededRandom(seed);
  const graph = await fakeGraphApi().start();
  const db = await createTestDatabase(kind);
  const env = serverEnv(db);
  const began = Date.now();
  const deadline = began + SETTINGS.deadlineMs;
  let life: ServerLife = await startServer(entry, env);
  try {
    const setup = benchApi(life.url, API_KEY, graph.baseUrl, APP_SECRET);
    const agent = await setup.faqAgent('Crash bench FAQ');
    const channel = await setup.whatsappChannel('Crash bench', agent.id);
    const tag = kind === 'pglite' ? '1' : '2';
    const ts = Math.floor(Date.now() / 1000);
    const hooks = Array.from({ length: SETTINGS.messages }, (_, i) => webhook(i, tag, APP_SECRET, ts));
    const t0 = Date.now() + 100;
    const posting = postAll(hooks, () => `${life.url}/webhooks/${channel.id}`, SETTINGS.rate, t0, deadline);
    const kills: KillRecord[] = [];
    let upSince = t0;
    for (let k = 0; k < SETTINGS.kills && Date.now() < deadline; k++) {
      const [lo, hi] = SETTINGS.uptimeMs;
      const uptime = Math.round(lo + random() * (hi - lo));
      await sleep(upSince + uptime - Date.now());
      const at = Date.now();
      await stopServer(life.child, 'SIGKILL');
      const exitedAt = Date.now();
      life = await startServer(entry, env);
      upSince = life.listeningAt;
      kills.push({ at, exitedAt, uptimeMs: uptime, restartMs: life.listeningAt - at });
    }
    const posted = await posting;
    const postedAt = Date.now();
    const senders = new Set(hooks.map((h) => h.sender));
    const replies = () => graph.requests.filter((r) => senders.has(r.json?.to));
    const replied = () => new Set(replies().map((r) => r.json.to)).size;
    // Drain: every contact answered, every job a kill left active has expired and run again, and
    // the fake platform quiet for a while.
    const lastStart = upSince;
    for (;;) {
      const last = replies().at(-1)?.at ?? 0;
      const settled =
        replied() === senders.size &&
        Date.now() - lastStart >= SETTINGS.quietAfterLastStartMs &&
        Date.now() - last >= SETTINGS.quietMs;
      if (settled || Date.now() > deadline) break;
      await sleep(250);
    }
    const drainedAt = Date.now();
    await stopServer(life.child, 'SIGTERM');
    const perContact = new Map<string, number>();
    for (const r of replies()) perContact.set(r.json.to, (perContact.get(r.json.to) ?? 0) + 1);
    const twice = [...perContact].filter(([, n]) => n >= 2).map(([to]) => to);
    const stored = await countStored(
      db,
      channel.id,
      hooks.map((h) => h.wamid),
      twice,
    );
    return {
      database: kind === 'pglite' ? 'PGlite' : 'PostgreSQL',
      t0,
      post: posted,
      postingSeconds: (postedAt - t0) / 1000,
      drainSeconds: (drainedAt - postedAt) / 1000,
      timedOut: drainedAt > deadline,
      senders: hooks.map((h) => h.sender),
      replies: replies().map((r) => ({ to: r.json.to as string, at: r.at })),
      kills,
      stored,
    };
  } finally {
    await stopServer(life.child, 'SIGKILL');
    await graph.stop();
    await db.dispose();
  }
}

/** PostgreSQL's version at `url`, or undefined when it cannot be reached within 3 s. */
async function postgresVersion(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return (await c.query<{ server_version: string }>('SHOW server_version')).rows[0]?.server_version;
  } catch {
    return undefined;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Runs the benchmark on both databases, prints the table and writes its section of docs/benchmarks.md. */
export async function runCrashDuplicatesBenchmark(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl; // createTestDatabase reads it
  const seed = Number(process.env.BENCH_SEED ?? SETTINGS.seed);
  const date = new Date();
  const loadBefore = os.loadavg()[0]!;
  const pgVersion = await postgresVersion(databaseUrl);
  if (!pgVersion) console.log(`PostgreSQL skipped: cannot connect to ${new URL(databaseUrl).host}.`);
  const runs: CrashRun[] = [];
  const loads: number[] = [];
  const only = process.env.BENCH_DATABASES?.split(',');
  const kinds = (pgVersion ? (['pglite', 'postgres'] as const) : (['pglite'] as const)).filter(
    (k) => !only || only.includes(k),
  );
  const build = await pinnedBuild();
  try {
    for (const kind of kinds) {
      console.log(`Crash-duplicates on ${kind} (seed ${seed})…`);
      runs.push(await runOn(kind, seed, build.entry));
      loads.push(os.loadavg()[0]!);
    }
  } finally {
    build.dispose();
  }
  const rows = runRows(runs);
  console.log(`\n${textTable(rows)}\n`);
  for (const r of runs.filter((x) => x.stored.dupJobs.length > 0))
    console.log(`Contacts answered twice, ${r.database}:\n${textTable(duplicateTable(r))}\n`);
  const cpus = os.cpus();
  const machine = [
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `OS: ${os.type()} ${os.release()}; Node ${process.version}; PostgreSQL ${pgVersion ?? 'not run'}`,
    `Load average (1 min): ${loadBefore.toFixed(2)} before the run, ${loads.map((l) => l.toFixed(2)).join(' / ')} after each database (shared machine)`,
    `Seed: ${seed}`,
  ];
  writeBenchSection('crash-duplicates', renderCrashDoc({ date, machine, runs, rows }));
  console.log('Wrote the crash-duplicates section of docs/benchmarks.md');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runCrashDuplicatesBenchmark();
}
