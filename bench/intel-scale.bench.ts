import * as diagnostics from 'node:diagnostics_channel';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createFitPool, type FitPool } from '../src/modules/intelligence/runs/fits.pool.ts';
import type { AdFit } from '../src/modules/intelligence/runs/fits.ts';
import {
  type LtvOrderColumns,
  ltvOrderColumnsBuilder,
} from '../src/modules/intelligence/runs/ltv.columns.ts';
import type { LtvColumnsFit } from '../src/modules/intelligence/runs/ltv.transfer.ts';
import { emptySeriesColumns } from '../src/modules/intelligence/runs/series-columns.ts';
import {
  seriesInput,
  toWorkspaceSeriesColumns,
  type WorkspaceSeriesColumns,
} from '../src/modules/intelligence/runs/workspace-series.ts';
import { startTestOmnify } from '../src/testing/harness.ts';
import { writeBenchSection } from './doc-sections.ts';
import { startProbe as startLatencyProbe } from './intel-run-latency.bench.ts';
import {
  DAYS,
  END_DATE,
  FULL_SIZES,
  LTV_AS_OF,
  type ScaleSizes,
  scaledSizes,
  scaleOrderRows,
  scaleWorkspaceSeries,
} from './intel-scale.data.ts';

/** `GET /health` requests per second, over {@link CONNECTIONS} connections (as intel-run-latency). */
const RATE = 50;
const CONNECTIONS = 4;
/** Issue 12's aim for each fit (ms). */
const AIM_MS = 30_000;

/** One fit's figures: wall time, the main thread's longest stall meanwhile, the process's peak RSS after it, what it found. */
export interface FitFigures {
  what: string;
  ms: number;
  stallMs: number;
  peakRssMiB: number;
  found: string;
}

/** autocannon's figures of one probe window (ms). */
export interface ProbeFigures {
  p50: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  seconds: number;
}

/** The latency probe of intel-run-latency, its result as {@link ProbeFigures} over the window it ran. */
async function startProbe(url: string): Promise<{ stop(): Promise<ProbeFigures> }> {
  const probe = await startLatencyProbe(url);
  const t0 = performance.now();
  return {
    async stop() {
      const r = await probe.stop();
      return {
        p50: r.latency.p50,
        p99: r.latency.p99,
        max: r.latency.max,
        requests: r.requests.total,
        errors: r.errors + r.non2xx,
        seconds: (performance.now() - t0) / 1000,
      };
    },
  };
}

/** The API thread's own handling time of requests over a window (ms), {@link watchHandling}. */
export interface HandlingFigures {
  p50: number;
  p99: number;
  max: number;
  requests: number;
}

/**
 * Times every HTTP request of this process on the API's thread, from its headers parsed to its
 * response finished (Node's `http.server.request.start` and `http.server.response.finish`
 * diagnostics channels): what the server itself spends, without the time a request waits in the
 * kernel or the client takes to read the answer.
 */
function watchHandling(): { stop(): HandlingFigures } {
  const started = new WeakMap<object, number>();
  const ms: number[] = [];
  const start = (m: unknown) => started.set((m as { response: object }).response, performance.now());
  const finish = (m: unknown) => {
    const t = started.get((m as { response: object }).response);
    if (t !== undefined) ms.push(performance.now() - t);
  };
  diagnostics.subscribe('http.server.request.start', start);
  diagnostics.subscribe('http.server.response.finish', finish);
  return {
    stop() {
      diagnostics.unsubscribe('http.server.request.start', start);
      diagnostics.unsubscribe('http.server.response.finish', finish);
      ms.sort((a, b) => a - b);
      const q = (x: number) => Number((ms[Math.floor(x * (ms.length - 1))] ?? 0).toFixed(1));
      return { p50: q(0.5), p99: q(0.99), max: q(1), requests: ms.length };
    },
  };
}

