/**
 * API latency during a model run (`npm run bench -- intel-run-latency`; results in docs/benchmarks.md):
 * a real Omnify with the demo data (2,000 customers, 14 ads × 120 days) runs every model (LTV,
 * anomaly, fatigue, forecast, budget) while autocannon, in a separate process, hits `GET /health`
 * (one `SELECT 1`) at a fixed 50 requests/s over 4 connections for the run's whole duration;
 * latencies are corrected for coordinated omission. Measured twice per database: fits on the main
 * thread (`INTEL_THREADS=0`, the old behaviour) and in one worker thread (`INTEL_THREADS=1`).
 */
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startTestOmnify } from '../src/testing/harness.ts';
import { writeBenchSection } from './doc-sections.ts';

const RATE = 50;
/** Full model runs measured back to back per configuration (more samples than one short run gives). */
const RUNS = 3;
const CONNECTIONS = 4;
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

interface Figures {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  runMs: number;
}

/**
 * Starts bench/latency-probe.ts (autocannon at 50 requests/s over 4 connections against `url`, in
 * its own process); `stop()` ends it and answers autocannon's result. Also used by intel-scale.
 */
export async function startProbe(url: string): Promise<{ stop(): Promise<any> }> {
  const child = fork(
    fileURLToPath(new URL('./latency-probe.ts', import.meta.url)),
    [url, String(RATE), String(CONNECTIONS)],
    { execArgv: ['--import', 'tsx'] },
  );
  const messages: any[] = [];
  const waiters: ((m: any) => void)[] = [];
  child.on('message', (m) => {
    const w = waiters.shift();
    if (w) w(m);
    else messages.push(m);
  });
  const next = () => new Promise<any>((res) => (messages.length ? res(messages.shift()) : waiters.push(res)));
  await next(); // started
  return {
    async stop() {
      child.send('stop');
      const m = await next();
      if (m.error) throw new Error(m.error);
      return m.result;
    },
  };
}

/** One measurement: a fresh Omnify on `kind`, demo data, then a full model run under the probe. */
async function measure(kind: 'pglite' | 'postgres', intelThreads: number): Promise<Figures> {
  const omnify = await startTestOmnify(kind, { intelThreads, intelSchedule: 'off' });
  try {
    const waitRun = (id: string) =>
      omnify.until(
        'the model run',
        async () => {
          const r = await omnify.api('GET', `/api/v1/intelligence/runs/${id}`);
          return ['completed', 'failed'].includes(r.json.status) ? r.json : null;
        },
        600_000,
      );
    const load = await omnify.api('POST', '/api/v1/intelligence/demo', {});
    await waitRun(load.json.runId);
    const probe = await startProbe(`${omnify.url}/health`);
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) {
      const run = await omnify.api('POST', '/api/v1/intelligence/runs', {});
      const done = await waitRun(run.json.id);
      if (done.status !== 'completed') throw new Error(`the run ${done.status}`);
    }
    const runMs = (performance.now() - t0) / RUNS;
    const r = await probe.stop();
    return {
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      requests: r.requests.total,
      errors: r.errors + r.non2xx,
      runMs,
    };
  } finally {
    await omnify.close();
  }
}

async function postgresReachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const row = (kind: string, where: string, f: Figures) =>
  `| ${kind} | ${where} | ${f.p50} ms | ${f.p99} ms | ${f.max} ms | ${(f.runMs / 1000).toFixed(1)} s | ${f.requests}${f.errors ? ` (${f.errors} errors)` : ''} |`;

/** Runs the benchmark, prints the table and writes its section of docs/benchmarks.md. */
export async function runIntelRunLatencyBenchmark(): Promise<void> {
  process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
  const load1 = os.loadavg()[0]!;
  const kinds: ('pglite' | 'postgres')[] = ['pglite'];
  if (await postgresReachable(process.env.DATABASE_URL)) kinds.push('postgres');
  const rows: string[] = [];
  for (const kind of kinds) {
    for (const [threads, where] of [
      [0, 'main thread (before)'],
      [1, 'worker thread (after)'],
    ] as const) {
      const f = await measure(kind, threads);
      rows.push(row(kind, where, f));
      console.log(rows.at(-1));
    }
  }
  const cpus = os.cpus();
  writeBenchSection(
    'intel-run-latency',
    `## API latency during a model run (\`npm run bench -- intel-run-latency\`)

Run on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} (UTC) on ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}; load average before the run ${load1.toFixed(2)}.

A fresh Omnify loads the demo data (2,000 customers, 14 ads × 120 days) and finishes its first run; then ${RUNS} full runs
(LTV, anomaly, fatigue, forecast, budget) are requested one after the other while autocannon, in a separate process, calls \`GET /health\`
(one \`SELECT 1\`) at ${RATE} requests/s over ${CONNECTIONS} connections until the last run completes ("run" is the mean duration of one). Latencies are corrected
for coordinated omission (a request that could not be sent on time counts from when it should have been).
"Main thread" is \`INTEL_THREADS=0\` (how runs worked before); "worker thread" is the default \`INTEL_THREADS=1\`.
Database reads and writes of the run stay on the main thread; on PGlite they also run there (WASM, one query at a
time), so PGlite keeps part of the pause. The machine (2 cores) may be shared with other work while this runs: the
load average above says how busy it was; compare the rows of one run with each other rather than across runs.

| database | fits run on | p50 | p99 | max | run | requests |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`,
  );
  console.log('Wrote the intel-run-latency section of docs/benchmarks.md');
}
