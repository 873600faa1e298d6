import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { type FatigueAccountPrior, posteriorDailyTrend } from './account-prior.ts';
import type { DailyCtrTrend } from './daily-trend.ts';

/**
 * The crossing of a low-volume ad dated from its empirical-Bayes posterior daily CTR trend
 * (`account-prior.ts`): ln CTR(t) = a + β̃·(t − t̄), t the age in days, a the ad's own fitted level at
 * its mean age t̄ (uncorrelated with the slope because t is centred), β̃ ~ N(m, v) the posterior slope.
 * The fitted baseline sits at the baseline window's impression-weighted mean age t_b, so the CTR
 * reaches ratio × baseline at age t* = t_b + ln(ratio)/β̃ (never when β̃ ≥ 0). t* is decreasing in
 * β̃ < 0, so P(t* ≤ A) = Φ((ln(ratio)/(A − t_b) − m)/√v) and the interval for t* maps the normal
 * quantiles of β̃.
 */

/** The posterior crossing of {@link crossingFromPrior}; days are counted from the as-of day. */
export interface PriorCrossing {
  /** The ad's own slope, the posterior slope, its standard deviation (per day), and the shrinkage B. */
  ownSlope: number;
  posteriorSlope: number;
  posteriorSd: number;
  shrinkage: number;
  /** Fitted trend CTR over the baseline window, the threshold, and the fitted CTR today (fractions). */
  baselineCtr: number;
  thresholdCtr: number;
  fittedCurrentCtr: number;
  /** Days from as-of to the crossing at the posterior mean slope (≤ 0: passed); null if none within horizon. */
  daysUntilCrossing: number | null;
  /** Interval in days from as-of at `level`; `to` null when beyond the horizon or never. */
  interval: { from: number; to: number | null } | null;
  /** P(crossing within `windowDays` of as-of) under the posterior. */
  probabilityWithin: number;
}

/**
 * Dates the crossing from `trend` (the ad's own daily trend, as of its last day, age A = `trend.age`)
 * and the account `prior`. `ratio` in (0, 1), `level` in (0, 1), `windowDays` and `horizonDays` ≥ 1.
 * Never throws.
 */
export function crossingFromPrior(
  trend: DailyCtrTrend,
  prior: FatigueAccountPrior,
  ratio: number,
  level: number,
  windowDays: number,
  horizonDays: number,
): PriorCrossing {
  const post = posteriorDailyTrend(trend, prior);
  const sd = Math.sqrt(post.variance);
  const a = Math.log(trend.levelCtr);
  const ctrAtAge = (t: number) => Math.exp(a + post.mean * (t - trend.meanAge));
  const baselineCtr = ctrAtAge(trend.baselineAge);
  const A = trend.age;
  /** Crossing age for slope b (null when the CTR never falls). */
  const crossingAge = (b: number) => (b < 0 ? trend.baselineAge + Math.log(ratio) / b : null);
  /** Whole days from as-of to the crossing at age t (null beyond the horizon). */
  const toDays = (t: number | null) => {
    if (t === null) return null;
    const d = Math.ceil(t - A);
    return d <= horizonDays ? d : null;
  };
  const byAge = (age: number) =>
    age <= trend.baselineAge
      ? 0
      : normalCdf((Math.log(ratio) / (age - trend.baselineAge) - post.mean) / sd, 0, 1);
  const z = normalQuantile(0.5 + level / 2, 0, 1);
  const from = toDays(crossingAge(post.mean - z * sd));
  return {
    ownSlope: trend.slope,
    posteriorSlope: post.mean,
    posteriorSd: sd,
    shrinkage: post.shrinkage,
    baselineCtr,
    thresholdCtr: ratio * baselineCtr,
    fittedCurrentCtr: ctrAtAge(A),
    daysUntilCrossing: toDays(crossingAge(post.mean)),
    interval: from === null ? null : { from, to: toDays(crossingAge(post.mean + z * sd)) },
    probabilityWithin:
      sd > 0
        ? byAge(A + windowDays)
        : crossingAge(post.mean) !== null && (crossingAge(post.mean) as number) <= A + windowDays
          ? 1
          : 0,
  };
}
