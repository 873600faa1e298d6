import { Buffer } from 'node:buffer';
import { addDays, dayNumber } from '../../kernel/dates/calendar-day.ts';
import type { BandPoint } from './scan-result.ts';

/**
 * A metric's charted days ({@link BandPoint}s) as a run stores them (99 % of an anomaly result): the
 * four series (observed value, expectation, lower and upper edge) as one block of IEEE 754 numbers,
 * little-endian, in base64, with no key or date string per day and no day offsets when the days
 * follow each other (the usual case). 32-bit floats (7 significant digits, far below what a chart
 * shows) unless a number would lose more as one: a whole number beyond 2^24 (counts and money in
 * minor units are kept exactly) or a magnitude outside 32-bit floats' normal range; then 64-bit.
 * Formatting ten thousand ads' 42 million band numbers as JSON decimals took 7–8 s of a run's fit
 * thread (about 170 ns each); the blocks take well under a second and are about 70 % of that JSON's
 * size. Decoded by {@link fromBandColumns}.
 */
export interface BandColumns {
  /** First charted day (`YYYY-MM-DD`, UTC calendar day). */
  from: string;
  /** Each point's day as days after `from` (ascending); absent when they are 0, 1, 2, … (no gaps). */
  day?: number[];
  /** Element type of `data`. */
  dtype: 'float32' | 'float64';
  /**
   * Base64 of n values, then n expectations, n lower and n upper edges (4n numbers, little-endian);
   * NaN where the value or the upper edge is null.
   */
  data: string;
}

/**
 * The stored form of results written before 2026-12-08: the four series as JSON number arrays
 * (fractional numbers to 6 significant digits). Still decoded by {@link fromBandColumns} until the
 * next run replaces them.
 */
export interface NumberBandColumns {
  from: string;
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
 * decimal form: how a stored band's fractional numbers are charted (a 32-bit float's 7 digits print
 * as 9 or more in a double). The power of ten is read from a table: `10 ** k` made this a third slower.
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

/** Whole numbers up to this magnitude are exact as 32-bit floats. */
const FLOAT32_EXACT = 2 ** 24;
/** The smallest and largest magnitudes a 32-bit float holds to its full 7 digits (normal numbers). */
const FLOAT32_MIN_NORMAL = 2 ** -126;
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Whether `x` loses more than 32-bit rounding as a 32-bit float: a whole number past 2^24, or a
 * magnitude outside the normal range.
 */
function needsFloat64(x: number | null): boolean {
  if (x === null || x === 0 || !Number.isFinite(x)) return false;
  const m = Math.abs(x);
  return m < FLOAT32_MIN_NORMAL || m > FLOAT32_MAX || (m > FLOAT32_EXACT && Number.isInteger(x));
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The bytes of `a` as little-endian base64. */
function base64LittleEndian(a: Float32Array | Float64Array): string {
  const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  if (!LITTLE_ENDIAN) a instanceof Float32Array ? bytes.swap32() : bytes.swap64();
  return bytes.toString('base64');
}

/** The numbers of little-endian base64 `data` of element type `dtype`. */
function fromBase64LittleEndian(data: string, dtype: BandColumns['dtype']): Float32Array | Float64Array {
  const bytes = Buffer.from(data, 'base64');
  if (!LITTLE_ENDIAN) dtype === 'float32' ? bytes.swap32() : bytes.swap64();
  // A copy: Buffer.from may answer a view of its shared pool at an offset not aligned for floats.
  // Trailing bytes short of a whole number are ignored.
  const aligned = new Uint8Array(bytes).buffer;
  return dtype === 'float32'
    ? new Float32Array(aligned, 0, aligned.byteLength >> 2)
    : new Float64Array(aligned, 0, aligned.byteLength >> 3);
}

/** {@link BandColumns} of `points` (sorted by date, as the scan gives them); null for none. */
export function toBandColumns(points: readonly BandPoint[]): BandColumns | null {
  if (points.length === 0) return null;
  const from = points[0].date;
  const base = dayNumber(from);
  const n = points.length;
  const wide = points.some(
    (p) =>
      needsFloat64(p.value) || needsFloat64(p.expected) || needsFloat64(p.lower) || needsFloat64(p.upper),
  );
  const data = wide ? new Float64Array(4 * n) : new Float32Array(4 * n);
  // n strictly increasing days spanning n − 1 days follow each other: then no day is parsed but the
  // last (a tenth of a run's band time went into parsing each day).
  let increasing = true;
  for (let i = 1; i < n && increasing; i++) increasing = points[i - 1].date < points[i].date;
  const consecutive = increasing && dayNumber(points[n - 1].date) - base === n - 1;
  const day = consecutive ? [] : points.map((p) => dayNumber(p.date) - base);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    data[i] = p.value ?? Number.NaN;
    data[n + i] = p.expected;
    data[2 * n + i] = p.lower;
    data[3 * n + i] = p.upper ?? Number.NaN;
  }
  return {
    from,
    ...(consecutive ? {} : { day }),
    dtype: wide ? 'float64' : 'float32',
    data: base64LittleEndian(data),
  };
}

/** A stored number as charted: null for NaN, whole numbers exact, the rest to 6 significant digits. */
const charted = (x: number): number | null => (Number.isNaN(x) ? null : Number.isInteger(x) ? x : round6(x));

/**
 * The {@link BandPoint}s of stored {@link BandColumns} (the inverse of {@link toBandColumns}, within
 * 6 significant digits for fractional numbers), or of the {@link NumberBandColumns} of older results.
 */
export function fromBandColumns(c: BandColumns | NumberBandColumns): BandPoint[] {
  const dateOf = (i: number) => addDays(c.from, c.day ? c.day[i] : i);
  if (!('data' in c)) {
    return c.value.map((value, i) => ({
      date: dateOf(i),
      value,
      expected: c.expected[i],
      lower: c.lower[i],
      upper: c.upper[i],
    }));
  }
  const a = fromBase64LittleEndian(c.data, c.dtype);
  const n = Math.floor(a.length / 4);
  return Array.from({ length: n }, (_, i) => ({
    date: dateOf(i),
    value: charted(a[i]),
    expected: charted(a[n + i]) ?? Number.NaN,
    lower: charted(a[2 * n + i]) ?? Number.NaN,
    upper: charted(a[3 * n + i]),
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
  const columns = stored.bandColumns as Record<string, BandColumns | NumberBandColumns> | undefined;
  if (!columns) return stored;
  const { bandColumns: _, ...rest } = stored;
  const bands: Record<string, BandPoint[]> = {};
  for (const [metric, c] of Object.entries(columns)) bands[metric] = fromBandColumns(c);
  return { ...rest, bands };
}
