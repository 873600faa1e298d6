/**
 * Rolling-origin evaluation ("evaluation on a rolling forecasting origin", FPP3 §5.10; L. J. Tashman,
 * "Out-of-sample tests of forecasting accuracy: an analysis and review", IJF 16 (2000) 437–450) of
 * {@link forecastSeries} against the seasonal naive benchmark, scored by MASE and sMAPE
 * (Hyndman & Koehler 2006) and by empirical interval coverage.
 */
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type AdditiveMetric, type DailySeries, fillMissingDays } from '../daily-metrics.ts';
import { mase, seasonalNaiveForecast, smape } from './accuracy.ts';
import { nominalLevels } from './calibration.ts';
import { type ForecastOptions, forecastWithPredictive, MAX_HORIZON } from './forecast.ts';
import { expectedRandomizedCoverage } from './pit.ts';

/** Options of {@link rollingOriginBacktest}. Days are steps of the series. */
export interface BacktestOptions {
  /** Index of the first forecast origin = days of history at the first origin (default 56). */
  firstOrigin?: number;
  /** Days between origins (default 7). */
  step?: number;
  /** Horizons scored, each 1..28 (default [7, 14, 28]); a horizon is scored where origin + h ≤ n. */
  horizons?: readonly number[];
  /** Model options passed to {@link forecastSeries}. */
  forecast?: Pick<ForecastOptions, 'transform' | 'models' | 'selectMethod'>;
  /** Which ETS point forecast is scored (default `'median'`, the MAE-optimal one on the log scale). */
  point?: 'mean' | 'median';
  /**
   * Resolution of the values for the randomized PIT coverage (pit.ts): 1 (default) for counts and
   * minor units, 0 for continuous values.
   */
  unit?: number;
}

/**
 * Scores of one origin and horizon. MASE is `NaN` when the history's seasonal naive scale is 0. The
 * `ets…` scores are those of {@link forecastSeries}' forecast: the method it chose (`model`), ETS
 * when `forecast.selectMethod` is false.
 */
export interface BacktestCase {
  origin: number;
  horizon: number;
  model: string;
  etsMase: number;
  naiveMase: number;
  etsSmape: number;
  naiveSmape: number;
  /** Share of the h actual values inside the 80% / 95% intervals. */
  coverage80: number;
  coverage95: number;
  /**
   * Mean over the h days of the expected randomized-PIT coverage of the 80% / 95% intervals
   * (Czado, Gneiting & Held 2009; pit.ts): an integer day on a band's edge counts by the share of its
   * PIT range inside the band, so a discrete series can cover exactly 80 %; equal to `coverage80` /
   * `coverage95` for continuous values up to ties.
   */
  pitCoverage80: number;
  pitCoverage95: number;
}

function invalid(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', message, { fields: [{ path, message }] });
}

/**
 * Fits at origins firstOrigin, firstOrigin + step, … (using only the values before the origin) and
 * scores each horizon on the following h values. `values`: daily, ≥ 0, oldest first. Returns one
 * case per (origin, horizon) that fits in the series; none when the series is too short. Throws
 * OMNIFY_ERR_VALIDATION for bad options (and whatever {@link forecastSeries} throws for bad values).
 */
export function rollingOriginBacktest(values: readonly number[], opts: BacktestOptions = {}): BacktestCase[] {
  const first = opts.firstOrigin ?? 56;
  const step = opts.step ?? 7;
  const horizons = opts.horizons ?? [7, 14, 28];
  if (!Number.isInteger(first) || first < 1) throw invalid('/firstOrigin', 'must be a positive integer');
  if (!Number.isInteger(step) || step < 1) throw invalid('/step', 'must be a positive integer');
  horizons.forEach((h, i) => {
    if (!Number.isInteger(h) || h < 1 || h > MAX_HORIZON) {
      throw invalid(`/horizons/${i}`, `must be an integer from 1 to ${MAX_HORIZON}`);
    }
  });
  const point = opts.point ?? 'median';
  const unit = opts.unit ?? 1;
  const out: BacktestCase[] = [];
  for (let origin = first; origin < values.length; origin += step) {
    const hs = horizons.filter((h) => origin + h <= values.length);
    if (hs.length === 0) continue;
    const history = values.slice(0, origin);
    const { result: res, predictive } = forecastWithPredictive(history, {
      ...opts.forecast,
      horizon: Math.max(...hs),
    });
    if (res.status !== 'ok') continue;
    const naiveAll = seasonalNaiveForecast(history, Math.max(...hs));
    for (const h of hs) {
      const actual = values.slice(origin, origin + h);
      const fc = res.forecast.slice(0, h);
      const ets = fc.map((p) => p[point]);
      const naive = naiveAll.slice(0, h);
      let in80 = 0;
      let in95 = 0;
      let pit80 = 0;
      let pit95 = 0;
      fc.forEach((p, i) => {
        const y = actual[i]!;
        if (y >= p.lower80 && y <= p.upper80) in80++;
        if (y >= p.lower95 && y <= p.upper95) in95++;
        const pred = predictive[i]!;
        pit80 += expectedRandomizedCoverage(pred, nominalLevels(pred, res.calibration.level80), y, unit);
        pit95 += expectedRandomizedCoverage(pred, nominalLevels(pred, res.calibration.level95), y, unit);
      });
      out.push({
        origin,
        horizon: h,
        model: `${res.model}${res.transform === 'log1p' ? ' log1p' : ''}`,
        etsMase: mase(actual, ets, history),
        naiveMase: mase(actual, naive, history),
        etsSmape: smape(actual, ets),
        naiveSmape: smape(actual, naive),
        coverage80: in80 / h,
        coverage95: in95 / h,
        pitCoverage80: pit80 / h,
        pitCoverage95: pit95 / h,
      });
    }
  }
  return out;
}

