/**
 * Speed check of the anomaly scan (not a test): 10,000 seeded synthetic series × 90 days, all nine
 * metrics, on one thread and split over two processes (one per core).
 *
 *   node --import tsx src/models/anomaly/scan.bench.ts [series=10000] [days=90]
 *
 * Volumes are mixed (impressions per day from 200 to 200,000) so the three methods all run.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DailySeries } from '../daily-metrics.ts';
import { scanMany } from './scan.ts';
import { syntheticSeries } from './synthetic.ts';

const WEEK = [0.75, 1, 1.05, 1.1, 1.05, 1, 0.8];

/** Series `from … to − 1` of the benchmark corpus (deterministic per index). */
function corpus(from: number, to: number, days: number): DailySeries[] {
  const out: DailySeries[] = [];
  for (let i = from; i < to; i++) {
    const impressions = 200 * 1000 ** ((i % 97) / 96);
    out.push(
      syntheticSeries(
        `s${i}`,
        {
          days,
          impressions,
          ctr: 0.01,
          conversionRate: 0.05,
          cpcMinor: 45,
          orderValueMinor: 6000,
          weekly: WEEK,
          trafficNoise: 0.15,
          ctrNoise: 0.1,
        },
        1 + 2 * i,
      ),
    );
  }
  return out;
}

/**
 * Scans the list in chunks of 500 series whose results are dropped once counted (as a batch job that
 * writes them out would), and returns wall and CPU milliseconds.
 */
function timeScan(list: DailySeries[], bands: boolean): { wallMs: number; cpuMs: number; anomalies: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let anomalies = 0;
  for (let i = 0; i < list.length; i += 500) {
    for (const r of scanMany(list.slice(i, i + 500), { bands })) anomalies += r.anomalies.length;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, anomalies };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  const days = Number(process.argv[3] ?? 90);
  const list = corpus(0, n, days);
  timeScan(list.slice(0, 300), true); // warm-up
  for (const bands of [false, true]) {
    const r = timeScan(list, bands);
    console.log(
      `1 thread, bands=${bands}: ${n} series × ${days} days in ${(r.wallMs / 1000).toFixed(2)} s wall, ` +
        `${(r.cpuMs / 1000).toFixed(2)} s CPU (${(r.wallMs / n).toFixed(3)} ms/series, ${r.anomalies} anomalies)`,
    );
  }
  for (const bands of [false, true]) {
    const t0 = performance.now();
    const half = Math.ceil(n / 2);
    const parts = await Promise.all(
      [0, 1].map(
        (w) =>
          new Promise<number>((done, fail) => {
            const range = [w * half, Math.min(n, (w + 1) * half), days, bands ? 1 : 0].map(String);
            const child = fork(fileURLToPath(import.meta.url), ['--part', ...range], {
              execArgv: ['--import', 'tsx'],
            });
            child.once('message', (ms) => done(ms as number));
            child.once('error', fail);
          }),
      ),
    );
    console.log(
      `2 processes, bands=${bands}: ${((performance.now() - t0) / 1000).toFixed(2)} s wall including start-up ` +
        `and generation; scan ${parts.map((ms) => (ms / 1000).toFixed(2)).join(' s + ')} s`,
    );
  }
}

if (process.argv[2] !== '--part') {
  await main();
} else {
  const [from, to, days, bands] = process.argv.slice(3).map(Number);
  const list = corpus(from, to, days);
  timeScan(list.slice(0, 200), bands === 1);
  process.send?.(timeScan(list, bands === 1).wallMs);
  process.disconnect?.();
}
