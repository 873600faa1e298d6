/**
 * Forecast days of the non-ETS methods ({@link ForecastMethod}): TSB (tsb.ts) and seasonal naive
 * (FPP3 §5.2, bands of seasonal-naive-bands.ts), in the shape of the ETS forecast's days.
 */
import { addDays } from '../../kernel/dates/calendar-day.ts';
import { seasonalNaiveForecast } from './accuracy.ts';
import { seasonalNaiveQuantile, seasonalResiduals } from './seasonal-naive-bands.ts';
import { fitTsb, type TsbFit, tsbQuantile } from './tsb.ts';

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

/** The TSB forecast of `values` for `horizon` days: the same distribution every day (p·z mean). */
export function tsbForecast(
  values: readonly number[],
  horizon: number,
  startDate?: string,
): { fit: TsbFit; forecast: MethodPoint[] } {
  const fit = fitTsb(values);
  const q = (p: number) => tsbQuantile(fit, p);
  const day = { mean: fit.probability * fit.size, median: q(0.5), lower80: q(0.1), upper80: q(0.9) };
  const band95 = { lower95: q(0.025), upper95: q(0.975) };
  const forecast = Array.from({ length: horizon }, (_, i) => ({
    ...(startDate ? { date: addDays(startDate, i) } : {}),
    step: i + 1,
    ...day,
    ...band95,
  }));
  return { fit, forecast };
}

/** The seasonal naive forecast of `values` (≥ 7 days) for `horizon` days, with empirical bands. */
export function seasonalNaiveDays(
  values: readonly number[],
  horizon: number,
  startDate?: string,
): MethodPoint[] {
  const points = seasonalNaiveForecast(values, horizon);
  const residuals = seasonalResiduals(values);
  return points.map((point, i) => {
    const q = (p: number) => seasonalNaiveQuantile(point, residuals, i + 1, p);
    return {
      ...(startDate ? { date: addDays(startDate, i) } : {}),
      step: i + 1,
      mean: point,
      median: point,
      lower80: q(0.1),
      upper80: q(0.9),
      lower95: q(0.025),
      upper95: q(0.975),
    };
  });
}
