import { describe, expect, it } from 'vitest';
import { formatDate, parseDate, parseMonth } from './dates.ts';

describe('parseDate', () => {
  it('reads each layout and checks the calendar', () => {
    expect(parseDate('2020-04-01')).toBe('2020-04-01');
    expect(parseDate('2020-02-29')).toBe('2020-02-29');
    expect(parseDate('2019-02-29')).toBeNull();
    expect(parseDate('1900-02-29')).toBeNull();
    expect(parseDate('2000-02-29')).toBe('2000-02-29');
    expect(parseDate('2020-4-1')).toBeNull();
    expect(parseDate('19970101', 'YYYYMMDD')).toBe('1997-01-01');
    expect(parseDate('19970230', 'YYYYMMDD')).toBeNull();
    expect(parseDate('17/08/2017', 'DD/MM/YYYY')).toBe('2017-08-17');
    expect(parseDate('1.3.2024', 'DD/MM/YYYY')).toBe('2024-03-01');
    expect(parseDate('08/17/2017', 'MM/DD/YYYY')).toBe('2017-08-17');
    expect(parseDate('17/08/2017', 'MM/DD/YYYY')).toBeNull();
    expect(parseDate('31/04/2017', 'DD/MM/YYYY')).toBeNull();
  });
  it('takes the UTC calendar day of an ISO date-time', () => {
    expect(parseDate('2020-04-01T23:30:00-05:00', 'ISO-DATETIME')).toBe('2020-04-02');
    expect(parseDate('2020-04-01T00:30:00+02:00', 'ISO-DATETIME')).toBe('2020-03-31');
    expect(parseDate('2020-04-01T12:00:00Z', 'ISO-DATETIME')).toBe('2020-04-01');
    expect(parseDate('2020-04-01 23:59:59.999', 'ISO-DATETIME')).toBe('2020-04-01');
    expect(parseDate('2020-12-31T23:00:00-0130', 'ISO-DATETIME')).toBe('2021-01-01');
    expect(parseDate('2020-04-01', 'ISO-DATETIME')).toBe('2020-04-01');
    expect(parseDate('2020-04-01T25:00:00Z', 'ISO-DATETIME')).toBeNull();
    expect(parseDate('2020-02-30T10:00:00Z', 'ISO-DATETIME')).toBeNull();
    expect(parseDate('yesterday', 'ISO-DATETIME')).toBeNull();
  });
});

describe('month names and helpers', () => {
  it('parses English month names, abbreviations and digits', () => {
    expect(parseMonth('April')).toBe(4);
    expect(parseMonth('apr')).toBe(4);
    expect(parseMonth('Sept')).toBe(9);
    expect(parseMonth('DEC.')).toBe(12);
    expect(parseMonth('6')).toBe(6);
    expect(parseMonth('6', false)).toBeNull();
    expect(parseMonth('13')).toBeNull();
    expect(parseMonth('Juny')).toBeNull();
    expect(parseMonth('ma')).toBeNull();
  });
  it('formats only real days of four-digit years', () => {
    expect(formatDate(2023, 2, 29)).toBeNull();
    expect(formatDate(2024, 2, 29)).toBe('2024-02-29');
    expect(formatDate(999, 1, 1)).toBeNull();
    expect(formatDate(2024, 1, 9)).toBe('2024-01-09');
  });
});
