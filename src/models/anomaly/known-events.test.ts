import { describe, expect, it } from 'vitest';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import { knownEventRangeProblem, knownEventSpans, matchKnownEvents } from './known-events.ts';
import type { BandPoint } from './scan-result.ts';

/** A daily band from `from` for `days` days: expected 100, value 100 except on the given days. */
function band(from: string, days: number, values: Record<string, number> = {}): BandPoint[] {
  return Array.from({ length: days }, (_, i) => {
    const date = addDays(from, i);
    return { date, value: values[date] ?? 100, expected: 100, lower: 80, upper: 120 };
  });
}

describe('known events', () => {
  const christmas = { name: 'Christmas', startsOn: '2020-12-24', endsOn: '2020-12-26', recursYearly: true };
  const sale = { name: 'Spring sale', startsOn: '2026-03-02', endsOn: '2026-03-08', recursYearly: false };

  it('labels an event overlapping a one-off calendar entry, and not one outside it', () => {
    expect(matchKnownEvents('2026-03-05', '2026-03-05', [sale])).toEqual([
      { name: 'Spring sale', startsOn: '2026-03-02', endsOn: '2026-03-08', recursYearly: false, past: [] },
    ]);
    expect(matchKnownEvents('2026-03-09', '2026-03-10', [sale])).toEqual([]);
    expect(matchKnownEvents('2027-03-05', '2027-03-05', [sale])).toEqual([]);
  });

  it('finds a yearly event in any year and compares it with earlier years the band covers', () => {
    const b = band('2024-12-01', 400, {
      '2024-12-24': 50,
      '2024-12-25': 40,
      '2024-12-26': 60,
      '2025-12-25': 45,
    });
    const [m] = matchKnownEvents('2025-12-25', '2025-12-25', [christmas], b);
    expect(m).toMatchObject({ name: 'Christmas', startsOn: '2025-12-24', endsOn: '2025-12-26' });
    // 2024: (50 + 40 + 60) / 300 − 1 = −50 %; 2023 is not in the band.
    expect(m.past).toEqual([{ startsOn: '2024-12-24', endsOn: '2024-12-26', change: -0.5, days: 3 }]);
    // An event in early January still meets the occurrence that began the year before.
    const newYear = { name: 'New year', startsOn: '2020-12-31', endsOn: '2021-01-02', recursYearly: true };
    expect(matchKnownEvents('2026-01-01', '2026-01-01', [newYear])[0]).toMatchObject({
      startsOn: '2025-12-31',
      endsOn: '2026-01-02',
    });
  });

  it('moves 29 February to the 28th in other years, and checks ranges', () => {
    const leap = { name: 'Leap day', startsOn: '2024-02-29', endsOn: '2024-02-29', recursYearly: true };
    expect(matchKnownEvents('2026-02-28', '2026-02-28', [leap])).toHaveLength(1);
    expect(knownEventRangeProblem('2026-01-02', '2026-01-01')).toMatch(/on or after/);
    expect(knownEventRangeProblem('2026-01-01', '2027-06-01')).toMatch(/at most/);
    expect(knownEventRangeProblem('2026-01-01', '2026-01-01')).toBeNull();
  });

  it('lists the occurrences overlapping a range as spans for grouping', () => {
    expect(knownEventSpans([christmas, sale], '2025-12-01', '2026-12-25')).toEqual([
      { name: 'Christmas', from: '2025-12-24', to: '2025-12-26' },
      { name: 'Christmas', from: '2026-12-24', to: '2026-12-26' },
      { name: 'Spring sale', from: '2026-03-02', to: '2026-03-08' },
    ]);
    expect(knownEventSpans([christmas], '2026-01-05', '2026-12-01')).toEqual([]);
    expect(knownEventSpans([christmas], '2026-02-01', '2026-01-01')).toEqual([]);
  });
});
