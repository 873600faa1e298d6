/**
 * Daily series as columns, the form a workspace's ad series take on the API's thread for a model
 * run and cross to a fit's worker thread in: one typed array per metric for all the series' days,
 * on SharedArrayBuffers, instead of about a million small point objects. The structured clone
 * serialized those one by one on the API's thread (10,000 ads × 90 days held it for up to a third
 * of a second), and while a run held them every full garbage collection of that thread had to mark
 * them (77 MB of its 150 MB heap in intel-scale; the atomic pauses were 60–95 ms). The columns are
 * built a slice at a time with a macrotask between slices and shared, not copied, with the worker,
 * which rebuilds the points there.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { dayNumber, fromDayNumber } from '../../../kernel/dates/calendar-day.ts';
import type { DailyMetrics, DailySeries } from '../../../models/daily-metrics.ts';

/** The numeric fields of a {@link DailyMetrics}, each a column. */
const METRICS = ['impressions', 'clicks', 'spendMinor', 'conversions', 'revenueMinor'] as const;
type Metric = (typeof METRICS)[number];

/**
 * A list of series as columns: `meta[i]` is series i without its points; its points are the rows
 * `offsets[i] .. offsets[i + 1]` of the columns; `day` holds each point's day as a day number (days
 * since 1970-01-01, see calendar-day.ts), the metric columns its values (money in minor units).
 * The typed arrays are views of SharedArrayBuffers: posted to a worker thread they are shared, and
 * neither side may write them afterwards.
 */
export type SeriesColumns<S extends DailySeries> = {
  meta: Omit<S, 'points'>[];
  offsets: Uint32Array;
  day: Int32Array;
} & Record<Metric, Float64Array>;

const shared = (bytes: number) => new SharedArrayBuffer(bytes);

/** Points converted per slice before {@link toSeriesColumns} lets other work of the thread run. */
const SLICE_POINTS = 10_000;

/**
 * {@link SeriesColumns} of `list` (in its order), converted about 10,000 points at a time with a
 * macrotask between slices. Extra fields of a point (beyond {@link DailyMetrics}) are not kept.
 *
 * @throws RangeError when a point's date is not a `YYYY-MM-DD` calendar day.
 */
export async function toSeriesColumns<S extends DailySeries>(list: readonly S[]): Promise<SeriesColumns<S>> {
  let total = 0;
  for (const s of list) total += s.points.length;
  const cols = {
    meta: [] as Omit<S, 'points'>[],
    offsets: new Uint32Array(shared(4 * (list.length + 1))),
    day: new Int32Array(shared(4 * total)),
  } as SeriesColumns<S>;
  for (const m of METRICS) cols[m] = new Float64Array(shared(8 * total));
  let row = 0;
  let sinceTick = 0;
  for (let i = 0; i < list.length; i++) {
    if (sinceTick >= SLICE_POINTS) {
      await nextMacrotask();
      sinceTick = 0;
    }
    const { points, ...meta } = list[i];
    cols.meta.push(meta);
    cols.offsets[i] = row;
    const { day, impressions, clicks, spendMinor, conversions, revenueMinor } = cols;
    for (const p of points) {
      day[row] = dayNumber(p.date);
      impressions[row] = p.impressions;
      clicks[row] = p.clicks;
      spendMinor[row] = p.spendMinor;
      conversions[row] = p.conversions;
      revenueMinor[row] = p.revenueMinor;
      row++;
    }
    sinceTick += points.length;
  }
  cols.offsets[list.length] = row;
  return cols;
}

/** The series of `cols` with their points rebuilt (the inverse of {@link toSeriesColumns}). */
export function fromSeriesColumns<S extends DailySeries>(cols: SeriesColumns<S>): S[] {
  return cols.meta.map((meta, i) => {
    const points: DailyMetrics[] = [];
    for (let r = cols.offsets[i]; r < cols.offsets[i + 1]; r++) {
      points.push({
        date: fromDayNumber(cols.day[r]),
        impressions: cols.impressions[r],
        clicks: cols.clicks[r],
        spendMinor: cols.spendMinor[r],
        conversions: cols.conversions[r],
        revenueMinor: cols.revenueMinor[r],
      });
    }
    return { ...meta, points } as S;
  });
}

/** No series, as columns (what a fit is sent for a list it does not read). */
export function emptySeriesColumns<S extends DailySeries>(): SeriesColumns<S> {
  const cols = {
    meta: [],
    offsets: new Uint32Array(shared(4)),
    day: new Int32Array(shared(0)),
  } as unknown as SeriesColumns<S>;
  for (const m of METRICS) cols[m] = new Float64Array(shared(0));
  return cols;
}