const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Runs fit `name` in the pool's worker thread; throws if it ran on the main thread (thread id 0). */
async function timedFit<T>(
  pool: FitPool,
  what: string,
  name: Parameters<FitPool['runTask']>[0],
  input: unknown,
  found: (out: T) => string,
): Promise<FitFigures> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  const r = await pool.runTask<T>(name, input);
  const ms = performance.now() - t0;
  // The output was deserialized on this thread just before the await returned: the monitor's timer
  // records that stall only when it next fires, so it stays on a little longer.
  await new Promise((r) => setTimeout(r, 50));
  loop.disable();
  if (r.threadId === 0) throw new Error(`${name} ran on the main thread`);
  const f = { what, ms, stallMs: loop.max / 1e6, peakRssMiB: peakRssMiB(), found: found(r.out) };
  console.log(`[intel-scale] ${what}: ${fmtMs(ms)}, main-thread stall ≤ ${fmtMs(f.stallMs)}, ${f.found}`);
  return f;
}

/**
 * The benchmark's input, generated before any window is measured: the orders already as columns, as
 * ltv.model.ts reads them (batch by batch from the database, which this benchmark leaves out).
 */
interface ScaleData {
  sizes: ScaleSizes;
  /** As a run holds them (loadWorkspaceSeries): columns. */
  series: WorkspaceSeriesColumns;
  /** Null once the LTV fit has them (moved to its thread). */
  orders: LtvOrderColumns | null;
  orderCount: number;
}

async function generateData(sizes: ScaleSizes): Promise<ScaleData> {
  const t0 = performance.now();
  const series = await toWorkspaceSeriesColumns(scaleWorkspaceSeries(sizes));
  console.log(`[intel-scale] ad series generated in ${fmtMs(performance.now() - t0)}`);
  const t1 = performance.now();
  const rows = scaleOrderRows(sizes.customers);
  console.log(`[intel-scale] ${n(rows.length)} orders generated in ${fmtMs(performance.now() - t1)}`);
  const builder = ltvOrderColumnsBuilder();
  for (let i = 0; i < rows.length; i += 10_000) builder.add(rows.slice(i, i + 10_000));
  return { sizes, series, orders: builder.finish(), orderCount: rows.length };
}

/**
 * The orders, which `data` no longer holds afterwards: as in a run (ltv.model.ts), nothing on this
 * thread keeps them once the fit has them, or the million contact ids would stay in the API thread's
 * heap through the ad fits' collections.
 */
function takeOrders(data: ScaleData): LtvOrderColumns {
  const { orders } = data;
  if (!orders) throw new Error('the orders were already taken');
  data.orders = null;
  return orders;
}

/**
 * The four fits, one after the other, in one worker thread; LTV first (its order columns are moved to
 * the worker). Answers them in the issue's order: anomaly, fatigue, forecast, LTV.
 */
async function runFits(pool: FitPool, data: ScaleData): Promise<FitFigures[]> {
  const { sizes, series } = data;
  const ltv = await timedFit<LtvColumnsFit>(
    pool,
    `LTV (\`fitLtv\`): ${n(sizes.customers)} customers, ${n(data.orderCount)} orders`,
    'ltv',
    { orders: takeOrders(data), asOf: LTV_AS_OF },
    (o) =>
      o.status === 'completed'
        ? `${n(o.customers.customerIds.length)} customers, ${n(o.atRisk)} at risk`
        : o.reason,
  );
  const ads = `${n(sizes.ads)} ads × ${DAYS} days`;
  const adSets = new Set(series.ads.meta.map((a) => a.adSetId)).size;
  const accounts = new Set(series.campaigns.meta.map((c) => c.accountId)).size;
  const anomaly = await timedFit<AdFit>(
    pool,
    `Anomaly (\`fitAnomaly\`): ${ads} + ${n(adSets)} ad sets + ${n(series.campaigns.meta.length)} campaigns, 9 metrics`,
    'anomaly',
    series,
    (o) => `${n(Number(o.counts.anomalies))} anomalies, ${n(o.insights.length)} insights`,
  );
  const fatigue = await timedFit<AdFit>(
    pool,
    `Fatigue (\`fitFatigue\`): ${ads} in ${n(accounts)} accounts`,
    'fatigue',
    seriesInput('fatigue', series),
    (o) =>
      Object.entries(o.counts.byStatus as Record<string, number>)
        .map(([k, v]) => `${k} ${n(v)}`)
        .join(', '),
  );
  const forecast = await timedFit<AdFit>(
    pool,
    `Forecast (\`fitForecast\`): ${n(series.campaigns.meta.length)} campaigns + ${n(accounts)} accounts × 3 metrics, 28 days ahead`,
    'forecast',
    seriesInput('forecast', series),
    (o) => `${n(Number(o.counts.forecasts))} of ${n(Number(o.counts.subjects) * 3)} forecasts ok`,
  );
  return [anomaly, fatigue, forecast, ltv];
}

