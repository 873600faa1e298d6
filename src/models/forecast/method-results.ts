/**
 * Forecast days of each method ({@link ForecastMethod}): ETS (ets-model.ts), TSB (tsb.ts) and seasonal
 * naive (FPP3 §5.2, bands of seasonal-naive-bands.ts), from their predictive distributions
 * (predictive.ts), with bands calibrated on the series' own backtest (calibration.ts).
 */
import { addDays } from '../../kernel/dates/calendar-day.ts';
import { seasonalNaiveForecast } from './accuracy.ts';
import { calibratedBands, IDENTITY, type Recalibration } from './calibration.ts';
import type { EtsFit } from './ets-fit.ts';
import { etsForecastVariance, etsPointForecast } from './ets-model.ts';
import { etsPredictive, type Predictive, seasonalNaivePredictive, tsbPredictive } from './predictive.ts';
import { seasonalResiduals } from './seasonal-naive-bands.ts';
import { fitTsb, type TsbFit } from './tsb.ts';

/** One forecast day (the fields of `ForecastPoint`, forecast.ts). */
export interface MethodPoint {
  date?: string;
  step: number;
  mean: number;
  median: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/**
 * A forecast day from its predictive distribution: `mean`, the median and the 80 % / 95 % bands of
 * {@link calibratedBands} at the calibrated levels `r`. `step` is 1-based; the date is added when given.
 */
export function forecastDay(
  pred: Predictive,
  mean: number,
  r: Recalibration,
  step: number,
  startDate?: string,
): MethodPoint {
  return {
    ...(startDate ? { date: addDays(startDate, step - 1) } : {}),
    step,
    mean: Math.max(0, mean),
    median: pred.median,
    ...calibratedBands(pred, r),
  };
}

/**
 * The `horizon` forecast days of an ETS fit on scale `transform` as predictive distributions on the
 * scale of y: N(μ_h, v_h) on the fitting scale, v_h of Hyndman et al. (2008) Table 6.1.
 */
export function etsDays(fit: EtsFit, transform: 'none' | 'log1p', horizon: number): Predictive[] {
  const mu = etsPointForecast(fit.spec, fit.params, fit.final, horizon);
  const v = etsForecastVariance(fit.spec, fit.params, fit.sigma2, horizon);
  return mu.map((m, i) => etsPredictive(m, Math.sqrt(v[i]!), transform));
}

/**
 * The ETS forecast days: median expm1(μ_h) and mean exp(μ_h + v_h/2) − 1 (the lognormal mean) on the
 * log1p scale, μ_h on the raw scale; bands at the levels of `r`.
 */
export function etsForecast(
  fit: EtsFit,
  transform: 'none' | 'log1p',
  horizon: number,
  startDate: string | undefined,
  r: Recalibration,
): MethodPoint[] {
  const mu = etsPointForecast(fit.spec, fit.params, fit.final, horizon);
  const v = etsForecastVariance(fit.spec, fit.params, fit.sigma2, horizon);
  return etsDays(fit, transform, horizon).map((pred, i) => {
    const mean = transform === 'log1p' ? Math.exp(mu[i]! + v[i]! / 2) - 1 : mu[i]!;
    return forecastDay(pred, mean, r, i + 1, startDate);
  });
}

/**
 * The TSB forecast of `values` for `horizon` days: the same distribution every day (p·z mean,
 * predictive.ts's mixture), bands at the calibrated levels `r` (default nominal).
 */
export function tsbForecast(
  values: readonly number[],
  horizon: number,
  startDate?: string,
  r: Recalibration = IDENTITY,
): { fit: TsbFit; forecast: MethodPoint[] } {
  const fit = fitTsb(values);
  const pred = tsbPredictive(fit);
  const day = forecastDay(pred, fit.probability * fit.size, r, 1);
  const forecast = Array.from({ length: horizon }, (_, i) => ({
    ...day,
    ...(startDate ? { date: addDays(startDate, i) } : {}),
    step: i + 1,
  }));
  return { fit, forecast };
}

/**
 * The seasonal naive forecast of `values` (≥ 7 days) for `horizon` days, with empirical bands
 * (seasonal-naive-bands.ts) at the calibrated levels `r` (default nominal).
 */
export function seasonalNaiveDays(
  values: readonly number[],
  horizon: number,
  startDate?: string,
  r: Recalibration = IDENTITY,
): MethodPoint[] {
  return seasonalNaivePredictives(values, horizon).map((pred, i) =>
    forecastDay(pred, pred.median, r, i + 1, startDate),
  );
}

/**
 * The seasonal naive days of `values` (≥ 7 days) for `horizon` steps as predictive distributions:
 * the point y_{n−7+((h−1) mod 7)+1} and the one-season residuals grown by √(k + 1) (FPP3 §5.5).
 */
export function seasonalNaivePredictives(values: readonly number[], horizon: number): Predictive[] {
  const residuals = seasonalResiduals(values);
  return seasonalNaiveForecast(values, horizon).map((point, i) =>
    seasonalNaivePredictive(point, residuals, i + 1),
  );
}
