/**
 * Time zones: IANA time zone names (the tz database, e.g. `Europe/Berlin`, `America/New_York`,
 * `UTC`), validated and applied with the ECMAScript Internationalization API (`Intl.DateTimeFormat`
 * with `timeZone`, ECMA-402), which ships the tz database with Node's ICU — no extra library, and
 * never the process time zone (`TZ`).
 *
 * - {@link resolveTimeZone} checks and spells a name; {@link timeZoneProblem} says why a value is not
 *   one, with the closest known name as a suggestion.
 * - {@link zonedDay} is the calendar day an instant falls on in a zone ("today" and "yesterday" of a
 *   workspace or an ad account).
 * - {@link wallClock} and {@link instantOf} convert between instants and local wall-clock times;
 *   local times that a daylight-saving change skips or repeats are resolved as RFC 5545 §3.3.5
 *   (iCalendar) and the TC39 Temporal proposal's `disambiguation: 'compatible'` do: a skipped time
 *   is read with the offset in force before the change (02:30 on a spring-forward night is 03:30
 *   summer time), a repeated time is its first occurrence.
 */
import { OmnifyError } from '../errors/catalog.ts';
import { type CalendarDay, fromDayNumber } from './calendar-day.ts';

/** An IANA time zone name as stored (see {@link resolveTimeZone}). */
export type TimeZone = string;

/** The zone of workspaces that never chose one. */
export const DEFAULT_TIME_ZONE: TimeZone = 'UTC';

/** Letters, digits, `_`, `+`, `-` in `/`-separated parts: the tz database's names, never an offset like `+05:00`. */
const NAME_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;
const MAX_NAME_LENGTH = 64;
const DAY_MS = 86_400_000;

let knownNames: Map<string, string> | undefined;
/** Lower-case name → spelling, from `Intl.supportedValuesOf('timeZone')` plus `UTC` (which ICU lists apart). */
function known(): Map<string, string> {
  knownNames ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((n) => [n.toLowerCase(), n]));
  return knownNames;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** A cached formatter of all wall-clock fields in `timeZone`; throws RangeError for an unknown zone. */
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size >= 1_000) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The stored spelling of the IANA time zone `name`, or null when it is none. Matching is
 * case-insensitive (`europe/berlin` → `Europe/Berlin`, `utc` → `UTC`); a name the runtime accepts but
 * does not list (a link such as `Asia/Kolkata` or `US/Eastern` on Node 20's ICU) is kept as written,
 * so the name a user chose survives an ICU update that renames its canonical form. Offsets
 * (`+05:00`), abbreviations the tz database lacks (`CEST`) and anything over 64 characters are refused.
 */
export function resolveTimeZone(name: string): TimeZone | null {
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH || !NAME_SHAPE.test(name)) return null;
  const listed = known().get(name.toLowerCase());
  if (listed) return listed;
  try {
    formatter(name);
    return name;
  } catch {
    return null;
  }
}

/** True when `name` is an IANA time zone this runtime knows (see {@link resolveTimeZone}). */
export function isTimeZone(name: unknown): name is TimeZone {
  return typeof name === 'string' && resolveTimeZone(name) !== null;
}

/** Levenshtein distance of two strings (insertions, deletions, substitutions), capped at `max + 1`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The known zone closest to a name that is not one, to suggest: the zone whose city is the input
 * (`New York` → `America/New_York`), else the smallest edit distance (at most a quarter of the
 * name's length, minimum 2: `Europe/Berln` → `Europe/Berlin`); null when nothing is that close.
 */
export function suggestTimeZone(name: string): TimeZone | null {
  const want = String(name).trim().replace(/\s+/g, '_').toLowerCase();
  if (want.length === 0 || want.length > MAX_NAME_LENGTH) return null;
  const names = known();
  if (names.has(want)) return names.get(want)!;
  for (const [lower, spelled] of names) if (lower.endsWith(`/${want}`)) return spelled;
  const max = Math.max(2, Math.floor(want.length / 4));
  let best: string | null = null;
  let bestDistance = max + 1;
  for (const [lower, spelled] of names) {
    const d = distance(want, lower, max);
    if (d < bestDistance) [best, bestDistance] = [spelled, d];
  }
  return best;
}