/**
 * Watches the main thread's event loop with a 5 ms timer for the whole window and answers, on
 * `stop()`, the stalls over {@link STALL_MS} (timer late by that much) as `count, longest, at s after start`.
 */
/** Main-thread stalls reported (ms). */
const STALL_MS = 50;

function watchStalls(): { stop(): string } {
  const t0 = performance.now();
  let last = t0;
  const stalls: [number, number][] = [];
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > STALL_MS) stalls.push([now - t0, now - last]);
    last = now;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      const list = stalls.map(([at, ms]) => `${fmtMs(ms)} at ${(at / 1000).toFixed(1)} s`).join(', ');
      return `${stalls.length}${list ? `: ${list}` : ''}`;
    },
  };
}

/** A full collection between the windows, so the fits' garbage is not collected during the baseline. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

const n = (x: number) => x.toLocaleString('en-US');
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const handlingCells = (h: HandlingFigures) => `${h.p50} / ${h.p99} / ${h.max} ms`;
const probeCells = (p: ProbeFigures) =>
  `${p.p50} ms | ${p.p99} ms | ${p.max} ms | ${p.seconds.toFixed(1)} s | ${n(p.requests)}${p.errors ? ` (${p.errors} errors)` : ''}`;

/** Everything the doc section reports. */
export interface ScaleReport {
  sizes: ScaleSizes;
  /** 1-minute load average before the data was generated. */
  load1: number;
  threadStartMs: number;
  fits: FitFigures[];
  during: ProbeFigures;
  baseline: ProbeFigures;
  /** The API thread's own handling time in each window ({@link watchHandling}). */
  handling: { during: HandlingFigures; baseline: HandlingFigures };
  /** The main thread's stalls over {@link STALL_MS} while the fits ran ({@link watchStalls}). */
  stalls: string;
  peakRssMiB: number;
}

/** The `intel-scale` section of docs/benchmarks.md (markdown) for report `r`, with this machine's description. */
export function scaleSection(r: ScaleReport): string {
  const cpus = os.cpus();
  return `## Model fits at scale (\`npm run bench -- intel-scale\`)

Run on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} (UTC) on ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average before the run ${r.load1.toFixed(2)}.

Issue 12's speed aims. Data (bench/intel-scale.data.ts, seeded, ending ${END_DATE}): ${n(r.sizes.ads)} ads × ${DAYS} days in ${n(r.sizes.campaigns)} campaigns
(2 ad sets each) of ${n(r.sizes.accounts)} ad accounts, each ad a window of one of the ad demo's 112 series (seeds 1–8) with its own
volume and daily jitter; ${n(r.sizes.customers)} customers simulated from the customer demo's BG/NBD + Gamma-Gamma process over 78 weeks.
Each fit runs in one worker thread (\`createFitPool(1)\`, as a server with \`INTEL_THREADS=1\`) on what a workspace run passes it;
its wall time includes sending the input (the series are held as shared typed-array columns, as a run holds them), rebuilding
the points in the worker, moving the answer back and unpacking it on the main thread (fit-input.ts, fit-transfer.ts). The orders are given as columns, as ltv.model.ts
reads them batch by batch; the run's database reads and writes are not included (see intel-run-latency). The fits ran in the order
LTV, anomaly, fatigue, forecast; the thread started (loading the models) in ${fmtMs(r.threadStartMs)} before the first, not counted.
"Main-thread stall" is the longest event-loop delay of the main thread during the fit.

| fit | wall time | aim | | main-thread stall | peak RSS after it | found |
| --- | --- | --- | --- | --- | --- | --- |
${r.fits.map((f) => `| ${f.what} | ${fmtMs(f.ms)} | < 30 s | ${f.ms < AIM_MS ? 'met' : 'NOT met'} | ${fmtMs(f.stallMs)} | ${n(f.peakRssMiB)} MiB | ${f.found} |`).join('\n')}

API meanwhile: a real Omnify on PGlite in the same process (its main thread is the API's) answers \`GET /health\` (one \`SELECT 1\`)
to autocannon in a separate process at ${RATE} requests/s over ${CONNECTIONS} connections, for the whole sequence of fits, then for as long
again with no fit running (after a full garbage collection).

| GET /health | p50 | p99 | max | window | requests | on the API thread: p50 / p99 / max |
| --- | --- | --- | --- | --- | --- | --- |
| while the fits run | ${probeCells(r.during)} | ${handlingCells(r.handling.during)} |
| no fit running | ${probeCells(r.baseline)} | ${handlingCells(r.handling.baseline)} |

The first columns are what the client measured, from sending a request to reading its answer; the last one is what the server
spent on each request, from its headers parsed to its response finished, on the API's thread (Node's \`http.server\`
diagnostics channels). The difference is the time a request waited for the API's thread (a stall) or for a core (the client,
the fit's thread and both threads' garbage collectors share this machine's ${os.cpus().length} cores).

While the fits ran, p99 was ${(r.during.p99 / Math.max(1, r.baseline.p99)).toFixed(1)}× the baseline's and the longest main-thread stall ${fmtMs(Math.max(...r.fits.map((f) => f.stallMs)))}.
Main-thread stalls over ${STALL_MS} ms during the whole window (a 5 ms timer late by that much; time after the window opened): ${r.stalls}.

Peak RSS of the process (threads included): ${n(r.peakRssMiB)} MiB.
`;
}

