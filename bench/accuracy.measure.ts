/**
 * The measurements of the accuracy benchmark (bench/accuracy.bench.ts), one function per model. Each
 * is deterministic: fixed seeds, the data's own dates, and pinned dates for the simulated customers,
 * so the figures are the same on any day and in any time zone.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { addDays } from '../src/kernel/dates/calendar-day.ts';
import {
  evaluateByInjection,
  type ScenarioSummary,
  summarizeByScenario,
} from '../src/models/anomaly/evaluation.ts';
import type { InjectionScenario } from '../src/models/anomaly/inject.ts';
import { SCAN_METRICS } from '../src/models/anomaly/scan-options.ts';
import type { AdditiveMetric, DailySeries } from '../src/models/daily-metrics.ts';
import {
  type FatigueBacktestReport,
  runFatigueAlerts,
  scoreFatigueAlerts,
} from '../src/models/fatigue/backtest.ts';
import { type BacktestSummary, backtestMetric, summarizeBacktest } from '../src/models/forecast/backtest.ts';
import { wilsonInterval } from '../src/models/forecast/coverage-interval.ts';
import { expectedPurchases } from '../src/models/ltv/bgnbd.ts';
import { type CalibrationDecile, calibrationByDecile } from '../src/models/ltv/calibration-deciles.ts';
import { type ChurnCallQuality, churnCallQuality } from '../src/models/ltv/churn-threshold.ts';
import { ltvReport } from '../src/models/ltv/ltv.report.ts';
import { generateCustomerDemo } from '../src/modules/intelligence/demo/customer-demo.ts';
import { churnCallReport } from '../src/modules/intelligence/demo-report.ts';
import { fitLtv, ltvOrderRows } from '../src/modules/intelligence/runs/ltv.fit.ts';
import { loadOnlineAdvertisingCampaigns, loadOnlineAdvertisingSeries } from '../src/testing/ad-datasets.ts';

/** The injected anomalies of issue 12: ±50 % one-day spikes and drops, ±40 % level shifts of 7 days. */
export const ANOMALY_SCENARIOS: readonly InjectionScenario[] = [
  { kind: 'spike', size: 0.5, length: 1 },
  { kind: 'drop', size: -0.5, length: 1 },
  { kind: 'level_shift', size: 0.4, length: 7 },
  { kind: 'level_shift', size: -0.4, length: 7 },
];
/** Seed of the injection's day picks. */
export const ANOMALY_SEED = 1;
/** The "high-volume" subset: (series, metric) pairs whose driving count has a median ≥ this a day. */
export const HIGH_VOLUME = 100;

export interface AnomalyAccuracy {
  series: number;
  metrics: readonly string[];
  all: ScenarioSummary[];
  highVolume: ScenarioSummary[];
  /** Per metric, the scenarios pooled over all series (same order as {@link ANOMALY_SCENARIOS}). */
  byMetric: { metric: string; scenarios: ScenarioSummary[] }[];
  /** All series again with the MOSUM level-shift scan on (`ScanOptions.levelShifts`, off by default). */
  withLevelShifts: ScenarioSummary[];
}

/** Injection into the 148 creatives with ≥ 60 days and the 3 campaign totals, all nine metrics. */
export function measureAnomalies(): AnomalyAccuracy {
  const corpus: DailySeries[] = [
    ...loadOnlineAdvertisingSeries().filter((s) => s.points.length >= 60),
    ...loadOnlineAdvertisingCampaigns(),
  ];
  const opts = { metrics: SCAN_METRICS, scenarios: ANOMALY_SCENARIOS, seed: ANOMALY_SEED };
  const { rows } = evaluateByInjection(corpus, opts);
  const high = evaluateByInjection(corpus, { ...opts, minMedianCount: HIGH_VOLUME }).rows;
  const shifts = evaluateByInjection(corpus, { ...opts, scan: { levelShifts: true } }).rows;
  return {
    series: corpus.length,
    metrics: SCAN_METRICS,
    all: summarizeByScenario(rows),
    highVolume: summarizeByScenario(high),
    byMetric: SCAN_METRICS.map((metric) => ({
      metric,
      scenarios: summarizeByScenario(rows.filter((r) => r.metric === metric)),
    })),
    withLevelShifts: summarizeByScenario(shifts),
  };
}

export interface FatigueAccuracy {
  /** Truth = first crossing (the aims are judged on it), and crossing sustained 7 days. */
  first: FatigueBacktestReport;
  sustained: FatigueBacktestReport;
}

