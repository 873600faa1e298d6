/**
 * Date parsing for imports. Every stored date is a calendar day `YYYY-MM-DD` (ISO 8601 calendar
 * date, extended format) of the workspace's time zone. Calendar validity is checked (31/02 and 29/02
 * of a common year are invalid; Gregorian leap rule).
 */
import { addDays, calendarDayOf } from '../../../kernel/dates/calendar-day.ts';
import { DEFAULT_TIME_ZONE, type TimeZone, zonedDay } from '../../../kernel/dates/time-zone.ts';

/**
 * Accepted date layouts:
 * - `YYYY-MM-DD` (default; ISO 8601 calendar date), `YYYYMMDD` (ISO 8601 basic format),
 * - `DD/MM/YYYY`, `MM/DD/YYYY` (day and month may have one or two digits; `.` or `-` also accepted
 *   as separator),
 * - `ISO-DATETIME`: ISO 8601 date-time such as `2020-04-01T23:30:00-05:00`; the instant's calendar
 *   day in the import's time zone is kept (that example gives `2020-04-02` in UTC, `2020-04-01` in
 *   `America/New_York`). Without an offset the time is already local: its own date is kept. A bare
 *   date is also accepted.
 */
export type DateFormat = 'YYYY-MM-DD' | 'YYYYMMDD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'ISO-DATETIME';

/** Every accepted {@link DateFormat}, for schemas and pickers. */
export const DATE_FORMATS: readonly DateFormat[] = [
  'YYYY-MM-DD',
  'YYYYMMDD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'ISO-DATETIME',
];

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * Formats year, month (1–12), day as `YYYY-MM-DD`; null when the day does not exist or the year is
 * outside 1000–9999.
 */
export const formatDate = calendarDayOf;

/**
 * Month number 1–12 from an English month name, full or three-letter (`April`, `apr`, `Sept`),
 * case-insensitive; or from digits when `allowDigits`. Null when not recognised.
 */
export function parseMonth(raw: string, allowDigits = true): number | null {
  const s = raw.trim().toLowerCase().replace(/\.$/, '');
  if (/^\d{1,2}$/.test(s)) return allowDigits && Number(s) >= 1 && Number(s) <= 12 ? Number(s) : null;
  if (s.length < 3) return null;
  const i = MONTH_NAMES.findIndex((m) => m === s || (s.length <= 4 && m.startsWith(s)));
  return i < 0 ? null : i + 1;
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const ISO_DT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses `raw` in `format` to a `YYYY-MM-DD` day; null when it does not parse or does not exist.
 * `timeZone` (IANA name, default UTC) places the instants of `ISO-DATETIME` values with an offset.
 */
export function parseDate(
  raw: string,
  format: DateFormat = 'YYYY-MM-DD',
  timeZone: TimeZone = DEFAULT_TIME_ZONE,
): string | null {
  const s = raw.trim();
  switch (format) {
    case 'YYYY-MM-DD': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      return m ? formatDate(+m[1], +m[2], +m[3]) : null;
    }
    case 'YYYYMMDD': {
      const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
      return m ? formatDate(+m[1], +m[2], +m[3]) : null;
    }
    case 'DD/MM/YYYY':
    case 'MM/DD/YYYY': {
      const m = DMY.exec(s);
      if (!m) return null;
      return format === 'DD/MM/YYYY' ? formatDate(+m[3], +m[2], +m[1]) : formatDate(+m[3], +m[1], +m[2]);
    }
    case 'ISO-DATETIME':
      return parseIsoDateTime(s, timeZone);
  }
}

function parseIsoDateTime(s: string, timeZone: TimeZone): string | null {
  const m = ISO_DT.exec(s);
  if (!m) return null;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (!formatDate(y, mo, d)) return null;
  const [h, mi, sec] = [+(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  if (h > 24 || mi > 59 || sec > 60 || (h === 24 && (mi > 0 || sec > 0))) return null;
  const z = m[7];
  // No offset: a local time, already on its own day (24:00 is the next day's start).
  if (!z) return h === 24 ? addDays(formatDate(y, mo, d)!, 1) : formatDate(y, mo, d);
  let offsetMin = 0;
  if (z.toUpperCase() !== 'Z') {
    const digits = z.slice(1).replace(':', '');
    const oh = +digits.slice(0, 2);
    const om = digits.length > 2 ? +digits.slice(2, 4) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMin = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // A leap second (:60) belongs to the same day as :59.
  const instant = Date.UTC(y, mo - 1, d, h, mi, Math.min(sec, 59)) - offsetMin * 60_000;
  try {
    return zonedDay(instant, timeZone);
  } catch {
    return null; // shifted out of years 1000–9999
  }
}
