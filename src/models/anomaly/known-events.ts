import { addDays, dayNumber } from '../../kernel/dates/calendar-day.ts';
import type { BandPoint } from './scan-result.ts';

/**
 * Known events of a workspace's calendar (a holiday, a sale, an outage) and what they explain of an
 * anomaly: an anomaly event whose days overlap a known event is labelled with it — never hidden — and,
 * for a yearly event, compared with the same days in earlier years of the same series ("Christmas:
 * −50 %, as in 2025: −47 %"). Pure: no I/O, no clock.
 */

/** One calendar entry: calendar days `startsOn`..`endsOn` (inclusive, `YYYY-MM-DD`). */
export interface KnownEvent {
  name: string;
  startsOn: string;
  endsOn: string;
  /** The same month-days every year (a holiday); false = that one occurrence. */
  recursYearly: boolean;
}

/** The change over an earlier occurrence of a yearly event: mean observed / mean expected − 1. */
export interface PastOccurrence {
  startsOn: string;
  endsOn: string;
  /** Relative change (−0.5 = half the expected); days of the occurrence found in the band. */
  change: number;
  days: number;
}

/** A known event that overlaps an anomaly event, with its occurrence there and earlier ones. */
export interface KnownEventMatch {
  name: string;
  startsOn: string;
  endsOn: string;
  recursYearly: boolean;
  /** Earlier occurrences seen in the series' band, most recent first (yearly events only). */
  past: PastOccurrence[];
}

/** The occurrence of `e` in `year` (a 29 February falls back to the 28th in other years). */
function occurrenceIn(e: KnownEvent, year: number): { startsOn: string; endsOn: string } {
  const length = dayNumber(e.endsOn) - dayNumber(e.startsOn);
  const md = e.startsOn.slice(5);
  const start = `${String(year).padStart(4, '0')}-${md === '02-29' && !isLeap(year) ? '02-28' : md}`;
  return { startsOn: start, endsOn: addDays(start, length) };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The occurrences of the calendar's events that overlap `from`..`to` (calendar days, inclusive): a
 * one-off event once, a yearly one in every year it falls into. Spans for the anomaly events'
 * grouping (`EventGroupingOptions.spans`), so a holiday is one event over its days.
 */
export function knownEventSpans(
  calendar: readonly KnownEvent[],
  from: string,
  to: string,
): { name: string; from: string; to: string }[] {
  const out: { name: string; from: string; to: string }[] = [];
  if (from > to) return out;
  const firstYear = Number(from.slice(0, 4)) - 1;
  const lastYear = Number(to.slice(0, 4));
  for (const e of calendar) {
    const occurrences = e.recursYearly
      ? Array.from({ length: lastYear - firstYear + 1 }, (_, i) => occurrenceIn(e, firstYear + i))
      : [{ startsOn: e.startsOn, endsOn: e.endsOn }];
    for (const o of occurrences)
      if (o.startsOn <= to && o.endsOn >= from) out.push({ name: e.name, from: o.startsOn, to: o.endsOn });
  }
  return out;
}

/**
 * The known events whose days (any year's occurrence, for yearly ones) overlap `from`..`to`, each with
 * the occurrence that overlaps. For a yearly event, `past` holds each earlier year's occurrence that
 * `band` (the lead metric's per-day values and expectations) covers, with its relative change.
 */
export function matchKnownEvents(
  from: string,
  to: string,
  calendar: readonly KnownEvent[],
  band: readonly BandPoint[] = [],
): KnownEventMatch[] {
  const out: KnownEventMatch[] = [];
  const fromYear = Number(from.slice(0, 4));
  for (const e of calendar) {
    const candidates = e.recursYearly
      ? [fromYear - 1, fromYear, fromYear + 1].map((y) => occurrenceIn(e, y))
      : [{ startsOn: e.startsOn, endsOn: e.endsOn }];
    const hit = candidates.find((o) => o.startsOn <= to && o.endsOn >= from);
    if (!hit) continue;
    const past: PastOccurrence[] = [];
    if (e.recursYearly && band.length > 0) {
      const first = band[0].date;
      const hitYear = Number(hit.startsOn.slice(0, 4));
      for (let y = hitYear - 1; y >= Number(first.slice(0, 4)) - 1; y--) {
        const o = occurrenceIn(e, y);
        const change = bandChange(band, o.startsOn, o.endsOn);
        if (change) past.push({ ...o, ...change });
      }
    }
    out.push({ name: e.name, ...hit, recursYearly: e.recursYearly, past });
  }
  return out;
}

/** Mean observed / mean expected − 1 over the band's days in `from`..`to`; null without such days. */
function bandChange(
  band: readonly BandPoint[],
  from: string,
  to: string,
): { change: number; days: number } | null {
  let value = 0;
  let expected = 0;
  let days = 0;
  for (const p of band) {
    if (p.date < from || p.date > to || p.value === null) continue;
    value += p.value;
    expected += p.expected;
    days++;
  }
  return days > 0 && expected > 0 ? { change: value / expected - 1, days } : null;
}

/** Checks the shape of a calendar day range; returns an error text or null (for API validation). */
export function knownEventRangeProblem(startsOn: string, endsOn: string): string | null {
  if (endsOn < startsOn) return 'endsOn must be on or after startsOn';
  if (dayNumber(endsOn) - dayNumber(startsOn) > 366) return 'an event lasts at most 367 days';
  return null;
}
