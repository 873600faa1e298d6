import { addDays, dayNumber } from '../../kernel/dates/calendar-day.ts';
import type { BandPoint } from './scan-result.ts';

/**
 * A metric's charted days ({@link BandPoint}s) stored as columns: the form in which a run keeps the
 * bands of every scanned subject (99 % of an anomaly result). Without a key and a date string per day,
 * without the day offsets when the days follow each other (the usual case), and with the band's edges
 * and expectation, and fractional observed values (the ratios), rounded to 6 significant digits (far
 * below what a chart shows; whole observed values, counts and money in minor units, are kept
 * exactly), the stored JSON is about a third of the rows' size, which is what a run of ten thousand
 * ads moves between threads and into the database.
 */
export interface BandColumns {
  /** First charted day (`YYYY-MM-DD`, UTC calendar day). */
  from: string;
  /** Each point's day as days after `from` (ascending); absent when they are 0, 1, 2, … (no gaps). */
  day?: number[];
  value: (number | null)[];
  expected: number[];
  lower: number[];
  upper: (number | null)[];
}

/** 10^k for k = −310 … 309 at index k + 310, each parsed from its decimal form (exactly rounded). */
const POWERS_OF_TEN = Float64Array.from({ length: 620 }, (_, i) => Number(`1e${i - 310}`));

/**
 * `x` to 6 significant digits (0, ±∞, NaN and magnitudes under 1e-300 unchanged), exact in its
 * decimal form. The power of ten is read from a table: `10 ** k` made this a third slower, and a run
 * rounds about 30 million values.
 */
export function round6(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const e = Math.floor(Math.log10(Math.abs(x)));
  if (e >= 5) {
    const p = POWERS_OF_TEN[e - 5 + 310];
    return Math.round(x / p) * p;
  }
  // 10^(5 − e) would overflow for subnormal x (the scale is far below anything charted).
  if (e < -300) return x;
  const s = POWERS_OF_TEN[5 - e + 310];
  return Math.round(x * s) / s;
}

/** {@link BandColumns} of `points` (sorted by date, as the scan gives them); null for none. */
export function toBandColumns(points: readonly BandPoint[]): BandColumns | null {
  if (points.length === 0) return null;
  const from = points[0].date;
  const base = dayNumber(from);
  const n = points.length;
  const day: number[] = new Array(n);
  const out: BandColumns = {
    from,
    value: new Array(n),
    expected: new Array(n),
    lower: new Array(n),
    upper: new Array(n),
  };
  let consecutive = true;
  for (let i = 0; i < n; i++) {
    const p = points[i];
    day[i] = dayNumber(p.date) - base;
    if (day[i] !== i) consecutive = false;
    out.value[i] = p.value === null || Number.isInteger(p.value) ? p.value : round6(p.value);
    out.expected[i] = round6(p.expected);
    out.lower[i] = round6(p.lower);
    out.upper[i] = p.upper === null ? null : round6(p.upper);
  }
  return consecutive ? out : { ...out, day };
}

/** The {@link BandPoint}s of stored {@link BandColumns} (the inverse of {@link toBandColumns}). */
export function fromBandColumns(c: BandColumns): BandPoint[] {
  return c.value.map((value, i) => ({
    date: addDays(c.from, c.day ? c.day[i] : i),
    value,
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
