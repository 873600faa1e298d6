/**
 * Daily forecasts 1–28 days ahead with 80% and 95% prediction intervals, from the additive-error ETS
 * models of Hyndman, Koehler, Ord & Snyder, "Forecasting with Exponential Smoothing: The State Space
 * Approach" (2008) / Hyndman & Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed., 2021)
 * ch. 8, chosen by AICc, fitted on the log1p scale by default.
 *
 * Daily ad metrics are non-negative and right-skewed, so by default the model is fitted to
 * z = log(1 + y): the forecast distribution is Gaussian on that scale and mapped back through expm1,
 * which keeps quantiles quantiles (FPP3 §5.6 and §13.3); the point `median` is expm1(μ_h) and the `mean`
 * the bias-adjusted exp(μ_h + v_h/2) − 1 (the lognormal mean). `transform: 'auto'` also fits the raw
 * scale and keeps whichever has the lower AICc, the log-scale AICc carrying the Jacobian term
 * 2 Σ log(1 + y_t) so both are likelihoods of y (the Jacobian of the transformation, as in G. E. P. Box &
 * D. R. Cox, "An analysis of transformations", JRSS B 26 (1964) 211–252). Without an explicit
 * transform, 'auto' is used when the history has a zero day (one paused day of a busy ad is a ten-unit
 * outlier on the log scale) and 'log1p' otherwise; this choice was validated by the rolling-origin
 * backtest in docs/intelligence/forecast.md. All outputs are clipped at 0 because the metrics cannot
 * be negative.
 *
 * The ETS model then competes with TSB (intermittent demand: Teunter, Syntetos & Babai 2011, tsb.ts)
 * and seasonal naive in a rolling-origin backtest on the series' last weeks (method-selection.ts),
 * and the method with the smallest error gives the forecast, so no series gets a forecast that did
 * worse than seasonal naive on its own history. The chosen method's 80 % and 95 % bands are its own
 * intervals at nominal levels calibrated on that same backtest (split conformal prediction, ties of
 * count data broken as in smoothed conformal prediction), starting at 0 when a zero day is likely
 * (calibration.ts).
 */
import { fitRecalibration, IDENTITY, type Recalibration } from './calibration.ts';
import { type EtsFit, etsMinObservations, fitEts, selectEts } from './ets-fit.ts';
import { type EtsModelName, WEEKLY_PERIOD } from './ets-model.ts';
import { validateForecastInput } from './forecast-validate.ts';
import {
  etsDays,
  etsForecast,
  seasonalNaiveDays,
  seasonalNaivePredictives,
  tsbForecast,
} from './method-results.ts';
import { type ForecastMethod, type MethodBacktest, selectMethod } from './method-selection.ts';
import { type Predictive, tsbPredictive } from './predictive.ts';

/** Scale the model is fitted on: the values themselves, or log(1 + y). */
export type ForecastTransform = 'none' | 'log1p';

/** Longest horizon accepted, in days. */
export const MAX_HORIZON = 28;
/** Fewest observations fitted: two weekly seasons plus four days. */
export const MIN_HISTORY = 2 * WEEKLY_PERIOD + 4;

/**
 * Default candidates: no trend or a damped trend, with and without weekly season. The undamped
 * ETS(A,A,·) models stay available through `models`, but are left out by default: on the log1p scale
 * an additive trend is exponential growth, and in our backtest on real creative series it extrapolated
 * a jump from 0 to ~20 conversions a day into 26,000 a day two weeks later, while the damped trend
 * (FPP3 §8.2) never did so and scored the same or better elsewhere (docs/intelligence/forecast.md).
 */
export const DEFAULT_MODELS: readonly EtsModelName[] = [
  'ETS(A,N,N)',
  'ETS(A,Ad,N)',
  'ETS(A,N,A)',
  'ETS(A,Ad,A)',
];

/** Options of {@link forecastSeries}. */
export interface ForecastOptions {
  /** Days ahead, integer 1..28 (default 14). */
  horizon?: number;
  /** UTC date `YYYY-MM-DD` of step 1 (the day after the last value); dates are added when given. */
  startDate?: string;
  /** Fitting scale: default `'log1p'`, or `'auto'` (AICc picks) when a value is 0; see the file comment. */
  transform?: ForecastTransform | 'auto';
  /** Candidate models (default {@link DEFAULT_MODELS}; any of `ETS_MODELS`). */
  models?: readonly EtsModelName[];
  /**
   * Choose between ETS, TSB and seasonal naive by rolling-origin cross-validation on the series'
   * last weeks (method-selection.ts; default true). False: ETS by AICc only.
   */
  selectMethod?: boolean;
}

