import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDayOf,
  dayNumber,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isCalendarDay,
  isoWeek,
  nextDay,
  utcDay,
  weekday,
  weekdayOfDayNumber,
} from './calendar-day.ts';

// The results must not depend on the process time zone: CI may also run this file with
// TZ=Pacific/Kiritimati (UTC+14) or TZ=America/Los_Angeles (DST changes); nothing here reads it.
describe('calendar days (UTC)', () => {
  it('adds days across month ends, leap days and DST dates', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-03-09', 2)).toBe('2024-03-11'); // US DST starts 2024-03-10
    expect(addDays('2024-11-02', 2)).toBe('2024-11-04'); // and ends 2024-11-03
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(nextDay('1999-12-31')).toBe('2000-01-01');
    expect(addDays('2024-01-10', 1.5)).toBe('2024-01-11');
  });
  it('counts whole days between two days, negative backwards', () => {
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(daysBetween('2024-03-11', '2024-03-09')).toBe(-2);
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(fromDayNumber(19_782)).toBe('2024-02-29');
  });
  it('round-trips day numbers and agrees with addDays (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -700_000, max: 2_900_000 }),
        fc.integer({ min: -1000, max: 1000 }),
        (n, k) => {
          const day = fromDayNumber(n);
          expect(dayNumber(day)).toBe(n);
          expect(daysBetween(day, addDays(day, k))).toBe(k);
          // Against the engine's own calendar (proleptic Gregorian, UTC), not the formula it uses.
          const jsWeekday = new Date(n * 86_400_000).getUTCDay();
          expect(weekday(day)).toBe(jsWeekday);
          expect(weekdayOfDayNumber(n)).toBe(jsWeekday);
        },
      ),
    );
  });
  it('gives the weekday and the ISO 8601 week (week-numbering year)', () => {
    expect(weekday('2024-01-01')).toBe(1);
    expect(weekday('2026-12-06')).toBe(0);
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2024-06-15')).toBe('2024-W24');
  });
  it('accepts only real YYYY-MM-DD days and throws RangeError on the rest', () => {
    for (const good of ['2024-02-29', '1970-01-01', '9999-12-31']) expect(isCalendarDay(good)).toBe(true);
    for (const bad of [
      '2023-02-29',
      '2026-02-30',
      '2024-13-01',
      '2024-1-01',
      '20240101',
      ' 2024-01-01',
      '',
      7,
    ]) {
      expect(isCalendarDay(bad), String(bad)).toBe(false);
      if (typeof bad === 'string') expect(() => addDays(bad, 1)).toThrow(RangeError);
    }
    expect(() => daysBetween('2024-01-01', 'soon')).toThrow(/not an ISO date/);
  });
  it('builds days from parts and knows month lengths', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(calendarDayOf(2024, 1, 9)).toBe('2024-01-09');
    expect(calendarDayOf(2023, 2, 29)).toBeNull();
    expect(calendarDayOf(999, 1, 1)).toBeNull();
    expect(calendarDayOf(2024, 0, 1)).toBeNull();
  });
  it('takes the UTC day of an instant whatever the local zone', () => {
    expect(utcDay(Date.UTC(2024, 0, 1, 23, 30))).toBe('2024-01-01');
    expect(utcDay(new Date('2024-01-02T09:00:00+14:00'))).toBe('2024-01-01');
    expect(() => utcDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
