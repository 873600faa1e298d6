/** Input validation of `forecastSeries` (forecast.ts). */
import { isCalendarDay } from '../../kernel/dates/calendar-day.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { ETS_MODELS, type EtsModelName, parseEtsName } from './ets-model.ts';

function invalid(path: string, message: string): OmnifyError {
  return new OmnifyError('OMNIFY_ERR_VALIDATION', message, { fields: [{ path, message }] });
}

/**
 * Throws OMNIFY_ERR_VALIDATION (with the JSON pointer of the field) for `values` that are not finite
 * numbers ≥ 0, a horizon that is not an integer 1..`maxHorizon` (default 14 when absent), a malformed
 * `startDate` (UTC `YYYY-MM-DD`), an unknown transform or ETS model name.
 */
export function validateForecastInput(
  values: readonly number[],
  opts: { horizon?: number; startDate?: string; transform?: string; models?: readonly EtsModelName[] },
  maxHorizon: number,
): void {
  if (!Array.isArray(values)) throw invalid('/values', 'must be an array of numbers');
  const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0);
  if (bad >= 0) throw invalid(`/values/${bad}`, 'must be a finite number ≥ 0');
  const h = opts.horizon ?? 14;
  if (!Number.isInteger(h) || h < 1 || h > maxHorizon) {
    throw invalid('/horizon', `must be an integer from 1 to ${maxHorizon}`);
  }
  const d = opts.startDate;
  if (d !== undefined && !isCalendarDay(d)) {
    throw invalid('/startDate', 'must be a UTC date YYYY-MM-DD');
  }
  const t = opts.transform ?? 'log1p';
  if (t !== 'none' && t !== 'log1p' && t !== 'auto')
    throw invalid('/transform', "must be 'none', 'log1p' or 'auto'");
  opts.models?.forEach((m, i) => {
    if (!parseEtsName(m)) throw invalid(`/models/${i}`, `must be one of ${ETS_MODELS.join(', ')}`);
  });
}
