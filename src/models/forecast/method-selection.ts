/**
 * Choosing a forecasting method per series by rolling-origin cross-validation ("evaluation on a
 * rolling forecasting origin", FPP3 §5.10; Tashman 2000): the series' last weeks are forecast from
 * earlier origins by each candidate, scored by the mean absolute error of the median forecast
 * (the MAE-optimal point), and the candidate with the smallest error is used. Seasonal naive is a
 * candidate, so no series is given a method that did worse than it on its own backtest.
 */
import type { HeldOut } from './calibration.ts';
import { WEEKLY_PERIOD } from './ets-model.ts';
import { seasonalNaivePredictives } from './method-results.ts';
import { type Predictive, tsbPredictive } from './predictive.ts';
import { fitTsb } from './tsb.ts';

/** The methods a forecast can use: ETS (AICc-chosen), TSB for intermittent demand, seasonal naive. */
export type ForecastMethod = 'ets' | 'tsb' | 'seasonal_naive';

/** Candidates in order of preference when two score the same. */
export const FORECAST_METHODS: readonly ForecastMethod[] = ['ets', 'tsb', 'seasonal_naive'];

/** Most origins of the selection backtest. */
export const SELECTION_ORIGINS = 4;

/** What the selection backtest found: the origins used, the window scored, each method's MAE. */
export interface MethodBacktest {
  /** Forecast origins used (each `horizon` days apart, the last `horizon` days before the end). */
  origins: number;
  /** Days forecast from each origin: min(horizon, 7). */
  horizon: number;
  /** Mean absolute error of each method's median forecast over all held-out days (scale of y). */
  mae: Record<ForecastMethod, number>;
  chosen: ForecastMethod;
}

/** Average inter-demand interval (days per non-zero day) from which demand counts as intermittent. */
export const INTERMITTENT_ADI = 1.32;

/**
 * Whether `values` is intermittent by the average inter-demand interval (ADI = days / non-zero days)
 * of A. A. Syntetos, J. E. Boylan & J. D. Croston, "On the categorization of demand patterns", JORS
 * 56 (2005) 495–503: ADI ≥ 1.32.
 */
export function isIntermittent(values: readonly number[]): boolean {
  const nonZero = values.filter((v) => v > 0).length;
  return nonZero === 0 || values.length / nonZero >= INTERMITTENT_ADI;
}

const meanAbsError = (actual: readonly number[], forecast: readonly number[]) =>
  actual.reduce((s, v, i) => s + Math.abs(v - (forecast[i] ?? 0)), 0) / actual.length;

/** {@link MethodBacktest} with every held-out day's forecast distribution per method (calibration.ts). */
export interface MethodSelection extends MethodBacktest {
  /** Per method, origins × horizon held-out days (fewer for ETS where it could not be fitted). */
  heldOut: Record<ForecastMethod, HeldOut[]>;
}

/**
 * Backtests the methods on `values` (daily, ≥ 0, oldest first): origins at n − H, n − 2H, … (at most
 * {@link SELECTION_ORIGINS}, H = min(horizon, 7)), each keeping at least `minTrain` days of history.
 * `etsDays(train, h)` forecasts with the ETS model already chosen for the whole series (h predictive
 * days, scored by their medians), or undefined when it cannot be fitted to `train` (then ETS scores
 * +∞ there). Returns null when not even one origin fits (a short history: ETS by AICc alone is used).
 */
export function selectMethod(
  values: readonly number[],
  horizon: number,
  minTrain: number,
  etsDays: (train: readonly number[], h: number) => Predictive[] | undefined,
): MethodSelection | null {
  const h = Math.min(horizon, WEEKLY_PERIOD);
  const errors: Record<ForecastMethod, number> = { ets: 0, tsb: 0, seasonal_naive: 0 };
  const heldOut: Record<ForecastMethod, HeldOut[]> = { ets: [], tsb: [], seasonal_naive: [] };
  let origins = 0;
  for (let j = 1; j <= SELECTION_ORIGINS; j++) {
    const origin = values.length - j * h;
    if (origin < minTrain) break;
    const train = values.slice(0, origin);
    const actual = values.slice(origin, origin + h);
    const days: Record<ForecastMethod, Predictive[] | undefined> = {
      ets: etsDays(train, h),
      tsb: Array(h).fill(tsbPredictive(fitTsb(train))),
      seasonal_naive: seasonalNaivePredictives(train, h),
    };
    for (const m of FORECAST_METHODS) {
      const d = days[m];
      if (!d) {
        errors[m] = Number.POSITIVE_INFINITY;
        continue;
      }
      errors[m] += meanAbsError(
        actual,
        d.map((p) => p.median),
      );
      actual.forEach((y, i) => {
        heldOut[m].push({ pred: d[i]!, y });
      });
    }
    origins++;
  }
  if (origins === 0) return null;
  const mae = {
    ets: errors.ets / origins,
    tsb: errors.tsb / origins,
    seasonal_naive: errors.seasonal_naive / origins,
  };
  // TSB competes only on intermittent series (Syntetos, Boylan & Croston 2005: average inter-demand
  // interval ≥ 1.32 days); on regular ones it would win a short backtest by chance now and then.
  const candidates = isIntermittent(values) ? FORECAST_METHODS : FORECAST_METHODS.filter((m) => m !== 'tsb');
  let chosen: ForecastMethod = 'ets';
  for (const m of candidates) if (mae[m] < mae[chosen]) chosen = m;
  return { origins, horizon: h, mae, chosen, heldOut };
}
