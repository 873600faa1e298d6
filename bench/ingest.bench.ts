/**
 * Ingest benchmark (`npm run bench:ingest`; results in docs/benchmarks.md).
 *
 * For each database (PGlite always; PostgreSQL when DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test, accepts connections) Omnify is started for real with
 * `startOmnify` on a fresh database, a FAQ agent and two WhatsApp channels are created through the
 * REST API (their Graph API base URL points at a fake Graph API in the load generator), and the
 * load generator (bench/load-worker.ts, a child process) posts distinct signed WhatsApp text
 * webhooks over loopback:
 *   1. maximum load: autocannon, 50 connections, 2 s warm-up then 10 s, to the channel WITHOUT
 *      agent (ingestion only); messages persisted are counted in the database afterwards;
 *   2. acknowledgement latency at a fixed offered rate of 200/s for 10 s (open loop), same channel;
 *   3. end to end: 300 messages at 50/s to the channel WITH the agent; time from posting to the
 *      agent's reply reaching the fake Graph API.
 * Runs 1 and 2 are repeated against a bare Fastify route that does nothing: the ceiling.
 * `BENCH_ONLY=postgres` (or `pglite`, `ceiling`, comma-separated) runs only those targets and
 * prints their figures without touching docs/benchmarks.md (for quick comparisons).
 * The method is described in full in the document it writes (bench/ingest.report.ts).
 */
import { execFileSync, fork } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { startOmnify } from '../src/app/runtime.ts';
import { loadConfig } from '../src/kernel/config/config.ts';
import { createTestDatabase } from '../src/testing/backends.ts';
import { benchApi } from './bench-api.ts';
import { writeBenchSection } from './doc-sections.ts';
import {
  aimLines,
  backgroundLoad,
  RUN,
  type Run,
  renderDoc,
  resultRows,
  type TargetResult,
  textTable,
} from './ingest.report.ts';
import type { LoadCommand, LoadResult } from './load-worker.ts';

const API_KEY = 'omk_bench_key_0123456789abcdefghij';
const APP_SECRET = 'bench-whatsapp-app-secret';
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The load-generator child process: runs `LoadCommand`s and hosts the fake Graph API. */
export interface LoadWorker {
  graphUrl: string;
  /** Runs one load and measures, around it, the CPU used and the server's event-loop utilization. */
  run(c: Exclude<LoadCommand, { cmd: 'stop' }>): Promise<Run>;
  stop(): Promise<void>;
}

const machineCpu = () => {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.idle + c.times.user + c.times.sys + c.times.nice + c.times.irq;
  }
  return { idle, total };
};

