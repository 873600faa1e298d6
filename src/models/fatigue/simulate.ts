import gamma from '@stdlib/random-base-gamma';
import poisson from '@stdlib/random-base-poisson';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import type { DailyMetrics, DailySeries } from '../daily-metrics.ts';
import { ctrAt, type WearOutParams } from './wear-out-model.ts';

/** Options of {@link simulateWearOutSeries}. */
export interface WearOutSimulation {
  key?: string;
  /** First day, `YYYY-MM-DD` UTC (default 2020-04-01). */
  start?: string;
  /** Number of days (default 90). */
  days?: number;
  /** Mean impressions per day; each day draws Poisson around it (default 20,000). */
  impressionsPerDay?: number;
  /** True wear-out curve on the cumulative-impressions axis. */
  params: WearOutParams;
  /**
   * Shape s of the mean-1 Gamma multiplier on each day's CTR (extra-binomial day-to-day noise, variance
   * 1/s); `Infinity` for pure Poisson-binomial clicks (default 200).
   */
  ctrNoiseShape?: number;
  /** Cost per thousand impressions in minor units (default 500 = $5 CPM). */
  cpmMinor?: number;
  /** Conversions per click (default 0.05). */
  conversionRate?: number;
  /** Seed of the generators (required: every draw is reproducible). */
  seed: number;
}

/**
 * Draws a daily series whose clicks follow the wear-out curve: day t serves Iₜ ~ Poisson(mean)
 * impressions, its CTR is the curve at the day's mid exposure times a Gamma(s, 1/s) day effect, and
 * clicks ~ Poisson(Iₜ·CTR) (the Poisson limit of the binomial for small CTR; the Gamma–Poisson mixture
 * is the negative-binomial overdispersion of M. Greenwood & G. U. Yule, J. R. Stat. Soc. 83 (1920)
 * 255–279). Spend is impressions × CPM; conversions ~ Poisson(clicks × rate). Money in minor units.
 * Test and demo helper; deterministic for a given seed.
 */
export function simulateWearOutSeries(o: WearOutSimulation): DailySeries {
  const days = o.days ?? 90;
  const mean = o.impressionsPerDay ?? 20_000;
  const shape = o.ctrNoiseShape ?? 200;
  const cpm = o.cpmMinor ?? 500;
  const cvr = o.conversionRate ?? 0.05;
  const poissonDraw = poisson.factory({ seed: o.seed });
  // stdlib's Poisson gives NaN for a zero mean (a day without clicks has no conversions).
  const pois = (mean: number) => (mean > 0 ? poissonDraw(mean) : 0);
  const gam = gamma.factory({ seed: o.seed + 7919 });
  const start = o.start ?? '2020-04-01';
  const points: DailyMetrics[] = [];
  let exposure = 0;
  for (let t = 0; t < days; t++) {
    const impressions = pois(mean);
    const noise = Number.isFinite(shape) ? gam(shape, shape) : 1;
    const ctr = Math.min(1, ctrAt(o.params, exposure + impressions / 2) * noise);
    const clicks = Math.min(impressions, pois(impressions * ctr));
    points.push({
      date: addDays(start, t),
      impressions,
      clicks,
      spendMinor: Math.round((impressions * cpm) / 1000),
      conversions: pois(clicks * cvr),
      revenueMinor: 0,
    });
    exposure += impressions;
  }
  return { key: o.key ?? `sim-${o.seed}`, currency: 'USD', points };
}
