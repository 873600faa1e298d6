import { addDays, daysBetween } from '../../kernel/dates/calendar-day.ts';
import { type DailyMetrics, type DailySeries, fillMissingDays } from '../daily-metrics.ts';

/**
 * Gap-filled points of `series` up to and including `asOf` (null = all), with zero days appended when
 * `asOf` is after the last point (a paused ad). Points must be ascending by date (validated by
 * `resolveFatigueOptions`). Never throws.
 */
export function cutToAsOf(series: DailySeries, asOf: string | null): DailyMetrics[] {
  const pts = series.points;
  // fillMissingDays parses every date; skip it when the series has no gaps (the common case).
  const gapless = pts.length === 0 || daysBetween(pts[0].date, pts[pts.length - 1].date) === pts.length - 1;
  const filled = (gapless ? pts : fillMissingDays(series).points).filter(
    (p) => asOf === null || p.date <= asOf,
  );
  const last = filled[filled.length - 1];
  if (asOf !== null && last && last.date < asOf) {
    const gap = daysBetween(last.date, asOf);
    for (let i = 1; i <= gap; i++)
      filled.push({
        date: addDays(last.date, i),
        impressions: 0,
        clicks: 0,
        spendMinor: 0,
        conversions: 0,
        revenueMinor: 0,
      });
  }
  return filled;
}

/** The ad's life as of `asOf`: {@link cutToAsOf} from its first day with impressions (empty if none). */
export function adLife(series: DailySeries, asOf: string | null): DailyMetrics[] {
  const points = cutToAsOf(series, asOf);
  const first = points.findIndex((p) => p.impressions > 0);
  return first < 0 ? [] : points.slice(first);
}