/** Forks the load generator (bench/load-worker.ts), which also hosts the fake Graph API. */
export async function startLoadWorker(): Promise<LoadWorker> {
  const child = fork(fileURLToPath(new URL('./load-worker.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (r: any) => void; reject: (e: Error) => void }>();
  let next = 0;
  const graphUrl = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load worker exited (${code}) before it was ready`)));
    child.on('message', (m: any) => {
      if (m.ready) return resolve(m.graphUrl);
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(`load worker: ${m.error}`));
    });
  });
  const call = (c: LoadCommand) =>
    new Promise<any>((resolve, reject) => {
      pending.set(++next, { resolve, reject });
      child.send({ ...c, id: next });
    });
  return {
    graphUrl,
    async run(c) {
      const [cpu0, proc0, elu0, t0] = [
        machineCpu(),
        process.cpuUsage(),
        performance.eventLoopUtilization(),
        performance.now(),
      ];
      const r: LoadResult = await call(c);
      const seconds = (performance.now() - t0) / 1000;
      const [cpu1, proc1] = [machineCpu(), process.cpuUsage(proc0)];
      const cores = os.cpus().length;
      const cpu = {
        machine: (1 - (cpu1.idle - cpu0.idle) / (cpu1.total - cpu0.total)) * cores,
        server: (proc1.user + proc1.system) / 1e6 / seconds,
        loadGenerator: r.cpuSeconds / seconds,
        eventLoop: performance.eventLoopUtilization(elu0).utilization,
      };
      return { ...r, cpu };
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      await call({ cmd: 'stop' });
      await exited;
    },
  };
}

/** PostgreSQL's version at `url`, or undefined when it cannot be reached within 3 s. */
async function postgresVersion(url: string): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    const r = await c.query<{ server_version: string }>('SHOW server_version');
    return r.rows[0]?.server_version;
  } catch {
    return undefined;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Runs the three measurements against Omnify on a fresh database of `kind`. */
async function benchOmnify(kind: 'pglite' | 'postgres', load: LoadWorker): Promise<TargetResult> {
  const database = await createTestDatabase(kind);
  const config = loadConfig(
    {},
    {
      port: 0,
      host: '127.0.0.1',
      apiKey: API_KEY,
      logLevel: 'silent',
      // The fake Graph API of the load generator listens on 127.0.0.1.
      allowPrivateUrls: true,
      ...database.config,
    },
  );
  const omnify = await startOmnify(config, pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }));
  try {
    const setup = benchApi(omnify.url, API_KEY, load.graphUrl, APP_SECRET);
    const agent = await setup.faqAgent();
    const channel = setup.whatsappChannel;
    // Two channels, so the webhook route's channel cache never serves a stale agent setting.
    const ingest = await channel('Bench: ingest only (no agent)', null);
    const answered = await channel('Bench: end to end (FAQ agent)', agent.id);
    const url = (c: { id: string }) => `${omnify.url}/webhooks/${c.id}`;
    // Requests cut off when the load stops may still commit: wait until the count stops moving.
    const settledCount = async () => {
      let last = -1;
      for (;;) {
        const r = await omnify.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM messages WHERE channel_id = $1 AND direction = 'inbound'`,
          [ingest.id],
        );
        if (r.rows[0]!.n === last) return last;
        last = r.rows[0]!.n;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const base = { url: url(ingest), secret: APP_SECRET };
    await load.run({ cmd: 'max', ...base, connections: RUN.connections, seconds: RUN.warmup });
    const c0 = await settledCount();
    const max = await load.run({ cmd: 'max', ...base, connections: RUN.connections, seconds: RUN.seconds });
    const c1 = await settledCount();
    const paced = await load.run({
      cmd: 'paced',
      ...base,
      rate: RUN.rate,
      seconds: RUN.rateSeconds,
      sockets: RUN.connections,
    });
    const c2 = await settledCount();
    const e2e = await load.run({
      cmd: 'e2e',
      url: url(answered),
      secret: APP_SECRET,
      rate: RUN.e2eRate,
      count: RUN.e2eCount,
      timeoutMs: RUN.e2eTimeoutMs,
    });
    // One message at a time (2/s, each answered long before the next): a newcomer's first replies.
    const single = await load.run({
      cmd: 'e2e',
      url: url(answered),
      secret: APP_SECRET,
      rate: RUN.singleRate,
      count: RUN.singleCount,
      timeoutMs: RUN.e2eTimeoutMs,
    });
    const name = kind === 'pglite' ? 'Omnify on PGlite' : 'Omnify on PostgreSQL';
    return { name, max, persisted: c1 - c0, paced, pacedPersisted: c2 - c1, e2e, single };
  } finally {
    // Stop only once no job is left: pg-boss completes jobs without awaiting, so a job finishing
    // after the database closed would reject unhandled.
    const busy = async () =>
      (await omnify.ctx.queue.pending('agent-reply')) + (await omnify.ctx.queue.pending('outbound-send'));
    for (const end = Date.now() + RUN.e2eTimeoutMs; Date.now() < end && (await busy()) > 0; ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await omnify.stop(true);
    await database.dispose();
  }
}

/** Runs the maximum-load and 200/s measurements against a bare Fastify route that does nothing. */
async function benchCeiling(load: LoadWorker): Promise<TargetResult> {
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/webhooks/:channelId', async () => ({ ok: true, stored: 1, duplicates: 0 }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const { port } = app.server.address() as { port: number };
    const base = { url: `http://127.0.0.1:${port}/webhooks/bench`, secret: APP_SECRET };
    await load.run({ cmd: 'max', ...base, connections: RUN.connections, seconds: RUN.warmup });
    const max = await load.run({ cmd: 'max', ...base, connections: RUN.connections, seconds: RUN.seconds });
    const paced = await load.run({
      cmd: 'paced',
      ...base,
      rate: RUN.rate,
      seconds: RUN.rateSeconds,
      sockets: RUN.connections,
    });
    return { name: 'bare Fastify (ceiling)', max, paced };
  } finally {
    await app.close();
  }
}

/** The code measured: commit, and whether the working tree had uncommitted changes. */
function revision(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'src').length > 0;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' with uncommitted changes in src/' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

/** Runs the ingest benchmark, prints the table and writes docs/benchmarks.md. */
export async function runIngestBenchmark(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl; // createTestDatabase reads it
  const date = new Date();
  const load1 = os.loadavg()[0]!;
  if (load1 > 1) console.log(`Note: the machine is already busy (load average ${load1.toFixed(2)}).`);
  const pgVersion = await postgresVersion(databaseUrl);
  const skipped = pgVersion ? undefined : `cannot connect to ${new URL(databaseUrl).host}`;
  if (skipped) console.log(`PostgreSQL skipped: ${skipped} (set DATABASE_URL).`);
  // BENCH_ONLY=postgres (or pglite, ceiling; comma-separated): a quick partial run that prints its
  // figures and leaves docs/benchmarks.md alone.
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
  const load = await startLoadWorker();
  const results: TargetResult[] = [];
  try {
    for (const kind of pgVersion ? (['pglite', 'postgres'] as const) : (['pglite'] as const)) {
      if (only && !only.includes(kind)) continue;
      console.log(`Benchmarking Omnify on ${kind}…`);
      results.push(await benchOmnify(kind, load));
    }
    if (!only || only.includes('ceiling')) {
      console.log('Benchmarking the bare Fastify ceiling…');
      results.push(await benchCeiling(load));
    }
  } finally {
    await load.stop();
  }
  const rows = resultRows(results);
  const aims = aimLines(results, skipped);
  const background = backgroundLoad(results);
  console.log(`\n${textTable(rows)}\n\n${background}\n\nAims:\n${aims.map((l) => `  ${l}`).join('\n')}`);
  if (only) return;
  const cpus = os.cpus();
  const machine = [
    `CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores; memory ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `OS: ${os.type()} ${os.release()}; Node ${process.version}`,
    `PostgreSQL: ${pgVersion ?? `not run (${skipped})`}`,
    `Omnify revision: ${revision()}`,
    `Load average (1 min) before the run: ${load1.toFixed(2)}`,
  ];
  const doc = renderDoc({ date, machine, rows, aims, background, databaseUrl: DEFAULT_DATABASE_URL });
  writeBenchSection('ingest', doc);
  console.log('\nWrote the ingest section of docs/benchmarks.md');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runIngestBenchmark();
}
