import { dayNumber, fromDayNumber } from '../../kernel/dates/calendar-day.ts';
import { sortedMedian } from './robust.ts';

/**
 * Yearly seasonality for the anomaly scan, learned only when the history is long enough: with at
 * least {@link MIN_YEARLY_SPAN_DAYS} days between the first and last day, each day's yearly effect
 * is the median of the weekly-decomposition residuals around the same calendar day (± {@link
 * YEARLY_HALF_WINDOW} day, so a 3-day holiday is a majority of each window; 29 February is the 28th in
 * other years) of the **other** years in the series — the seasonal-subseries idea of STL (Cleveland et al. 1990) with a period of one year,
 * left-one-year-out so a day never explains itself. A holiday dip seen every year is then expected
 * and not flagged; one that is new this year still is. Days with fewer than
 * {@link MIN_YEARLY_VALUES} values in other years get no effect (0).
 */

/** Shortest span (last − first day) from which yearly effects are learned: two years. */
export const MIN_YEARLY_SPAN_DAYS = 730;
/** Days on either side of the same calendar day in another year. */
export const YEARLY_HALF_WINDOW = 1;
/** Fewest other-year values for a day's effect. */
export const MIN_YEARLY_VALUES = 3;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Yearly effect per point of `residual` (aligned with `dayNumbers`, UTC day numbers ascending), or
 * null when the series spans less than {@link MIN_YEARLY_SPAN_DAYS}.
 *
 * @throws RangeError when the two arrays differ in length.
 */
export function yearlyEffects(
  residual: ArrayLike<number>,
  dayNumbers: ArrayLike<number>,
): Float64Array | null {
  const n = residual.length;
  if (dayNumbers.length !== n)
    throw new RangeError('yearlyEffects: residual and dayNumbers differ in length');
  if (n === 0 || dayNumbers[n - 1] - dayNumbers[0] < MIN_YEARLY_SPAN_DAYS) return null;
  const first = dayNumbers[0];
  const index = new Int32Array(dayNumbers[n - 1] - first + 1).fill(-1);
  for (let t = 0; t < n; t++) index[dayNumbers[t] - first] = t;
  const out = new Float64Array(n);
  const buf: number[] = [];
  const firstYear = Number(fromDayNumber(first).slice(0, 4));
  const lastYear = Number(fromDayNumber(dayNumbers[n - 1]).slice(0, 4));
  for (let t = 0; t < n; t++) {
    buf.length = 0;
    const date = fromDayNumber(dayNumbers[t]);
    const year = Number(date.slice(0, 4));
    const md = date.slice(5);
    for (let y = firstYear; y <= lastYear; y++) {
      if (y === year) continue;
      // The same calendar day in year y (29 February falls on the 28th in other years).
      const centre = dayNumber(
        `${String(y).padStart(4, '0')}-${md === '02-29' && !isLeap(y) ? '02-28' : md}`,
      );
      for (let j = -YEARLY_HALF_WINDOW; j <= YEARLY_HALF_WINDOW; j++) {
        const i = centre + j - first;
        if (i >= 0 && i < index.length && index[i] >= 0) buf.push(residual[index[i]]);
      }
    }
    if (buf.length >= MIN_YEARLY_VALUES) {
      buf.sort((a, b) => a - b);
      out[t] = sortedMedian(buf);
    }
  }
  return out;
}