/** One forecast day. Values are on the scale of the input (e.g. minor units), ≥ 0. */
export interface ForecastPoint {
  date?: string;
  /** Days after the last observation, 1..horizon. */
  step: number;
  mean: number;
  median: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/** A candidate model and scale with its AICc on the scale of y (`null` when the series is too short). */
export interface ForecastCandidate {
  model: EtsModelName;
  transform: ForecastTransform;
  aicc: number | null;
}

/** A successful forecast, with the evidence a dashboard shows (model, parameters, fit, candidates). */
export interface ForecastOk {
  status: 'ok';
  /** The method whose forecast this is, chosen by {@link selectMethod} (or `ets` without a backtest). */
  method: ForecastMethod;
  /** The model: the ETS model's name, `TSB` or `SNaive(7)`. */
  model: EtsModelName | 'TSB' | 'SNaive(7)';
  /** The rolling-origin backtest that chose the method; null when the history was too short for one. */
  backtest: MethodBacktest | null;
  /**
   * The nominal levels of the chosen method's own intervals shown as the 80 % and 95 % bands,
   * calibrated on its backtest days (calibration.ts); 0.8 and 0.95 (days 0) without a backtest.
   */
  calibration: Recalibration;
  /** Scale of the ETS fit (`none` for the other methods, which work on y itself). */
  transform: ForecastTransform;
  /**
   * Smoothing parameters: ETS `alpha`, and `beta`/`phi`/`gamma` when the model has that component;
   * TSB `alpha` (size) and `beta` (demand probability); none for seasonal naive.
   */
  params: { alpha?: number; beta?: number; gamma?: number; phi?: number };
  /** AICc of the ETS model (chosen by it among the ETS candidates) as a likelihood of y (Jacobian-adjusted on the log1p scale); also when another method was chosen. */
  aicc: number;
  /** The ETS model's one-step innovation variance on its fitting scale. */
  sigma2: number;
  /** Number of values fitted. */
  n: number;
  /** Final level / trend / seasonal states on the fitting scale (season in order of the next 7 days). */
  state: { level: number; trend?: number; season?: number[] };
  /** One-step-ahead fitted values on the scale of y (medians when log1p), length n. */
  fitted: number[];
  candidates: ForecastCandidate[];
  forecast: ForecastPoint[];
}

/** Returned instead of a forecast when the series is too short to fit. */
export interface InsufficientData {
  status: 'insufficient_data';
  reason: string;
  n: number;
  required: number;
}

export type ForecastResult = ForecastOk | InsufficientData;

/**
 * Forecasts a daily series `horizon` days past its last value. `values`: one number per consecutive
 * day (gaps already filled), each finite and ≥ 0, oldest first. Returns {@link ForecastOk}, or
 * {@link InsufficientData} when fewer than {@link MIN_HISTORY} (18) values are given. Throws
 * OMNIFY_ERR_VALIDATION for negative or non-finite values, a horizon outside 1..28, a malformed
 * `startDate`, an unknown transform or model.
 */
export function forecastSeries(values: readonly number[], opts: ForecastOptions = {}): ForecastResult {
  return forecastWithPredictive(values, opts).result;
}

/**
 * {@link forecastSeries} together with each forecast day's predictive distribution (predictive.ts) of
 * the method that gave it, whose quantiles at the calibrated levels are the day's bands; `predictive`
 * is empty for {@link InsufficientData}. Used to score the bands by the randomized PIT (pit.ts,
 * backtest.ts). Same errors as {@link forecastSeries}.
 */
export function forecastWithPredictive(
  values: readonly number[],
  opts: ForecastOptions = {},
): { result: ForecastResult; predictive: Predictive[] } {
  validateForecastInput(values, opts, MAX_HORIZON);
  const n = values.length;
  const none = (result: ForecastResult) => ({ result, predictive: [] });
  if (n < MIN_HISTORY) {
    return none({
      status: 'insufficient_data',
      reason: `need at least ${MIN_HISTORY} days (two weeks plus four days) to fit weekly seasonality, got ${n}`,
      n,
      required: MIN_HISTORY,
    });
  }
  const horizon = opts.horizon ?? 14;
  const models = opts.models ?? DEFAULT_MODELS;
  const mode = opts.transform ?? (values.includes(0) ? 'auto' : 'log1p');
  const transforms: ForecastTransform[] = mode === 'auto' ? ['log1p', 'none'] : [mode];
  const jacobian = values.reduce((s, v) => s + 2 * Math.log1p(v), 0);
  const candidates: ForecastCandidate[] = [];
  let best: { fit: EtsFit; transform: ForecastTransform; aicc: number } | undefined;
  for (const transform of transforms) {
    const y = transform === 'log1p' ? values.map((v) => Math.log1p(v)) : values.slice();
    const shift = transform === 'log1p' ? jacobian : 0;
    const sel = selectEts(y, models);
    for (const c of sel.candidates) {
      candidates.push({ model: c.model, transform, aicc: c.aicc === null ? null : c.aicc + shift });
    }
    if (sel.best && (!best || sel.best.aicc + shift < best.aicc)) {
      best = { fit: sel.best, transform, aicc: sel.best.aicc + shift };
    }
  }
  if (!best) {
    return none({
      status: 'insufficient_data',
      reason: `none of the requested models can be fitted to ${n} days`,
      n,
      required: MIN_HISTORY,
    });
  }
  const chosen = best;
  const etsPredictive = etsDays(best.fit, best.transform, horizon);
  const etsResult = (r: Recalibration) =>
    buildResult(chosen.fit, chosen.transform, chosen.aicc, horizon, candidates, opts.startDate, r);
  if (opts.selectMethod === false) return { result: etsResult(IDENTITY), predictive: etsPredictive };
  const selection = selectMethod(values, horizon, MIN_HISTORY, (train, h) => {
    const y = chosen.transform === 'log1p' ? train.map((v) => Math.log1p(v)) : train;
    if (y.length < etsMinObservations(chosen.fit.spec)) return undefined;
    // Refitted on each origin's history from one start, the whole series' estimate, instead of
    // DEFAULT_STARTS' two: half the backtest's work.
    return etsDays(fitEts(y, chosen.fit.spec, WEEKLY_PERIOD, [chosen.fit.params]), chosen.transform, h);
  });
  let bt: MethodBacktest | null = null;
  let calibration = IDENTITY;
  if (selection) {
    const { heldOut, ...rest } = selection;
    bt = rest;
    calibration = fitRecalibration(heldOut[selection.chosen]);
  }
  const method = bt?.chosen ?? 'ets';
  const ets = etsResult(calibration);
  if (method === 'ets') return { result: { ...ets, backtest: bt }, predictive: etsPredictive };
  if (method === 'tsb') {
    const { fit, forecast } = tsbForecast(values, horizon, opts.startDate, calibration);
    const result: ForecastOk = {
      ...ets,
      method: 'tsb',
      model: 'TSB',
      backtest: bt,
      transform: 'none',
      params: { alpha: fit.alpha, beta: fit.beta },
      state: { level: fit.probability * fit.size },
      fitted: fit.fitted,
      forecast,
    };
    return { result, predictive: Array(horizon).fill(tsbPredictive(fit)) };
  }
  const result: ForecastOk = {
    ...ets,
    method: 'seasonal_naive',
    model: 'SNaive(7)',
    backtest: bt,
    transform: 'none',
    params: {},
    state: { level: values.slice(-WEEKLY_PERIOD).reduce((t, v) => t + v, 0) / WEEKLY_PERIOD },
    fitted: values.map((v, i) => (i >= WEEKLY_PERIOD ? values[i - WEEKLY_PERIOD]! : v)),
    forecast: seasonalNaiveDays(values, horizon, opts.startDate, calibration),
  };
  return { result, predictive: seasonalNaivePredictives(values, horizon) };
}

function buildResult(
  fit: EtsFit,
  transform: ForecastTransform,
  aicc: number,
  horizon: number,
  candidates: ForecastCandidate[],
  startDate: string | undefined,
  calibration: Recalibration,
): ForecastOk {
  const { spec, params } = fit;
  const back = (z: number): number => Math.max(0, transform === 'log1p' ? Math.expm1(z) : z);
  const hasTrend = spec.trend !== 'N';
  return {
    status: 'ok',
    method: 'ets',
    model: fit.model,
    backtest: null,
    calibration,
    transform,
    params: {
      alpha: params.alpha,
      ...(hasTrend ? { beta: params.beta } : {}),
      ...(spec.season === 'A' ? { gamma: params.gamma } : {}),
      ...(spec.trend === 'Ad' ? { phi: params.phi } : {}),
    },
    aicc,
    sigma2: fit.sigma2,
    n: fit.n,
    state: {
      level: fit.final.level,
      ...(hasTrend ? { trend: fit.final.trend } : {}),
      ...(spec.season === 'A' ? { season: fit.final.season } : {}),
    },
    fitted: fit.fitted.map(back),
    candidates,
    forecast: etsForecast(fit, transform, horizon, startDate, calibration),
  };
}
