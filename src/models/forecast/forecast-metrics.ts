/**
 * Chart-ready forecasts of several metrics of one {@link DailySeries}: per metric the gap-filled
 * history (UTC dates), the one-step fitted values and the forecast bands of {@link forecastSeries}
 * (ETS after Hyndman, Koehler, Ord & Snyder 2008; FPP3 ch. 8).
 */

import { addDays } from '../../kernel/dates/calendar-day.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import {
  ADDITIVE_METRICS,
  type AdditiveMetric,
  type DailySeries,
  fillMissingDays,
} from '../daily-metrics.ts';
import { type ForecastOptions, type ForecastResult, forecastSeries } from './forecast.ts';

/** The metrics forecast by default: spend and revenue in minor units, conversions as counts. */
export const DEFAULT_FORECAST_METRICS: readonly AdditiveMetric[] = [
  'spendMinor',
  'conversions',
  'revenueMinor',
];

/** One metric's chart data. `history[i].date` lines up with `result.fitted[i]` when `status` is ok. */
export interface MetricForecast {
  metric: AdditiveMetric;
  /** Every day from the first to the last date of the series; missing days are 0 (not running). */
  history: { date: string; value: number }[];
  result: ForecastResult;
}

/** Output of {@link forecastMetrics}. Dates are UTC `YYYY-MM-DD`; money metrics are in minor units. */
export interface SeriesForecast {
  key: string;
  currency: string;
  /** Last observed date, `null` for an empty series. */
  lastDate: string | null;
  horizon: number;
  metrics: MetricForecast[];
}

/**
 * Forecasts `metrics` (default spend, conversions, revenue) of `series` `horizon` days (1..28,
 * default 14) past its last date. Missing days are filled with zeros first (`fillMissingDays`).
 * Each metric is an independent {@link forecastSeries} call; a too-short series gives
 * `status: 'insufficient_data'` per metric rather than an error. Throws OMNIFY_ERR_VALIDATION for an
 * unknown metric, dates out of order, negative values, or bad `opts` (see {@link forecastSeries}).
 */
export function forecastMetrics(
  series: DailySeries,
  metrics: readonly AdditiveMetric[] = DEFAULT_FORECAST_METRICS,
  horizon = 14,
  opts: Omit<ForecastOptions, 'horizon' | 'startDate'> = {},
): SeriesForecast {
  metrics.forEach((m, i) => {
    if (!ADDITIVE_METRICS.includes(m)) {
      throw new OmnifyError('OMNIFY_ERR_VALIDATION', `unknown metric ${m}`, {
        fields: [{ path: `/metrics/${i}`, message: `must be one of ${ADDITIVE_METRICS.join(', ')}` }],
      });
    }
  });
  const pts = series.points;
  for (let i = 1; i < pts.length; i++) {
    if (!(pts[i - 1].date < pts[i].date)) {
      throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'points must be sorted by date, one per day', {
        fields: [{ path: `/points/${i}/date`, message: 'not after the previous date' }],
      });
    }
  }
  const filled = fillMissingDays(series).points;
  const lastDate = filled.length ? filled[filled.length - 1].date : null;
  const startDate = lastDate ? addDays(lastDate, 1) : undefined;
  return {
    key: series.key,
    currency: series.currency,
    lastDate,
    horizon,
    metrics: metrics.map((metric) => {
      const history = filled.map((p) => ({ date: p.date, value: p[metric] }));
      const result = forecastSeries(
        history.map((h) => h.value),
        { ...opts, horizon, ...(startDate ? { startDate } : {}) },
      );
      return { metric, history, result };
    }),
  };
}
