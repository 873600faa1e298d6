import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import { fromBandColumns, round6, toBandColumns, withBandColumns, withBandRows } from './band-columns.ts';
import type { BandPoint } from './scan-result.ts';

const point = (date: string, value: number | null, expected: number, upper: number | null): BandPoint => ({
  date,
  value,
  expected,
  lower: expected * 0.7,
  upper,
});

describe('anomaly bands stored as columns', () => {
  it('rounds to 6 significant digits, exactly in decimal', () => {
    expect(round6(0.0123456789)).toBe(0.0123457);
    expect(round6(1234567.89)).toBe(1234570);
    expect(round6(-98.7654321)).toBe(-98.7654);
    expect(round6(0)).toBe(0);
    expect(round6(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(String(round6(1 / 3))).toBe('0.333333');
    expect(round6(5e-324)).toBe(5e-324);
    expect(round6(-1.7976931348623157e308)).toBe(-1.79769e308);
  });

  it('gives back the rows: dates with gaps, nulls, whole values exact, the rest to 6 digits', () => {
    const rows = [
      point('2026-02-27', 1234, 1111.111111, 1500.987654321),
      point('2026-03-01', null, 0.0104166666, null),
      point('2026-03-02', 0.0075123456789, 0.0104, 0.02),
    ];
    const c = toBandColumns(rows)!;
    expect(c).toMatchObject({ from: '2026-02-27', day: [0, 2, 3], dtype: 'float32' });
    // 3 days × 4 series × 4 bytes, in base64.
    expect(c.data).toHaveLength(64);
    expect(fromBandColumns(c)).toEqual([
      { date: '2026-02-27', value: 1234, expected: 1111.11, lower: 777.778, upper: 1500.99 },
      { date: '2026-03-01', value: null, expected: 0.0104167, lower: 0.00729167, upper: null },
      { date: '2026-03-02', value: 0.00751235, expected: 0.0104, lower: 0.00728, upper: 0.02 },
    ]);
    expect(toBandColumns([])).toBeNull();
  });

  it('leaves out the day offsets when the days follow each other', () => {
    const rows = [point('2026-02-28', 12_345_678, 10, 20), point('2026-03-01', 7, 10, 20)];
    const c = toBandColumns(rows)!;
    expect(c).not.toHaveProperty('day');
    expect(c.dtype).toBe('float32');
    expect(fromBandColumns(c).map((p) => [p.date, p.value])).toEqual([
      ['2026-02-28', 12_345_678],
      ['2026-03-01', 7],
    ]);
    // Spanning n − 1 days is not enough: a repeated day and a gap keep their offsets.
    const repeated = [
      point('2026-03-01', 1, 1, 2),
      point('2026-03-01', 2, 1, 2),
      point('2026-03-03', 3, 1, 2),
    ];
    expect(toBandColumns(repeated)!.day).toEqual([0, 0, 2]);
  });

  it('keeps whole values past 2^24 and magnitudes out of 32-bit range exactly, in 64-bit floats', () => {
    const money = toBandColumns([point('2026-03-01', 2 ** 24 + 1, 2 ** 24, null)])!;
    expect(money.dtype).toBe('float64');
    expect(fromBandColumns(money)[0]).toMatchObject({ value: 2 ** 24 + 1, expected: 2 ** 24 });
    const tiny = toBandColumns([point('2026-03-01', 1, 1e-40, 1)])!;
    expect(tiny.dtype).toBe('float64');
    expect(fromBandColumns(tiny)[0].expected / 1e-40).toBeCloseTo(1, 12);
    // Whole values up to 2^24 are exact in 32 bits.
    expect(toBandColumns([point('2026-03-01', 2 ** 24, 1.5, 2)])!.dtype).toBe('float32');
  });

  it('round-trips any band within 6 significant digits and stores it in well under half the bytes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 1, max: 3 }),
            value: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true })),
            expected: fc.double({ min: Number.MIN_VALUE, max: 1e12, noNaN: true }),
          }),
          { minLength: 1, maxLength: 120 },
        ),
        (days) => {
          let date = '2026-01-01';
          const rows = days.map((d) => {
            date = addDays(date, d.gap);
            return point(date, d.value, d.expected, d.expected * 1.4);
          });
          const back = fromBandColumns(toBandColumns(rows)!);
          expect(back.map((p) => p.date)).toEqual(rows.map((p) => p.date));
          // 6 digits as charted, after 32-bit rounding (relative error 2^-24).
          const near = (a: number, b: number) =>
            expect(Math.abs(a / b - 1)).toBeLessThanOrEqual(5e-6 + 2 ** -24);
          back.forEach((p, i) => {
            const value = rows[i].value;
            if (value === null || Number.isInteger(value)) expect(p.value).toBe(value);
            else near(p.value!, value);
            near(p.expected, rows[i].expected);
            near(p.lower, rows[i].lower);
            near(p.upper!, rows[i].upper!);
          });
        },
      ),
    );
    const band = Array.from({ length: 90 }, (_, i) =>
      point(addDays('2026-01-01', i), 1000 + i, 1000 + i / 7, (1000 + i / 7) * 1.35),
    );
    expect(JSON.stringify(toBandColumns(band)).length).toBeLessThan(JSON.stringify(band).length * 0.3);
  });

  it('still reads the number columns of results stored before the binary block', () => {
    const older = {
      from: '2026-02-27',
      day: [0, 2],
      value: [1234, null],
      expected: [1111.11, 0.0104167],
      lower: [777.778, 0.00729167],
      upper: [1500.99, null],
    };
    expect(fromBandColumns(older)).toEqual([
      { date: '2026-02-27', value: 1234, expected: 1111.11, lower: 777.778, upper: 1500.99 },
      { date: '2026-03-01', value: null, expected: 0.0104167, lower: 0.00729167, upper: null },
    ]);
    expect(withBandRows({ key: 'a1', bandColumns: { ctr: older } })).toEqual({
      key: 'a1',
      bands: { ctr: fromBandColumns(older) },
    });
  });

  it('turns a scan result into its stored form and back for clients', () => {
    const scan = { key: 'a1', anomalies: [], bands: { ctr: [point('2026-03-01', 0.01, 0.012, 0.02)] } };
    const stored = withBandColumns(scan);
    expect(stored).not.toHaveProperty('bands');
    expect(withBandRows(JSON.parse(JSON.stringify(stored)))).toEqual(scan);
    // Results stored before bands were columns are served as they are.
    expect(withBandRows(scan)).toBe(scan);
  });
});
