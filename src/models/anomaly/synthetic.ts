import normal from '@stdlib/random-base-normal';
import poisson from '@stdlib/random-base-poisson';
import { addDays, weekday as weekdayOf } from '../../kernel/dates/calendar-day.ts';
import type { DailyMetrics, DailySeries } from '../daily-metrics.ts';

/**
 * Seeded synthetic daily ad series with known structure, for tests and the speed script: impressions
 * = level × weekday factor × lognormal day noise; clicks ~ Poisson(impressions × CTR × lognormal CTR
 * noise); conversions ~ Poisson(clicks × conversion rate); spend = clicks × CPC; revenue = conversions
 * × order value (money in integer minor units).
 */

/** Parameters of {@link syntheticSeries}. Rates are fractions; money in minor units. */
export interface SyntheticSpec {
  days: number;
  /** First day, `YYYY-MM-DD` (default 2024-01-01, a Monday). */
  start?: string;
  /** Mean daily impressions before the weekday factor. */
  impressions: number;
  ctr: number;
  conversionRate: number;
  cpcMinor: number;
  orderValueMinor: number;
  /** Seven multipliers, index 0 = Sunday (default all 1). */
  weekly?: readonly number[];
  /** Standard deviation of ln(day traffic multiplier) (default 0). */
  trafficNoise?: number;
  /** Standard deviation of ln(day CTR multiplier) (default 0: pure Poisson clicks). */
  ctrNoise?: number;
}

/**
 * Draws one series. The same `seed` (integer ≥ 1) always gives the same series.
 */
export function syntheticSeries(key: string, spec: SyntheticSpec, seed: number): DailySeries {
  const gauss = normal.factory(0, 1, { seed });
  const pois = poisson.factory({ seed: seed + 1 });
  const start = spec.start ?? '2024-01-01';
  const points: DailyMetrics[] = [];
  for (let t = 0; t < spec.days; t++) {
    const weekday = weekdayOf(addDays(start, t));
    const factor = spec.weekly?.[weekday] ?? 1;
    const impressions = Math.round(spec.impressions * factor * Math.exp((spec.trafficNoise ?? 0) * gauss()));
    const ctr = spec.ctr * Math.exp((spec.ctrNoise ?? 0) * gauss());
    const clicks = Math.min(impressions, pois(impressions * ctr));
    const conversions = clicks > 0 ? pois(clicks * spec.conversionRate) : 0;
    points.push({
      date: addDays(start, t),
      impressions,
      clicks,
      spendMinor: Math.round(clicks * spec.cpcMinor),
      conversions,
      revenueMinor: Math.round(conversions * spec.orderValueMinor),
    });
  }
  return { key, currency: 'USD', points };
}
