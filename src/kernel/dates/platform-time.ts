/**
 * Platform timestamps are untrusted input. A JavaScript `Date` built from an absurd value is
 * "Invalid Date" (`toISOString` throws `RangeError: Invalid time value`), and a valid `Date` outside
 * years 0001–9999 prints as `+275760-…`/`-000001-…`, which PostgreSQL does not read back.
 *
 * Decision (docs/channels.md, "Timestamps"): a message is never rejected for its timestamp. A value
 * that is missing, not a number or ISO 8601 string, or outside 1970-01-01T00:00:00Z … 9999-12-31
 * becomes the time of receipt, and the reason is recorded with the message (`issue`).
 */

/** Earliest accepted platform time (the Unix epoch), in ms since the epoch. */
export const MIN_PLATFORM_TIME_MS = 0;
/** Latest accepted platform time (9999-12-31T23:59:59.999Z), in ms since the epoch. */
export const MAX_PLATFORM_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A platform time read defensively: `at` is always a valid Date; `issue` says why receipt time was used. */
export interface PlatformTime {
  at: Date;
  /** Set when `at` is the time of receipt because the platform's value was unusable (not when it was absent). */
  issue?: string;
}

/** Shortens a bad value for a message (at most 40 characters). */
function show(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? typeof v);
  } catch {
    s = typeof v;
  }
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function fromMs(ms: number, v: unknown, receivedAt: Date): PlatformTime {
  if (!Number.isFinite(ms) || ms < MIN_PLATFORM_TIME_MS || ms > MAX_PLATFORM_TIME_MS) {
    return { at: receivedAt, issue: `timestamp ${show(v)} is out of range; the time of receipt is used` };
  }
  return { at: new Date(ms) };
}

/**
 * Unix seconds (a number, or a numeric string as WhatsApp sends) → {@link PlatformTime}.
 * `undefined`/`null` → `receivedAt` without an issue (the platform sent none). Never throws.
 */
export function timeFromUnixSeconds(v: unknown, receivedAt: Date): PlatformTime {
  if (v === undefined || v === null) return { at: receivedAt };
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n)) {
    return { at: receivedAt, issue: `timestamp ${show(v)} is not unix seconds; the time of receipt is used` };
  }
  return fromMs(n * 1000, v, receivedAt);
}

/**
 * ISO 8601 string or unix seconds (number) → {@link PlatformTime}, as the generic webhook channel
 * accepts. `undefined`/`null` → `receivedAt` without an issue. Never throws.
 */
export function timeFromIsoOrSeconds(v: unknown, receivedAt: Date): PlatformTime {
  if (v === undefined || v === null) return { at: receivedAt };
  if (typeof v === 'number') return timeFromUnixSeconds(v, receivedAt);
  if (typeof v === 'string') {
    const ms = new Date(v).getTime();
    if (Number.isNaN(ms)) {
      return { at: receivedAt, issue: `timestamp ${show(v)} is not ISO 8601; the time of receipt is used` };
    }
    return fromMs(ms, v, receivedAt);
  }
  return { at: receivedAt, issue: `timestamp ${show(v)} is not a time; the time of receipt is used` };
}

/**
 * Whether `d` can be stored as `timestamptz` and printed by `toISOString` (valid, years 1970–9999).
 * The last line of defence before SQL: callers replace anything else by the time of receipt.
 */
export function isStorableDate(d: unknown): d is Date {
  if (!(d instanceof Date)) return false;
  const ms = d.getTime();
  return Number.isFinite(ms) && ms >= MIN_PLATFORM_TIME_MS && ms <= MAX_PLATFORM_TIME_MS;
}
