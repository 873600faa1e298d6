import { describe, expect, it } from 'vitest';
import {
  instantOf,
  isTimeZone,
  offsetMs,
  resolveTimeZone,
  suggestTimeZone,
  timeZoneProblem,
  wallClock,
  zonedDay,
} from './time-zone.ts';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

// Every instant is pinned: nothing here reads the clock or the process time zone (CI may run this
// file with TZ=Pacific/Kiritimati or TZ=America/Los_Angeles).
describe('the calendar day of an instant in a zone', () => {
  it('follows New York across the spring-forward and fall-back nights', () => {
    // 2026-03-08: clocks jump 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01: 02:00 EDT → 01:00 EST (06:00Z).
    expect(zonedDay(at('2026-03-08T04:59:59Z'), 'America/New_York')).toBe('2026-03-07');
    expect(zonedDay(at('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08');
    expect(zonedDay(at('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('2026-03-08'); // 23:59:59 EDT
    expect(zonedDay(at('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
    expect(zonedDay(at('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('2026-11-01'); // 23:59:59 EST
    expect(zonedDay(at('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02');
  });

  it('puts one instant on three different days across the date line', () => {
    const instant = at('2026-12-31T10:30:00Z');
    expect(zonedDay(instant, 'Pacific/Kiritimati')).toBe('2027-01-01'); // UTC+14
    expect(zonedDay(instant, 'UTC')).toBe('2026-12-31');
    expect(zonedDay(instant, 'Pacific/Pago_Pago')).toBe('2026-12-30'); // UTC−11
    expect(zonedDay(at('2026-06-30T11:14:59Z'), 'Pacific/Chatham')).toBe('2026-06-30'); // +12:45
    expect(zonedDay(at('2026-06-30T11:15:00Z'), 'Pacific/Chatham')).toBe('2026-07-01');
    expect(zonedDay(at('2026-06-30T18:14:59Z'), 'Asia/Kathmandu')).toBe('2026-06-30'); // +05:45
    expect(zonedDay(at('2026-06-30T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-07-01');
  });

  it('skips the day Samoa removed when it crossed the date line (2011-12-30 never happened in Apia)', () => {
    expect(zonedDay(at('2011-12-30T09:59:59Z'), 'Pacific/Apia')).toBe('2011-12-29'); // 23:59:59 UTC−10
    expect(zonedDay(at('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe('2011-12-31'); // 00:00 UTC+14
  });

  it('refuses an invalid instant and an unknown zone', () => {
    expect(() => zonedDay(Number.NaN, 'UTC')).toThrow(RangeError);
    expect(() => zonedDay(at('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('wall clocks and offsets', () => {
  it('reads the local wall clock and the offset, including 30- and 45-minute zones', () => {
    expect(new Date(wallClock(at('2026-01-15T12:00:00.250Z'), 'Europe/Berlin')).toISOString()).toBe(
      '2026-01-15T13:00:00.250Z',
    );
    expect(offsetMs(at('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(2 * HOUR);
    expect(offsetMs(at('2026-01-15T12:00:00Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR); // DST of 30 min
    expect(offsetMs(at('2026-07-15T12:00:00Z'), 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
    expect(offsetMs(at('2026-07-15T12:00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * HOUR);
    expect(offsetMs(at('2026-07-15T12:00:00Z'), 'America/St_Johns')).toBe(-2.5 * HOUR);
  });

  it('finds the instant of a local time: a skipped time moves forward, a repeated one is the first', () => {
    const iso = (wall: string, zone: string) => new Date(instantOf(at(wall), zone)).toISOString();
    expect(iso('2026-07-01T12:00:00Z', 'Europe/Berlin')).toBe('2026-07-01T10:00:00.000Z');
    // 02:30 does not exist in New York on 2026-03-08: read with EST (−5) it is 03:30 EDT.
    expect(iso('2026-03-08T02:30:00Z', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    // 01:30 happens twice on 2026-11-01 (EDT, then EST): the first.
    expect(iso('2026-11-01T01:30:00Z', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    // Europe: 02:30 on 2026-03-29 is skipped in Berlin; 02:30 on 2026-10-25 repeats.
    expect(iso('2026-03-29T02:30:00Z', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
    expect(iso('2026-10-25T02:30:00Z', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    // Southern hemisphere, half-hour DST: Lord Howe goes 02:00 → 02:30 on 2026-10-04.
    expect(iso('2026-10-04T02:15:00Z', 'Australia/Lord_Howe')).toBe('2026-10-03T15:45:00.000Z');
  });

  it('round-trips wall clock → instant → wall clock outside DST changes', () => {
    for (const zone of [
      'UTC',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'Asia/Kathmandu',
      'America/Sao_Paulo',
    ]) {
      for (
        let t = at('2026-01-01T00:00:00Z');
        t < at('2027-01-01T00:00:00Z');
        t += 7 * 24 * HOUR + 3_601_000
      ) {
        expect(wallClock(instantOf(wallClock(t, zone), zone), zone)).toBe(wallClock(t, zone));
      }
    }
  });
});

describe('time zone names', () => {
  it('accepts IANA names in any case and stores their usual spelling', () => {
    expect(resolveTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(resolveTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(resolveTimeZone('utc')).toBe('UTC');
    expect(resolveTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
    // A link the runtime knows but may not list (ICU versions differ) is kept as written.
    expect(resolveTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(isTimeZone('Pacific/Chatham')).toBe(true);
  });

  it('refuses offsets, abbreviations, unknown names and non-strings', () => {
    for (const bad of [
      '+05:00',
      'UTC+2',
      'CEST',
      'Mars/Olympus',
      '',
      'Europe/',
      '../etc/passwd',
      'x'.repeat(65),
    ])
      expect(resolveTimeZone(bad)).toBeNull();
    expect(isTimeZone(42)).toBe(false);
    expect(isTimeZone(null)).toBe(false);
  });

  it('suggests the closest known zone in the validation message', () => {
    expect(suggestTimeZone('Europe/Berln')).toBe('Europe/Berlin');
    expect(suggestTimeZone('New York')).toBe('America/New_York');
    expect(suggestTimeZone('tokyo')).toBe('Asia/Tokyo');
    expect(suggestTimeZone('Mars/Olympus')).toBeNull();
    expect(timeZoneProblem('Europe/Berln')).toBe(
      '"Europe/Berln" is not an IANA time zone name; did you mean "Europe/Berlin"?',
    );
    expect(timeZoneProblem('+05:00')).toMatch(/not an IANA time zone name: use one such as "Europe\/Berlin"/);
    expect(timeZoneProblem(7)).toMatch(/^7 is not an IANA time zone name/);
    expect(timeZoneProblem('Asia/Tokyo')).toBeUndefined();
  });
});