/**
 * Runs the benchmark: prints the figures and, unless `--quick` or `--no-doc`, writes the
 * `intel-scale` section of docs/benchmarks.md. Throws when a fit fails or runs on the main thread.
 */
export async function runIntelScaleBenchmark(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: { quick: { type: 'boolean', default: false }, 'no-doc': { type: 'boolean', default: false } },
  });
  const sizes = values.quick ? scaledSizes(FULL_SIZES, 10) : FULL_SIZES;
  const load1 = os.loadavg()[0]!;
  const data = await generateData(sizes);
  const omnify = await startTestOmnify('pglite', { intelSchedule: 'off', apiRateLimitPerMinute: 0 });
  const pool = createFitPool(1);
  let fits: FitFigures[];
  let during: ProbeFigures;
  let baseline: ProbeFigures;
  let threadStartMs: number;
  let handling: ScaleReport['handling'];
  let stalls = '';
  try {
    for (let i = 0; i < 20; i++) await omnify.api('GET', '/health');
    // The thread starts (and loads the models through tsx) on its first task: timed apart.
    const t0 = performance.now();
    await pool.fits('forecast', { ads: emptySeriesColumns(), campaigns: emptySeriesColumns() });
    threadStartMs = performance.now() - t0;
    const probe = await startProbe(`${omnify.url}/health`);
    const gaps = watchStalls();
    const served = watchHandling();
    fits = await runFits(pool, data);
    during = await probe.stop();
    const handledDuring = served.stop();
    stalls = gaps.stop();
    console.log(`[intel-scale] main-thread stalls > ${STALL_MS} ms while the fits ran: ${stalls}`);
    collectGarbage();
    const idle = await startProbe(`${omnify.url}/health`);
    const servedIdle = watchHandling();
    await new Promise((r) => setTimeout(r, during.seconds * 1000));
    baseline = await idle.stop();
    handling = { during: handledDuring, baseline: servedIdle.stop() };
  } finally {
    await pool.close();
    await omnify.close();
  }
  console.log(
    `[intel-scale] GET /health while the fits ran: ${probeCells(during)}; on the API thread ${handlingCells(handling.during)}`,
  );
  console.log(
    `[intel-scale] GET /health, no fit running:    ${probeCells(baseline)}; on the API thread ${handlingCells(handling.baseline)}`,
  );
  console.log(`[intel-scale] peak RSS ${n(peakRssMiB())} MiB; worker start ${fmtMs(threadStartMs)}`);
  if (values.quick || values['no-doc']) return;
  writeBenchSection(
    'intel-scale',
    scaleSection({
      sizes,
      load1,
      threadStartMs,
      fits,
      during,
      baseline,
      handling,
      stalls,
      peakRssMiB: peakRssMiB(),
    }),
  );
  console.log('Wrote the intel-scale section of docs/benchmarks.md');
}
