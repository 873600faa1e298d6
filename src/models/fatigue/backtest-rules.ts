import { daysBetween } from '../../kernel/dates/calendar-day.ts';
import type { DailySeries } from '../daily-metrics.ts';
import { assessFatigue } from './assess-fatigue.ts';
import { DEFAULT_FATIGUE_OPTIONS, type FatigueOptions } from './fatigue-options.ts';

/**
 * Alert rules and ground truth of the fatigue backtest (`backtest.ts`).
 */

/** An alert rule for the backtest: true when the ad should be flagged as of `asOf` (data ≤ asOf only). */
export type FatigueAlertRule = (
  series: DailySeries,
  asOf: string,
  options: Omit<FatigueOptions, 'asOf'>,
) => boolean;

/** The model's rule: `assessFatigue` says `warning` or `fatigued`. */
export const modelAlertRule: FatigueAlertRule = (series, asOf, options) => {
  const status = assessFatigue(series, { ...options, asOf, includeChart: false }).status;
  return status === 'warning' || status === 'fatigued';
};

/**
 * Naive benchmark without a model: alert when the pooled CTR of the last `recentDays` days is below
 * (thresholdRatio + margin) × the pooled CTR of the first `baselineDays` days of life (margin 0.1 =
 * alert at 80 % of baseline for a 70 % threshold). `margin` ≥ 0.
 */
export function trailingCtrDropRule(margin = 0.1): FatigueAlertRule {
  return (series, asOf, options) => {
    const o = { ...DEFAULT_FATIGUE_OPTIONS, ...options };
    const pts = series.points.filter((p) => p.date <= asOf);
    const first = pts.findIndex((p) => p.impressions > 0);
    if (first < 0) return false;
    const life = pts.slice(first);
    const window = life.filter((p) => daysBetween(p.date, asOf) < o.recentDays);
    const early = life.filter((p) => daysBetween(life[0].date, p.date) < o.baselineDays);
    const ctr = (xs: typeof pts) => {
      const n = xs.reduce((a, p) => a + p.impressions, 0);
      return n > 0 ? xs.reduce((a, p) => a + Math.min(p.clicks, p.impressions), 0) / n : null;
    };
    const now = ctr(window);
    const base = ctr(early);
    return now !== null && base !== null && now < (o.thresholdRatio + margin) * base;
  };
}

/**
 * Actual crossing day of an ad: the first day after the baseline window whose centred
 * (2·half + 1)-day pooled CTR is below ratio × the pooled CTR of the first `baselineDays` days, and
 * stays below for `persistDays` days in a row; null if none. `life` holds consecutive calendar days
 * starting at the first day with impressions; days without a full centred window are not judged.
 */
export function actualCrossing(
  life: readonly { date: string; impressions: number; clicks: number }[],
  baselineDays: number,
  ratio: number,
  half: number,
  persistDays = 1,
): string | null {
  const clicks = (i: number) => Math.min(life[i].clicks, life[i].impressions);
  let bn = 0;
  let by = 0;
  for (let i = 0; i < Math.min(baselineDays, life.length); i++) {
    bn += life[i].impressions;
    by += clicks(i);
  }
  if (bn === 0) return null;
  const threshold = (ratio * by) / bn;
  const below = (t: number): boolean => {
    let n = 0;
    let y = 0;
    for (let j = t - half; j <= t + half; j++) {
      n += life[j].impressions;
      y += clicks(j);
    }
    return n > 0 && y / n < threshold;
  };
  let run = 0;
  for (let t = Math.max(baselineDays, half); t + half < life.length; t++) {
    run = below(t) ? run + 1 : 0;
    if (run >= persistDays) return life[t - persistDays + 1].date;
  }
  return null;
}