/** A {@link BacktestCase} tagged with its series key and metric. */
export interface SeriesBacktestCase extends BacktestCase {
  key: string;
  metric: AdditiveMetric;
  /** Share of zero days in the history before the first origin (intermittency). */
  zeroShare: number;
}

/**
 * Runs {@link rollingOriginBacktest} on `metric` of each series after filling missing days with zeros
 * (`fillMissingDays`: a day without a row is a day the ad did not run). Same errors as
 * {@link rollingOriginBacktest}.
 */
export function backtestMetric(
  series: readonly DailySeries[],
  metric: AdditiveMetric,
  opts: BacktestOptions = {},
): SeriesBacktestCase[] {
  return series.flatMap((s) => {
    const values = fillMissingDays(s).points.map((p) => p[metric]);
    const head = values.slice(0, opts.firstOrigin ?? 56);
    const zeroShare = head.length ? head.filter((v) => v === 0).length / head.length : 0;
    return rollingOriginBacktest(values, opts).map((c) => ({ ...c, key: s.key, metric, zeroShare }));
  });
}

/** Averages over cases of one horizon. MASE means skip cases where MASE is undefined (`maseCases`). */
export interface BacktestSummary {
  horizon: number;
  cases: number;
  maseCases: number;
  etsMase: number;
  naiveMase: number;
  etsSmape: number;
  naiveSmape: number;
  /** Share of MASE-defined cases where ETS has the lower MASE (ties count half). */
  etsWinShare: number;
  coverage80: number;
  coverage95: number;
  /** Mean randomized-PIT coverage ({@link BacktestCase.pitCoverage80}). */
  pitCoverage80: number;
  pitCoverage95: number;
}

/** Per-horizon arithmetic means of {@link BacktestCase} scores, horizons ascending. */
export function summarizeBacktest(cases: readonly BacktestCase[]): BacktestSummary[] {
  const horizons = [...new Set(cases.map((c) => c.horizon))].sort((a, b) => a - b);
  const avg = (xs: number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : Number.NaN);
  return horizons.map((horizon) => {
    const cs = cases.filter((c) => c.horizon === horizon);
    const ms = cs.filter((c) => Number.isFinite(c.etsMase) && Number.isFinite(c.naiveMase));
    return {
      horizon,
      cases: cs.length,
      maseCases: ms.length,
      etsMase: avg(ms.map((c) => c.etsMase)),
      naiveMase: avg(ms.map((c) => c.naiveMase)),
      etsSmape: avg(cs.map((c) => c.etsSmape)),
      naiveSmape: avg(cs.map((c) => c.naiveSmape)),
      etsWinShare: avg(ms.map((c) => (c.etsMase < c.naiveMase ? 1 : c.etsMase === c.naiveMase ? 0.5 : 0))),
      coverage80: avg(cs.map((c) => c.coverage80)),
      coverage95: avg(cs.map((c) => c.coverage95)),
      pitCoverage80: avg(cs.map((c) => c.pitCoverage80)),
      pitCoverage95: avg(cs.map((c) => c.pitCoverage95)),
    };
  });
}

/**
 * Markdown table rows `| label | h | cases | MASE ETS | MASE naive | sMAPE ETS | sMAPE naive | ETS wins |
 * 80% cov | 95% cov |` for {@link summarizeBacktest} output (used by tests and the docs).
 */
export function backtestTableRows(label: string, summaries: readonly BacktestSummary[]): string[] {
  const f = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const pct = (x: number): string => `${Math.round(100 * x)}%`;
  return summaries.map(
    (s) =>
      `| ${label} | ${s.horizon} | ${s.cases} | ${f(s.etsMase)} | ${f(s.naiveMase)} | ${f(s.etsSmape, 1)} | ` +
      `${f(s.naiveSmape, 1)} | ${pct(s.etsWinShare)} | ${pct(s.coverage80)} | ${pct(s.coverage95)} |`,
  );
}