/** The walk-forward backtest on the public series, assessed on every day (asOfStep 1). */
export function measureFatigue(): FatigueAccuracy {
  const run = runFatigueAlerts(loadOnlineAdvertisingSeries(), { asOfStep: 1 });
  return {
    first: scoreFatigueAlerts(run, { persistDays: 1 }),
    sustained: scoreFatigueAlerts(run, { persistDays: 7 }),
  };
}

/** Share of zero days before the first origin above which a creative is "intermittent" (as forecast tests). */
export const INTERMITTENT_ZERO_SHARE = 0.1;
export const FORECAST_METRICS: readonly AdditiveMetric[] = ['spendMinor', 'conversions', 'revenueMinor'];

/** One series group and metric of the forecast backtest. */
export interface ForecastGroup {
  group: string;
  metric: AdditiveMetric;
  series: number;
  /** Forecast days scored (Σ horizon over the cases). */
  days: number;
  /** Per horizon: mean MASE of the forecast and of seasonal naive, interval coverage. */
  horizons: BacktestSummary[];
  /** Coverage over every scored day of the group (all horizons). */
  coverage80: number;
  coverage95: number;
  /** Randomized-PIT coverage over the same days (`BacktestCase.pitCoverage80`, pit.ts). */
  pitCoverage80: number;
  pitCoverage95: number;
  /** Forecasts scored: distinct (series, origin) pairs, the unit of the confidence intervals. */
  origins: number;
  /** 95 % Wilson intervals of `coverage80` and `pitCoverage80` over `origins` (coverage-interval.ts). */
  coverage80Ci: { lower: number; upper: number };
  pitCoverage80Ci: { lower: number; upper: number };
  /** Series whose mean MASE over its own cases is above seasonal naive's, of those with a defined MASE. */
  seriesWorse: number;
  seriesScored: number;
  /** How often each method gave the forecast (the result's `model`: ETS…, TSB, SNaive). */
  methods: Record<string, number>;
}

type Case = ReturnType<typeof backtestMetric>[number];

function group(name: string, metric: AdditiveMetric, series: number, cases: Case[]): ForecastGroup {
  const days = cases.reduce((s, c) => s + c.horizon, 0);
  const perSeries = new Map<string, { model: number; naive: number; n: number }>();
  const methods: Record<string, number> = {};
  for (const c of cases) {
    const m = c.model.startsWith('TSB') ? 'TSB' : c.model.startsWith('SNaive') ? 'seasonal naive' : 'ETS';
    methods[m] = (methods[m] ?? 0) + 1;
    if (!Number.isFinite(c.etsMase) || !Number.isFinite(c.naiveMase)) continue;
    const s = perSeries.get(c.key) ?? { model: 0, naive: 0, n: 0 };
    s.model += c.etsMase;
    s.naive += c.naiveMase;
    s.n++;
    perSeries.set(c.key, s);
  }
  const scored = [...perSeries.values()];
  const dayMean = (f: (c: Case) => number) => cases.reduce((s, c) => s + f(c) * c.horizon, 0) / days;
  const coverage80 = dayMean((c) => c.coverage80);
  const pitCoverage80 = dayMean((c) => c.pitCoverage80);
  const origins = new Set(cases.map((c) => `${c.key}\u0000${c.origin}`)).size;
  return {
    group: name,
    metric,
    series,
    days,
    horizons: summarizeBacktest(cases),
    coverage80,
    coverage95: dayMean((c) => c.coverage95),
    pitCoverage80,
    pitCoverage95: dayMean((c) => c.pitCoverage95),
    origins,
    coverage80Ci: wilsonInterval(coverage80, origins),
    pitCoverage80Ci: wilsonInterval(pitCoverage80, origins),
    seriesWorse: scored.filter((s) => s.model > s.naive + 1e-12).length,
    seriesScored: scored.length,
    methods,
  };
}

/**
 * Rolling-origin backtests as in src/models/forecast/backtest.test.ts and creative-backtest.fixture.ts:
 * campaign totals of camps 1 and 3 (91 days: origins 56, 63, …; h = 7, 14, 28), camp 2 (30 days:
 * origins 21–23, h = 7), and the 148 creatives with ≥ 60 days (origins 56, 70, 84), split into regular
 * and intermittent. `progress` is called after each metric.
 */