/**
 * Why `value` is not an IANA time zone, as a sentence for a validation error (naming the closest
 * known zone when there is one); undefined when it is one.
 */
export function timeZoneProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && resolveTimeZone(value)) return undefined;
  const shown = typeof value === 'string' ? `"${value.slice(0, MAX_NAME_LENGTH)}"` : String(value);
  const suggestion = typeof value === 'string' ? suggestTimeZone(value) : null;
  return suggestion
    ? `${shown} is not an IANA time zone name; did you mean "${suggestion}"?`
    : `${shown} is not an IANA time zone name: use one such as "Europe/Berlin", "America/New_York" or "UTC".`;
}

/**
 * `value` as a stored time zone name ({@link resolveTimeZone}), for API input.
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (400) with one field error at `path` (a JSON pointer
 *   such as `/body/timeZone`) whose message is {@link timeZoneProblem}'s, naming the closest zone.
 */
export function requireTimeZone(value: unknown, path: string): TimeZone {
  const zone = typeof value === 'string' ? resolveTimeZone(value) : null;
  if (zone) return zone;
  const message = timeZoneProblem(value)!;
  throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Unknown time zone: ${message}`, {
    fields: [{ path, message }],
  });
}

/**
 * The local wall-clock time of `instant` in `timeZone`, as the milliseconds a UTC clock showing the
 * same year, month, day, hour, minute and second would have (milliseconds of the instant kept).
 * @throws RangeError for an invalid instant or an unknown zone.
 */
export function wallClock(instant: Date | number, timeZone: TimeZone): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('not a valid instant');
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) p[part.type] = part.value;
  const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  wall.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), ((ms % 1000) + 1000) % 1000);
  return wall.getTime();
}

/** The offset of `timeZone` from UTC at `instant`, in milliseconds (east positive: Berlin in winter +3,600,000). */
export function offsetMs(instant: Date | number, timeZone: TimeZone): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return wallClock(ms, timeZone) - ms;
}

/**
 * The instant at which clocks in `timeZone` show the wall-clock time `wall` (as {@link wallClock}
 * gives it). A time skipped by a forward change is read with the offset before it (so it lands as
 * long after the change as it was meant after the last valid minute); a repeated time is its first
 * occurrence — RFC 5545 §3.3.5 and Temporal's `'compatible'`. Assumes at most one offset change
 * within a day of `wall`, as the tz database has.
 * @throws RangeError for a non-finite `wall` or an unknown zone.
 */
export function instantOf(wall: number, timeZone: TimeZone): number {
  if (!Number.isFinite(wall)) throw new RangeError('not a valid wall-clock time');
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const early = wall - before;
  const late = wall - after;
  const earlyHolds = offsetMs(early, timeZone) === before;
  const lateHolds = offsetMs(late, timeZone) === after;
  if (earlyHolds && lateHolds) return Math.min(early, late);
  if (earlyHolds) return early;
  if (lateHolds) return late;
  return early; // in the gap: the offset before the change
}

/**
 * The calendar day (`YYYY-MM-DD`) that `instant` falls on in `timeZone`: `zonedDay(new Date(),
 * 'Pacific/Auckland')` is today in New Zealand. Years 1000–9999 only, like {@link CalendarDay}.
 * @throws RangeError for an invalid instant, an unknown zone or a year outside 1000–9999.
 */
export function zonedDay(instant: Date | number, timeZone: TimeZone): CalendarDay {
  const wall = wallClock(instant, timeZone);
  const y = new Date(wall).getUTCFullYear();
  if (y < 1000 || y > 9999) throw new RangeError(`year ${y} is outside 1000–9999`);
  return fromDayNumber(Math.floor(wall / DAY_MS));
}
