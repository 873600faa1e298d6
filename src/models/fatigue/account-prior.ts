import type { DailySeries } from '../daily-metrics.ts';
import { adLife } from './ad-life.ts';
import { type DailyCtrTrend, dailyCtrTrend } from './daily-trend.ts';
import { type FatigueAccountPrior, type FatigueOptions, resolveFatigueOptions } from './fatigue-options.ts';

/**
 * Empirical-Bayes prior on the wear-out rate, borrowed across an account's ads.
 *
 * Each ad's daily CTR trend β_i (the floor-zero wear-out curve on the age axis, `daily-trend.ts`) is
 * estimated with its quasi-likelihood variance v_i. Across the account, β_i ~ N(μ, τ²) (a normal
 * prior on the decay rate; β may be positive for ads whose CTR rises). μ and τ² are estimated by the
 * method of moments of R. DerSimonian & N. Laird, "Meta-analysis in clinical trials", Controlled
 * Clinical Trials 7(3) (1986) 177–188: with w_i = 1/v_i, the fixed-effect mean β̄, Cochran's
 * Q = Σ w_i (β_i − β̄)², τ̂² = max(0, (Q − (K − 1)) / (Σw − Σw²/Σw)), and μ̂ = Σ w*_i β_i / Σ w*_i with
 * w*_i = 1/(v_i + τ̂²), Var(μ̂) = 1/Σ w*_i.
 *
 * An ad's posterior is the normal–normal shrinkage of B. Efron & C. Morris, "Data analysis using
 * Stein's estimator and its generalizations", JASA 70(350) (1975) 311–319, in the parametric
 * empirical-Bayes form of C. N. Morris, "Parametric empirical Bayes inference: theory and
 * applications", JASA 78(381) (1983) 47–55: with prior variance V = τ̂² + Var(μ̂) (the estimated mean's
 * own uncertainty added) and shrinkage B = v/(v + V), the posterior is N(μ̂ + (1 − B)(β̂ − μ̂), (1 − B)·v).
 * A low-volume ad (large v) is pulled to the account's typical rate; a high-volume one keeps its own.
 */

export type { FatigueAccountPrior } from './fatigue-options.ts';

/** Fewest ads with a trend for a prior (the method of moments needs several to estimate τ²). */
export const MIN_PRIOR_ADS = 3;

/**
 * The account prior from the ads' trends (see the module docstring); null with fewer than
 * {@link MIN_PRIOR_ADS} trends with a positive variance. Never throws.
 */
export function accountPriorFromTrends(trends: readonly DailyCtrTrend[]): FatigueAccountPrior | null {
  const usable = trends.filter((t) => t.slopeVariance > 0 && Number.isFinite(t.slope));
  const K = usable.length;
  if (K < MIN_PRIOR_ADS) return null;
  const w = usable.map((t) => 1 / t.slopeVariance);
  const sw = w.reduce((s, v) => s + v, 0);
  const sw2 = w.reduce((s, v) => s + v * v, 0);
  const fixed = usable.reduce((s, t, i) => s + w[i] * t.slope, 0) / sw;
  const q = usable.reduce((s, t, i) => s + w[i] * (t.slope - fixed) ** 2, 0);
  const tau2 = Math.max(0, (q - (K - 1)) / (sw - sw2 / sw));
  const ws = usable.map((t) => 1 / (t.slopeVariance + tau2));
  const sws = ws.reduce((s, v) => s + v, 0);
  return {
    ads: K,
    meanDailyTrend: usable.reduce((s, t, i) => s + ws[i] * t.slope, 0) / sws,
    meanVariance: 1 / sws,
    betweenAdVariance: tau2,
  };
}

/**
 * The account prior of a set of ads (one account's creatives) as of `options.asOf` (default: each
 * series' last point): each ad's daily CTR trend over its life up to then, with the fatigue options'
 * `baselineDays` and `minActiveDays`; ads without a trend (too few days or clicks) do not enter.
 * Returns null when fewer than {@link MIN_PRIOR_ADS} ads have one. Throws `OMNIFY_ERR_VALIDATION` on
 * invalid options or points (as `assessFatigue`). Pass the result as `options.prior` of
 * `assessFatigue` for each of the account's ads, as of the same day.
 */
export function fatigueAccountPrior(
  series: readonly DailySeries[],
  options: Pick<FatigueOptions, 'asOf' | 'baselineDays' | 'minActiveDays'> = {},
): FatigueAccountPrior | null {
  const trends: DailyCtrTrend[] = [];
  for (const s of series) {
    const o = resolveFatigueOptions(s, options);
    const t = dailyCtrTrend(adLife(s, o.asOf), o.baselineDays, o.minActiveDays);
    if (t) trends.push(t);
  }
  return accountPriorFromTrends(trends);
}

/** Posterior of one ad's daily trend under the prior (see the module docstring); per day and per day². */
export function posteriorDailyTrend(
  own: Pick<DailyCtrTrend, 'slope' | 'slopeVariance'>,
  prior: FatigueAccountPrior,
): { mean: number; variance: number; shrinkage: number } {
  const V = prior.betweenAdVariance + prior.meanVariance;
  const B = own.slopeVariance / (own.slopeVariance + V);
  return {
    mean: prior.meanDailyTrend + (1 - B) * (own.slope - prior.meanDailyTrend),
    variance: (1 - B) * own.slopeVariance,
    shrinkage: B,
  };
}
