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
const RUNS = 6;
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

/** autocannon's result as {@link Figures}. */
const figures = (r: any, runMs: number): Figures => ({
  p50: r.latency.p50,
  p99: r.latency.p99,
  max: r.latency.max,
  requests: r.requests.total,
  errors: r.errors + r.non2xx,
  runMs,
});

/**
 * One measurement: a fresh Omnify on `kind`, demo data, then {@link RUNS} full model runs under the
 * probe; with `withIdle`, then the probe as long again with no run.
 */
async function measure(
  kind: 'pglite' | 'postgres',
  intelThreads: number,
  withIdle: boolean,
): Promise<{ during: Figures; idle?: Figures }> {
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
    const elapsed = performance.now() - t0;
    const during = figures(await probe.stop(), elapsed / RUNS);
    if (!withIdle) return { during };
    // The same probe for as long again with no run: what "unaffected" is measured against.
    const idleProbe = await startProbe(`${omnify.url}/health`);
    await new Promise((r) => setTimeout(r, elapsed));
    return { during, idle: figures(await idleProbe.stop(), 0) };
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
  `| ${kind} | ${where} | ${f.p50} ms | ${f.p99} ms | ${f.max} ms | ${f.runMs ? `${(f.runMs / 1000).toFixed(1)} s` : '–'} | ${f.requests}${f.errors ? ` (${f.errors} errors)` : ''} |`;

/** Runs the benchmark, prints the table and writes its section of docs/benchmarks.md. */
export async function runIntelRunLatencyBenchmark(): Promise<void> {
  process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
  const load1 = os.loadavg()[0]!;
  const kinds: ('pglite' | 'postgres')[] = ['pglite'];
  if (await postgresReachable(process.env.DATABASE_URL)) kinds.push('postgres');
  const rows: string[] = [];
  for (const kind of kinds) {
    for (const [threads, where] of [
      [0, 'the API’s thread (INTEL_THREADS=0)'],
      [1, 'a worker thread (default)'],
    ] as const) {
      const f = await measure(kind, threads, threads === 1);
      rows.push(row(kind, where, f.during));
      console.log(rows.at(-1));
      if (f.idle) {
        rows.push(row(kind, 'no run (idle, after)', f.idle));
        console.log(rows.at(-1));
      }
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
The fits run on the API's thread with \`INTEL_THREADS=0\` (how runs worked before) or in a worker thread (the default
\`INTEL_THREADS=1\`); "no run" is the same probe for as long again once the runs are done. The run's database reads and
writes are issued from the API's thread; on PGlite they also execute there (WASM, one statement at a time), so there a
run is background work (src/kernel/db/background.ts: a request's statement goes before the run's next one) in
statements of about 10–25 ms each (src/kernel/db/statement-size.ts). The machine (2 cores) may be shared with other work
while this runs: the load average above says how busy it was; compare the rows of one run with each other rather than
across runs.

| database | fits run on | p50 | p99 | max | run | requests |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}
`,
  );
  console.log('Wrote the intel-run-latency section of docs/benchmarks.md');
}
