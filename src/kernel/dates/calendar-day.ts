/**
 * Calendar days: `YYYY-MM-DD` strings meaning a whole **UTC** day (ISO 8601 calendar date, proleptic
 * Gregorian), and the arithmetic on them — add days, days between, weekday, ISO week, validation.
 * Built on date-fns with `@date-fns/utc` (every operation runs in UTC via the `in: utc` context), so
 * results never depend on the process time zone. The one place for this in the codebase.
 *
 * The models call these in tight loops over a few thousand distinct days, so day ↔ day-number
 * conversions are memoized (bounded maps; a day's number never changes).
 */
import { UTCDate, utc } from '@date-fns/utc';
// One subpath per function: the package index would load all of date-fns (~20 MB resident).
import { addDays as fnsAddDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { getDaysInMonth } from 'date-fns/getDaysInMonth';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import { isValid } from 'date-fns/isValid';
import { lightFormat } from 'date-fns/lightFormat';
import { parseISO } from 'date-fns/parseISO';

/** A calendar day written `YYYY-MM-DD` (UTC). */
export type CalendarDay = string;

const SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const EPOCH = new UTCDate(0);

/** The UTC instant at 00:00 of `day`; an Invalid Date when `day` is not a real `YYYY-MM-DD` day. */
function toUtcDate(day: string): UTCDate {
  return SHAPE.test(day) ? parseISO(day, { in: utc }) : new UTCDate(Number.NaN);
}

/** Formats a UTC instant as its `YYYY-MM-DD` day. */
function format(date: Date): CalendarDay {
  return lightFormat(date, 'yyyy-MM-dd');
}

/** The UTC day of `day`; throws RangeError naming the value unless it is a real `YYYY-MM-DD` day. */
function parse(day: string): UTCDate {
  const d = toUtcDate(day);
  if (!isValid(d)) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${day}"`);
  return d;
}

/** True when `value` is a string `YYYY-MM-DD` naming a real calendar day (2026-02-30 is rejected). */
export function isCalendarDay(value: unknown): value is CalendarDay {
  return typeof value === 'string' && (numberOf.has(value) || isValid(toUtcDate(value)));
}

const CACHE_LIMIT = 50_000;
const numberOf = new Map<string, number>();
const dayOf = new Map<number, CalendarDay>();

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= CACHE_LIMIT) map.clear();
  map.set(key, value);
  return value;
}

/** Days since 1970-01-01 of `day` (negative before). @throws RangeError on an invalid day. */
export function dayNumber(day: CalendarDay): number {
  return (
    numberOf.get(day) ?? remember(numberOf, day, differenceInCalendarDays(parse(day), EPOCH, { in: utc }))
  );
}

/** The day `n` days after 1970-01-01 (the inverse of {@link dayNumber}); `n` is floored to whole days. */
export function fromDayNumber(n: number): CalendarDay {
  const k = Math.floor(n);
  if (!Number.isFinite(k)) throw new RangeError(`not a day number: ${n}`);
  return dayOf.get(k) ?? remember(dayOf, k, format(fnsAddDays(EPOCH, k, { in: utc })));
}

/**
 * `day` plus `days` whole days (negative goes back; a fraction is floored, as a timestamp would be).
 * @throws RangeError when `day` is not a real `YYYY-MM-DD` day.
 */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  return fromDayNumber(dayNumber(day) + days);
}

/** The day after `day`. @throws RangeError when `day` is not a real `YYYY-MM-DD` day. */
export function nextDay(day: CalendarDay): CalendarDay {
  return addDays(day, 1);
}

/**
 * Whole days from `from` to `to`; negative when `to` is earlier.
 * @throws RangeError when either is not a real `YYYY-MM-DD` day.
 */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return dayNumber(to) - dayNumber(from);
}

/** Days in `month` (1–12) of `year` (Gregorian leap rule). */
export function daysInMonth(year: number, month: number): number {
  return getDaysInMonth(new UTCDate(year, month - 1, 1));
}

/**
 * The day `YYYY-MM-DD` for year, month (1–12) and day of month; null when that day does not exist
 * (2023-02-29, month 13) or the year is outside 1000–9999 (four digits, no two-digit-year surprises).
 */
export function calendarDayOf(year: number, month: number, day: number): CalendarDay | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Weekday of `day`, 0 = Sunday … 6 = Saturday. @throws RangeError on an invalid day. */
export function weekday(day: CalendarDay): number {
  return weekdayOfDayNumber(dayNumber(day));
}

/**
 * Weekday of the day `n` days after 1970-01-01 (a Thursday), 0 = Sunday … 6 = Saturday: the day
 * count modulo 7, without building a date (the anomaly scan asks it of every day of every series).
 */
export function weekdayOfDayNumber(n: number): number {
  return (((Math.floor(n) + 4) % 7) + 7) % 7;
}

/** ISO 8601 week label `YYYY-Www` of `day` (week-numbering year). @throws RangeError on an invalid day. */
export function isoWeek(day: CalendarDay): string {
  const d = parse(day);
  return `${getISOWeekYear(d, { in: utc })}-W${String(getISOWeek(d, { in: utc })).padStart(2, '0')}`;
}

/**
 * The UTC calendar day of an instant (a Date or epoch milliseconds), e.g. today's with `new Date()`.
 * @throws RangeError for an invalid Date or a non-finite number.
 */
export function utcDay(instant: Date | number = new Date()): CalendarDay {
  const d = new UTCDate(typeof instant === 'number' ? instant : instant.getTime());
  if (!isValid(d)) throw new RangeError('not a valid instant');
  return format(d);
}