export function measureForecasts(progress: (line: string) => void): ForecastGroup[] {
  const campaigns = loadOnlineAdvertisingCampaigns();
  const long = campaigns.filter((c) => c.points.length >= 90);
  const short = campaigns.filter((c) => c.points.length < 90);
  const creatives = loadOnlineAdvertisingSeries().filter((s) => s.points.length >= 60);
  const out: ForecastGroup[] = [];
  for (const metric of FORECAST_METRICS) {
    const t0 = performance.now();
    out.push(
      group(
        `campaigns (${long.map((c) => c.key).join(', ')}; 91 days)`,
        metric,
        long.length,
        backtestMetric(long, metric),
      ),
    );
    out.push(
      group(
        `${short.map((c) => c.key).join(', ')} (30 days)`,
        metric,
        short.length,
        backtestMetric(short, metric, { firstOrigin: 21, step: 1, horizons: [7] }),
      ),
    );
    const cases = backtestMetric(creatives, metric, { step: 14 });
    const regular = cases.filter((c) => c.zeroShare <= INTERMITTENT_ZERO_SHARE);
    const intermittent = cases.filter((c) => c.zeroShare > INTERMITTENT_ZERO_SHARE);
    const count = (cs: Case[]) => new Set(cs.map((c) => c.key)).size;
    out.push(group('creatives, regular', metric, count(regular), regular));
    out.push(group('creatives, intermittent', metric, count(intermittent), intermittent));
    progress(`  forecasts: ${metric} done (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  return out;
}

/** The churn call on one demo's truth. */
export interface ChurnRow {
  demo: string;
  threshold: number;
  quality: ChurnCallQuality;
}

export interface CdnowCalibration {
  customers: number;
  holdoutWeeks: number;
  predicted: number;
  actual: number;
  deciles: CalibrationDecile[];
}

/**
 * The one "likely gone" rule (`chooseChurnRule`, threshold chosen from the data) on both demo
 * data sets of docs/intelligence.md, seed 42 and pinned dates (src/modules/intelligence/runs/ltv.fit.test.ts).
 */
export function measureChurn(): ChurnRow[] {
  const end = '2026-03-07'; // the dashboard demo's anchored Saturday, as in ltv.fit.test.ts
  const dash = generateCustomerDemo({ seed: 42, start: addDays(end, -78 * 7 + 1), weeks: 78 });
  const orders = ltvOrderRows(dash.orders);
  const fit = fitLtv({ orders, asOf: addDays(end, 1) });
  if (fit.status !== 'completed') throw new Error(`LTV fit on the dashboard demo: ${fit.reason}`);
  const gone = new Map(dash.truth.perCustomer.map((c) => [c.customerId, !c.aliveAtEnd]));
  const calls = fit.customers
    .filter((c) => c.frequency >= 1)
    .map((c) => ({ pAlive: c.pAlive, gone: gone.get(c.customerId)! }));

  const cli = generateCustomerDemo({ seed: 42 });
  const t = cli.truth;
  const ltv = ltvReport(
    cli.orders.map((o) => ({ customerId: o.customerId, date: o.date, amount: o.amountMinor / 100 })),
    t.calibrationEnd,
    t.holdoutEnd,
  );
  const alive = new Map(t.perCustomer.map((c) => [c.customerId, c.aliveAtCalibrationEnd]));
  const r = churnCallReport(
    ltv.customers
      .filter((c) => c.frequency >= 1)
      .map((c) => ({ pAlive: c.pAlive, gone: !alive.get(c.customerId) })),
  );
  return [
    {
      demo: 'dashboard demo (`POST /intelligence/demo`: 78 weeks of orders, run the next day)',
      threshold: fit.churn.threshold,
      quality: churnCallQuality(calls, fit.churn.threshold),
    },
    {
      demo: '`omnify intel demo` (39-week calibration)',
      threshold: r.rule.threshold,
      quality: r.after,
    },
  ];
}

/**
 * BG/NBD fitted on the CDNOW sample's first 39 weeks (to 1997-09-30; 2,357 customers), each
 * customer's expected repeat purchases in the 39-week hold-out (to 1998-06-30) against the actual
 * ones, by decile of the prediction.
 */
export function measureCdnowCalibration(cdnowDir: string): CdnowCalibration {
  const tx = readFileSync(resolve(cdnowDir, 'CDNOW_sample.txt'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => {
      const [, id, d, , value] = l.trim().split(/\s+/);
      return {
        customerId: id,
        date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`,
        amount: Number(value),
      };
    });
  const report = ltvReport(tx, '1997-09-30', '1998-06-30');
  const weeks = report.holdout!.weeks;
  const items = report.customers.map((c) => ({
    predicted: expectedPurchases(report.bgnbd, weeks, c),
    actual: c.holdoutPurchases,
  }));
  return {
    customers: items.length,
    holdoutWeeks: weeks,
    predicted: items.reduce((s, x) => s + x.predicted, 0),
    actual: items.reduce((s, x) => s + x.actual, 0),
    deciles: calibrationByDecile(items),
  };
}
