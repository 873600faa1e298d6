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
    expect(c).toMatchObject({ from: '2026-02-27', day: [0, 2, 3], value: [1234, null, 0.00751235] });
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
    expect(c.value).toEqual([12_345_678, 7]);
    expect(fromBandColumns(c).map((p) => p.date)).toEqual(['2026-02-28', '2026-03-01']);
  });

  it('round-trips any band within 6 significant digits and stores it in well under half the bytes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 1, max: 3 }),
            value: fc.option(fc.double({ min: 0, max: 1e9, noNaN: true })),
            expected: fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
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
          back.forEach((p, i) => {
            const value = rows[i].value;
            if (value === null || Number.isInteger(value)) expect(p.value).toBe(value);
            else expect(Math.abs(p.value! / value - 1)).toBeLessThanOrEqual(5e-6);
            expect(Math.abs(p.expected / rows[i].expected - 1)).toBeLessThanOrEqual(5e-6);
            expect(Math.abs(p.upper! / rows[i].upper! - 1)).toBeLessThanOrEqual(5e-6);
          });
        },
      ),
    );
    const band = Array.from({ length: 90 }, (_, i) =>
      point(addDays('2026-01-01', i), 1000 + i, 1000 + i / 7, (1000 + i / 7) * 1.35),
    );
    expect(JSON.stringify(toBandColumns(band)).length).toBeLessThan(JSON.stringify(band).length * 0.45);
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
