/**
 * Intelligence benchmark (`npm run bench -- intelligence`; results in docs/benchmarks.md):
 * - BG/NBD + Gamma-Gamma fits on the CDNOW calibration summary (skipped without ../shared) and on
 *   100,000 customers simulated from the demo's BG/NBD + Gamma-Gamma process;
 * - the Gamma-Gamma fit on 1,000,000 customers whose spend has (almost) no variation within a
 *   customer, where its likelihood rises towards a limit instead of peaking (list prices);
 * - the anomaly scan (all nine metrics) of 10,000 series × 90 days;
 * - p50/p99 latency of the insight and series API calls on the demo data, measured by autocannon in a
 *   separate process (1 connection — one dashboard user — and 10 connections, 4 s each) against a
 *   real Omnify on PGlite and PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { addDays } from '../src/kernel/dates/calendar-day.ts';
import { scanMany } from '../src/models/anomaly/scan.ts';
import type { DailySeries } from '../src/models/daily-metrics.ts';
import { fitBgNbd } from '../src/models/ltv/bgnbd.ts';
import { fitGammaGamma } from '../src/models/ltv/gamma-gamma.ts';
import { generateAdDemo } from '../src/modules/intelligence/demo/ad-demo.ts';
import { DEFAULT_CUSTOMER_PARAMS, simulateCustomers } from '../src/modules/intelligence/demo/customers.ts';
import { createRandom } from '../src/modules/intelligence/demo/rng.ts';
import { REPO_ROOT } from '../src/testing/fixtures.ts';
import { startTestOmnify } from '../src/testing/harness.ts';
import { writeBenchSection } from './doc-sections.ts';

const run = promisify(execFile);
const CDNOW = resolve(REPO_ROOT, '../shared/data/cdnow');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
};

function readSummary(file: string): Record<string, number>[] {
  const [head, ...lines] = readFileSync(resolve(CDNOW, file), 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], Number(v)])));
}

/** BG/NBD + Gamma-Gamma on CDNOW (2,357 customers) and on 100,000 simulated customers (39 weeks). */
function fitBenchmarks(): string[][] {
  const rows: string[][] = [];
  if (existsSync(CDNOW)) {
    const s = readSummary('cdnow_customers_summary.csv').map((r) => ({
      frequency: r.frequency,
      recency: r.recency,
      T: r.T,
    }));
    const m = readSummary('cdnow_customers_summary_with_transactions.csv').filter((r) => r.x > 0);
    const [, bgMs] = time(() => fitBgNbd(s));
    const [, ggMs] = time(() => fitGammaGamma(m.map((r) => ({ frequency: r.x, monetaryValue: r.zbar }))));
    rows.push([
      'BG/NBD + Gamma-Gamma fit, CDNOW (2,357 customers)',
      fmtMs(bgMs + ggMs),
      '< 1 s',
      verdict(bgMs + ggMs, 1000),
    ]);
  } else {
    rows.push(['BG/NBD + Gamma-Gamma fit, CDNOW', 'skipped (../shared/data/cdnow absent)', '< 1 s', '—']);
  }
  const calibrationDays = 39 * 7;
  const [sim, simMs] = time(() =>
    simulateCustomers(100_000, DEFAULT_CUSTOMER_PARAMS, 7, { horizonWeeks: 39 }),
  );
  const [summary, sumMs] = time(() =>
    sim.map((c) => {
      const days = [...new Set(c.purchaseDays.filter((d) => d <= calibrationDays))];
      const first = days[0] ?? 0;
      const last = days.at(-1) ?? first;
      const amounts = c.amountsMinor.slice(1, days.length);
      return {
        frequency: days.length - 1,
        recency: (last - first) / 7,
        T: (calibrationDays - first) / 7,
        monetaryValue: amounts.length ? amounts.reduce((a, b) => a + b, 0) / amounts.length : 0,
      };
    }),
  );
  const [, fitMs] = time(() => {
    fitBgNbd(summary);
    fitGammaGamma(summary.filter((c) => c.frequency > 0 && c.monetaryValue > 0));
  });
  rows.push([
    'BG/NBD + Gamma-Gamma fit, 100,000 simulated customers',
    `${fmtMs(fitMs)} (simulation ${fmtMs(simMs)}, RFM summary ${fmtMs(sumMs)} not counted)`,
    '< 10 s',
    verdict(fitMs, 10_000),
  ]);
  return rows;
}

