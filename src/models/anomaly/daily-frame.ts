import { fromDayNumber, weekdayOfDayNumber } from '../../kernel/dates/calendar-day.ts';
import { ADDITIVE_METRICS, type AdditiveMetric, type DailySeries } from '../daily-metrics.ts';
import { float64Views } from './robust.ts';

/**
 * Column view of a validated {@link DailySeries} restricted to the days the scan tests, with each
 * day's UTC weekday (0 = Sunday).
 */
export interface DailyFrame {
  /** `YYYY-MM-DD` of each kept day, ascending. */
  dates: string[];
  /** UTC day number (days since 1970-01-01) of each kept day. */
  dayNumbers: Int32Array;
  weekdays: Uint8Array;
  columns: Record<AdditiveMetric, Float64Array>;
}

/** Weekday (0 = Sunday) of a UTC day number. */

/**
 * Builds the frame. `'skip'`: keeps the days with any non-zero metric (missing days and all-zero days
 * are left out). `'zero'`: every calendar day from the first to the last point, gaps as zeros (the
 * rule of `fillMissingDays`).
 *
 * @param days UTC day numbers of `series.points` (from `validateSeries`).
 */
export function buildFrame(series: DailySeries, days: Int32Array, inactive: 'skip' | 'zero'): DailyFrame {
  const pts = series.points;
  const span = pts.length === 0 ? 0 : days[pts.length - 1] - days[0] + 1;
  const size = inactive === 'zero' ? span : pts.length;
  const views = float64Views(ADDITIVE_METRICS.length, size);
  const columns = {} as Record<AdditiveMetric, Float64Array>;
  ADDITIVE_METRICS.forEach((m, i) => {
    columns[m] = views[i];
  });
  const weekdays = new Uint8Array(size);
  const dayNumbers = new Int32Array(size);
  const dates: string[] = [];
  let k = 0;
  for (let i = 0; i < pts.length; i++) {
    const p = pts[i];
    if (inactive === 'zero') {
      // Fill the gap before this point with zero days.
      while (dates.length < days[i] - days[0]) {
        const d = days[0] + dates.length;
        weekdays[dates.length] = weekdayOfDayNumber(d);
        dayNumbers[dates.length] = d;
        dates.push(fromDayNumber(d));
      }
      k = dates.length;
    } else if (
      p.impressions === 0 &&
      p.clicks === 0 &&
      p.spendMinor === 0 &&
      p.conversions === 0 &&
      p.revenueMinor === 0
    ) {
      continue;
    }
    for (const m of ADDITIVE_METRICS) columns[m][k] = p[m];
    weekdays[k] = weekdayOfDayNumber(days[i]);
    dayNumbers[k] = days[i];
    dates.push(p.date);
    k++;
  }
  if (k < size) {
    for (const m of ADDITIVE_METRICS) columns[m] = columns[m].subarray(0, k);
    return { dates, dayNumbers: dayNumbers.subarray(0, k), weekdays: weekdays.subarray(0, k), columns };
  }
  return { dates, dayNumbers, weekdays, columns };
}
