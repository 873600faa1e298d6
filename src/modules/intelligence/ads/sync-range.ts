/**
 * The days an ad sync pulls when the request leaves them out, in the ad account's reporting time
 * zone. Meta's Insights API and the Google Ads API both report a day as the account's own calendar
 * day (Meta: "data is reported in the ad account's time zone"; Google Ads: `segments.date` is in the
 * customer's `time_zone`), so "yesterday" is the account's yesterday: at 20:00 UTC, an account in
 * Auckland is already a day ahead of one in Los Angeles.
 */
import { addDays, type CalendarDay, daysBetween } from '../../../kernel/dates/calendar-day.ts';
import { DEFAULT_TIME_ZONE, type TimeZone, zonedDay } from '../../../kernel/dates/time-zone.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';

/**
 * Days a sync pulls by default: the last 30 complete days, so conversions the platforms attribute
 * late (Google Ads' default click-through conversion window is 30 days; Meta's default is 7-day click
 * / 1-day view) are pulled again as they settle. Stored days are upserts, so the overlap is harmless.
 */
export const DEFAULT_SYNC_DAYS = 30;

/** Longest range one connector sync may fetch (days). */
export const MAX_SYNC_DAYS = 93;

/** The time zone an account reports in: its own, else its workspace's, else UTC. */
export function accountTimeZone(
  own: TimeZone | null | undefined,
  workspace: TimeZone | null | undefined,
): TimeZone {
  return own ?? workspace ?? DEFAULT_TIME_ZONE;
}

/**
 * The inclusive days `[since, until]` of a sync at `now` for an account reporting in `timeZone`:
 * `until` defaults to yesterday there (the last complete day), `since` to {@link DEFAULT_SYNC_DAYS}
 * days ending at `until`; given days are kept as they are.
 * @throws OmnifyError `OMNIFY_ERR_VALIDATION` (field `/body/until`) when `until` is before `since` or
 *   the range is longer than {@link MAX_SYNC_DAYS} days; RangeError for an unknown zone.
 */
export function syncRange(
  requested: { since?: CalendarDay; until?: CalendarDay },
  timeZone: TimeZone,
  now: Date,
): { since: CalendarDay; until: CalendarDay } {
  const until = requested.until ?? addDays(zonedDay(now, timeZone), -1);
  const since = requested.since ?? addDays(until, -(DEFAULT_SYNC_DAYS - 1));
  const span = daysBetween(since, until);
  if (span < 0 || span >= MAX_SYNC_DAYS) {
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', `Sync 1 to ${MAX_SYNC_DAYS} days at a time.`, {
      fields: [
        {
          path: '/body/until',
          message: `must be on or after since (${since}) and within ${MAX_SYNC_DAYS} days of it${
            requested.until === undefined ? ` (left out, it is yesterday in ${timeZone}: ${until})` : ''
          }`,
        },
      ],
    });
  }
  return { since, until };
}