/**
 * Gamma-Gamma on 1,000,000 customers who pay list prices: each customer's orders are at one of three
 * prices (a customer's mean is then their price), or at one price ±5 % at random. Such spend has no
 * within-customer variance, so the likelihood rises towards its limit as p → ∞ instead of peaking.
 */
function listPriceBenchmarks(): string[][] {
  const rows: string[][] = [];
  const random = createRandom(2026);
  const frequencies = Array.from({ length: 1_000_000 }, () => 1 + Math.floor(random.uniform() * 10));
  const cases: [string, () => number][] = [
    ['three list prices', () => [1_000, 2_000, 5_000][Math.floor(random.uniform() * 3)]!],
    ['one price ±5 %', () => 2_000 * (0.95 + random.uniform() * 0.1)],
  ];
  for (const [label, price] of cases) {
    const customers = frequencies.map((frequency) => ({ frequency, monetaryValue: price() }));
    const [, ms] = time(() => fitGammaGamma(customers));
    rows.push([`Gamma-Gamma fit, 1,000,000 customers, ${label}`, fmtMs(ms), '< 30 s', verdict(ms, 30_000)]);
  }
  return rows;
}

/** 10,000 series of 90 days: the demo's 14 ad series, each window shifted and scaled per copy. */
function anomalyBenchmark(): string[][] {
  const demo = generateAdDemo({ endDate: '2026-11-21', seed: 3 });
  const base = demo.campaigns.flatMap((c) => c.adSets.flatMap((s) => s.ads.map((a) => a.series)));
  const series: DailySeries[] = [];
  for (let i = 0; i < 10_000; i++) {
    const b = base[i % base.length];
    const offset = (i * 7) % 30;
    const scale = 0.5 + ((i * 37) % 100) / 100;
    const points = b.points.slice(offset, offset + 90).map((p, d) => ({
      date: addDays('2026-01-01', d),
      impressions: Math.round(p.impressions * scale),
      clicks: Math.round(p.clicks * scale),
      spendMinor: Math.round(p.spendMinor * scale),
      conversions: Math.round(p.conversions * scale),
      revenueMinor: Math.round(p.revenueMinor * scale),
    }));
    series.push({ key: `s${i}`, currency: 'USD', points });
  }
  const [scans, ms] = time(() => scanMany(series, { bands: false }));
  const flagged = scans.reduce((n, s) => n + s.anomalies.length, 0);
  return [
    [
      `Anomaly scan, 10,000 series × 90 days × 9 metrics (${flagged} flags)`,
      fmtMs(ms),
      '< 10 s',
      verdict(ms, 10_000),
    ],
  ];
}

