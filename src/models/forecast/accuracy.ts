/**
 * The seasonal naive benchmark and the scale-free accuracy measures used to judge forecasts, after
 * R. J. Hyndman & A. B. Koehler, "Another look at measures of forecast accuracy", International
 * Journal of Forecasting 22(4) (2006) 679–688 (MASE: §3, eq. for q_t with the seasonal naive scale;
 * sMAPE: §2), and FPP3 (Hyndman & Athanasopoulos 2021) §5.2 (benchmarks) and §5.8 (accuracy).
 */
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { WEEKLY_PERIOD } from './ets-model.ts';

function validationError(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', message, { fields: [{ path, message }] });
}

/**
 * Seasonal naive forecasts ŷ_{n+h} = y_{n+h−m(⌊(h−1)/m⌋+1)} for h = 1..horizon: each day repeats the
 * same weekday of the last observed season (FPP3 §5.2). `history` is in time order (length ≥ m);
 * `m` defaults to 7 days. Throws OMNIFY_ERR_VALIDATION when the history is shorter than m or the
 * horizon is not a positive integer.
 */
export function seasonalNaiveForecast(
  history: readonly number[],
  horizon: number,
  m = WEEKLY_PERIOD,
): number[] {
  if (!Number.isInteger(horizon) || horizon < 1)
    throw validationError('/horizon', 'must be a positive integer');
  if (!Number.isInteger(m) || m < 1) throw validationError('/m', 'season length must be a positive integer');
  const n = history.length;
  if (n < m) throw validationError('/history', `needs at least one season (${m} values), got ${n}`);
  const out: number[] = [];
  for (let h = 1; h <= horizon; h++) out.push(history[n + h - m * (Math.floor((h - 1) / m) + 1) - 1]);
  return out;
}

/** Mean absolute error of two equal-length arrays. Throws OMNIFY_ERR_VALIDATION on a length mismatch. */
export function mae(actual: readonly number[], forecast: readonly number[]): number {
  if (actual.length !== forecast.length || actual.length === 0) {
    throw validationError('/forecast', 'actual and forecast must be non-empty and of equal length');
  }
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i]);
  return s / actual.length;
}

/**
 * In-sample MAE of the one-step seasonal naive method, (1/(n−m)) Σ_{t=m+1}^{n} |y_t − y_{t−m}|: the
 * MASE denominator (Hyndman & Koehler 2006, §3). Throws OMNIFY_ERR_VALIDATION when n ≤ m.
 */
export function seasonalNaiveScale(history: readonly number[], m = WEEKLY_PERIOD): number {
  const n = history.length;
  if (n <= m) throw validationError('/history', `needs more than one season (${m} values), got ${n}`);
  let s = 0;
  for (let t = m; t < n; t++) s += Math.abs(history[t] - history[t - m]);
  return s / (n - m);
}

/**
 * Mean absolute scaled error: MAE of the forecast over the out-of-sample `actual` values divided by
 * {@link seasonalNaiveScale} of the in-sample `history` (Hyndman & Koehler 2006, §3, seasonal form).
 * Below 1 means better than the in-sample one-step seasonal naive method. Returns `NaN` when the
 * scale is 0 (a history that repeats exactly every m days, e.g. all zeros): MASE is undefined there.
 */
export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  history: readonly number[],
  m = WEEKLY_PERIOD,
): number {
  const scale = seasonalNaiveScale(history, m);
  return scale > 0 ? mae(actual, forecast) / scale : Number.NaN;
}

/**
 * Symmetric MAPE in percent, (100/h) Σ 2|y − ŷ| / (|y| + |ŷ|) (Hyndman & Koehler 2006, §2, with
 * the absolute values in the denominator of the M4 definition, Makridakis, Spiliotis & Assimakopoulos,
 * IJF 36 (2020) 54–74, so it stays in [0, 200]). A day with
 * y = ŷ = 0 contributes 0. Throws OMNIFY_ERR_VALIDATION on a length mismatch.
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  if (actual.length !== forecast.length || actual.length === 0) {
    throw validationError('/forecast', 'actual and forecast must be non-empty and of equal length');
  }
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (d > 0) s += (2 * Math.abs(actual[i] - forecast[i])) / d;
  }
  return (100 * s) / actual.length;
}
