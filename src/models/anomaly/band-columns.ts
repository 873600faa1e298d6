import { addDays, dayNumber } from '../../kernel/dates/calendar-day.ts';
import type { BandPoint } from './scan-result.ts';

/**
 * A metric's charted days ({@link BandPoint}s) stored as columns: the form in which a run keeps the
 * bands of every scanned subject (99 % of an anomaly result). Without a key and a date string per day,
 * and with the band's edges and expectation rounded to 6 significant digits (far below what a chart
 * shows; the observed `value` is kept exactly), the stored JSON is about a third of the rows' size,
 * which is what a run of ten thousand ads moves between threads and into the database.
 */
export interface BandColumns {
  /** First charted day (`YYYY-MM-DD`, UTC calendar day). */
  from: string;
  /** Each point's day as days after `from` (ascending). */
  day: number[];
  value: (number | null)[];
  expected: number[];
  lower: number[];
  upper: (number | null)[];
}

/** 10^k for k = −350 … 349 at index k + 350, each parsed from its decimal form (exactly rounded). */
const POWERS_OF_TEN = Float64Array.from({ length: 700 }, (_, i) => Number(`1e${i - 350}`));

/**
 * `x` to 6 significant digits (0, ±∞ and NaN unchanged), exact in its decimal form. The power of ten
 * is read from a table: `10 ** k` made this a third slower, and a run rounds about 30 million values.
 */
export function round6(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = Math.floor(Math.log10(Math.abs(x)));
  if (e >= 5) {
    const p = POWERS_OF_TEN[e - 5 + 350];
    return Math.round(x / p) * p;
  }
  const s = POWERS_OF_TEN[5 - e + 350];
  return Math.round(x * s) / s;
}

/** {@link BandColumns} of `points` (sorted by date, as the scan gives them); null for none. */
export function toBandColumns(points: readonly BandPoint[]): BandColumns | null {
  if (points.length === 0) return null;
  const from = points[0].date;
  const base = dayNumber(from);
  const out: BandColumns = { from, day: [], value: [], expected: [], lower: [], upper: [] };
  for (const p of points) {
    out.day.push(dayNumber(p.date) - base);
    out.value.push(p.value);
    out.expected.push(round6(p.expected));
    out.lower.push(round6(p.lower));
    out.upper.push(p.upper === null ? null : round6(p.upper));
  }
  return out;
}

/** The {@link BandPoint}s of stored {@link BandColumns} (the inverse of {@link toBandColumns}). */
export function fromBandColumns(c: BandColumns): BandPoint[] {
  return c.day.map((d, i) => ({
    date: addDays(c.from, d),
    value: c.value[i],
    expected: c.expected[i],
    lower: c.lower[i],
    upper: c.upper[i],
  }));
}

/** A scan result with its `bands` as {@link BandColumns} under `bandColumns` (the stored form). */
export function withBandColumns<T extends { bands: Partial<Record<string, BandPoint[]>> }>(
  scan: T,
): Omit<T, 'bands'> & { bandColumns: Record<string, BandColumns> } {
  const { bands, ...rest } = scan;
  const bandColumns: Record<string, BandColumns> = {};
  for (const [metric, points] of Object.entries(bands)) {
    const c = points ? toBandColumns(points) : null;
    if (c) bandColumns[metric] = c;
  }
  return { ...rest, bandColumns };
}

/**
 * A stored scan result as clients read it: `bandColumns` back to `bands` (rows per metric). Results
 * stored before bands were columns (with `bands`) are returned unchanged.
 */
export function withBandRows(stored: Record<string, unknown>): Record<string, unknown> {
  const columns = stored.bandColumns as Record<string, BandColumns> | undefined;
  if (!columns) return stored;
  const { bandColumns: _, ...rest } = stored;
  const bands: Record<string, BandPoint[]> = {};
  for (const [metric, c] of Object.entries(columns)) bands[metric] = fromBandColumns(c);
  return { ...rest, bands };
}