/** p99 of the API calls a dashboard makes, on the demo data, for one database kind. */
async function apiBenchmark(kind: 'pglite' | 'postgres'): Promise<string[][]> {
  // The API is measured, not the per-key rate limit (one key sends thousands of requests a minute here).
  const omnify = await startTestOmnify(kind, { apiRateLimitPerMinute: 0 });
  try {
    const load = await omnify.api('POST', '/api/v1/intelligence/demo', {});
    await omnify.until(
      'the demo run',
      async () => {
        const r = await omnify.api('GET', `/api/v1/intelligence/runs/${load.json.runId}`);
        return r.json.status === 'completed' ? r.json : null;
      },
      300_000,
    );
    const campaign = (await omnify.api('GET', '/api/v1/intelligence/ads/campaigns')).json.data[0].id;
    const ad = (await omnify.api('GET', '/api/v1/intelligence/models/fatigue?limit=1')).json.data[0]
      .subjectId;
    const paths = [
      '/api/v1/intelligence/insights?limit=50',
      '/api/v1/intelligence/ltv',
      '/api/v1/intelligence/ltv/contacts?limit=50&sort=churn_risk',
      `/api/v1/intelligence/models/forecast/campaign/${campaign}`,
      `/api/v1/intelligence/models/anomaly/campaign/${campaign}`,
      `/api/v1/intelligence/models/fatigue/ad/${ad}`,
      `/api/v1/intelligence/ads/series?level=campaign&id=${campaign}`,
    ];
    const rows: string[][] = [];
    for (const path of paths) {
      const shown = path.replace(/[0-9a-f-]{36}/g, '{id}');
      const cells: string[] = [];
      let worst = 0;
      for (const connections of [1, 10]) {
        const { stdout } = await run(
          process.execPath,
          [
            resolve(REPO_ROOT, 'node_modules/autocannon/autocannon.js'),
            ...['-c', String(connections), '-d', '4', '-j'],
            ...['-H', 'authorization=Bearer omk_test_key_0123456789abcdefghij'],
            `${omnify.url}${path}`,
          ],
          { maxBuffer: 10 * 1024 * 1024 },
        );
        const r = JSON.parse(stdout);
        const ok = r.non2xx === 0 && r.errors === 0;
        if (connections === 1) worst = ok ? r.latency.p99 : Number.POSITIVE_INFINITY;
        cells.push(
          `${r.latency.p50}/${r.latency.p99} ms, ${Math.round(r.requests.average)} req/s${ok ? '' : ' ERRORS'}`,
        );
      }
      rows.push([
        `GET ${shown} (${kind})`,
        `1 conn: ${cells[0]}; 10 conn: ${cells[1]}`,
        'p99 < 100 ms (1 conn)',
        verdict(worst, 100),
      ]);
      console.log(rows.at(-1)!.join(' | '));
    }
    return rows;
  } finally {
    await omnify.close();
  }
}

const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const verdict = (got: number, aim: number) => (got < aim ? 'met' : 'NOT met');

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

/** Runs the intelligence benchmark, prints the table and writes its section of docs/benchmarks.md. */
export async function runIntelligenceBenchmark(): Promise<void> {
  process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL;
  const load1 = os.loadavg()[0]!;
  // The API runs first, on a small heap: the fits and the 10,000-series scan below leave a large one
  // whose collections would show up as latency of the in-process server.
  const rows = await apiBenchmark('pglite');
  if (await postgresReachable(process.env.DATABASE_URL)) rows.push(...(await apiBenchmark('postgres')));
  const cpu = [...fitBenchmarks(), ...listPriceBenchmarks(), ...anomalyBenchmark()];
  for (const r of cpu) console.log(r.join(' | '));
  rows.unshift(...cpu);
  const cpus = os.cpus();
  const table = [['what', 'measured', 'aim', ''], ...rows].map((r, i) =>
    i === 1 ? `| --- | --- | --- | --- |\n| ${r.join(' | ')} |` : `| ${r.join(' | ')} |`,
  );
  writeBenchSection(
    'intelligence',
    `## Intelligence (\`npm run bench -- intelligence\`)

Run on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} (UTC) on ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average before the run ${load1.toFixed(2)}.

- Fits: wall time of the maximum-likelihood fits alone (Nelder–Mead in log space), one core. "List prices":
  1,000,000 customers with 1–10 repeat orders each, all of a customer's orders at one price (seeded), where the
  Gamma-Gamma likelihood has no peak (docs/intelligence.md, LTV).
- Anomaly scan: \`scanMany\` without chart bands (batch alerting), 9 metrics per series, one core.
- API: a real Omnify (\`startOmnify\`, fresh database) loaded with \`POST /api/v1/intelligence/demo\` (2,000 customers,
  14 ads × 120 days) after its model run completed; autocannon in a separate process, 4 s per endpoint with 1 connection
  (one user: each request waits for the previous answer) and with 10 connections; figures are p50/p99. The aim is
  judged on 1 connection. PGlite answers one query at a time, so with 10 connections its latency is about 10× its
  service time; PostgreSQL serves them in parallel.

${table.join('\n')}
`,
  );
  console.log('Wrote the intelligence section of docs/benchmarks.md');
}
