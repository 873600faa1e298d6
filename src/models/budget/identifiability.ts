/**
 * Honest reporting of how well one campaign's response curve is determined by its data. Observational
 * spend that hardly varies, or never reaches saturation, leaves the Hill shape weakly identified (Jin
 * et al. 2017, §4, "Bayesian Methods for Media Mix Modeling with Carryover and Shape Effects", show
 * that the shape parameters need wide spend variation; Robyn and Meridian rely on priors for the same
 * reason). Instead of priors we report the problem, with reasons a dashboard can show.
 */
import { quantileSorted } from 'simple-statistics';
import type { BoundHit } from './least-squares.ts';
import { marginalResponse, type ResponseCurveParams } from './response-curve.ts';

/** `good`: shape learned from the data; `weak`: usable with care; `poor`: do not act on the curve. */
export type IdentifiabilityLevel = 'good' | 'weak' | 'poor';

/** Verdict with the reasons behind it and the numbers used. */
export interface Identifiability {
  level: IdentifiabilityLevel;
  /** Human-readable reasons, empty when `good`. */
  reasons: string[];
  metrics: {
    /** Coefficient of variation of daily spend (sd / mean). */
    spendCv: number;
    /** Share of outcome variance explained by the curve. */
    r2: number;
    /** Ratio of the 95% to the 5% bootstrap quantile of γ (1 = exact); null without draws. */
    gammaSpread: number | null;
    /** (q95 − q05) / |median| of the bootstrap marginal return at mean spend; null without draws. */
    marginalReturnSpread: number | null;
  };
}

/** Thresholds of {@link assessIdentifiability} (documented in docs/intelligence/budget.md). */
export const IDENTIFIABILITY_THRESHOLDS = {
  poorSpendCv: 0.1,
  weakSpendCv: 0.2,
  weakR2: 0.2,
  poorR2: 0.05,
  weakGammaSpread: 3,
  weakMarginalReturnSpread: 1,
} as const;

/**
 * Grades identifiability from spend variation, fit quality, parameters at their bounds, whether the
 * bootstrap draws (≥ 20 needed) cover the estimates of α and γ, and the bootstrap spread of γ and of the
 * marginal return at mean spend (thresholds in {@link IDENTIFIABILITY_THRESHOLDS}).
 */
export function assessIdentifiability(input: {
  spendCv: number;
  r2: number;
  meanSpend: number;
  atBound: { theta: BoundHit; alpha: BoundHit; gamma: BoundHit };
  params: ResponseCurveParams;
  draws: readonly ResponseCurveParams[];
}): Identifiability {
  const T = IDENTIFIABILITY_THRESHOLDS;
  const poor: string[] = [];
  const weak: string[] = [];
  const { spendCv, r2 } = input;
  if (spendCv < T.poorSpendCv)
    poor.push(`daily spend barely varies (CV ${spendCv.toFixed(2)}): the curve shape cannot be learned`);
  else if (spendCv < T.weakSpendCv)
    weak.push(`daily spend varies little (CV ${spendCv.toFixed(2)}): the curve shape is uncertain`);
  if (r2 < T.poorR2) poor.push(`spend explains almost none of the outcome variation (R² ${r2.toFixed(2)})`);
  else if (r2 < T.weakR2) weak.push(`spend explains little of the outcome variation (R² ${r2.toFixed(2)})`);
  if (input.atBound.gamma === 'upper')
    weak.push('half-saturation γ sits at the top of the observed spend: saturation is not observed');
  if (input.atBound.gamma === 'lower')
    weak.push('half-saturation γ sits at the bottom of the observed spend: saturated over the whole range');
  if (input.atBound.alpha !== null) weak.push(`Hill shape α sits at its ${input.atBound.alpha} bound`);
  if (input.atBound.theta === 'upper') weak.push('adstock decay θ sits at its upper bound 0.9');

  let gammaSpread: number | null = null;
  let marginalReturnSpread: number | null = null;
  if (input.draws.length >= 20) {
    for (const k of ['alpha', 'gamma'] as const) {
      if (input.atBound[k] !== null) continue; // at a bound the draws pile up there: already reported
      const v = input.draws.map((d) => d[k]).sort((a, b) => a - b);
      const x = input.params[k];
      const slack = 0.01 * (v[v.length - 1] - v[0]);
      if (x < quantileSorted(v, 0.05) - slack || x > quantileSorted(v, 0.95) + slack)
        weak.push(
          `the estimate of ${k} lies outside its own 90% bootstrap range: the fit is flat or multi-modal`,
        );
    }
    const g = input.draws.map((d) => d.gamma).sort((a, b) => a - b);
    gammaSpread = quantileSorted(g, 0.95) / quantileSorted(g, 0.05);
    const m = input.draws.map((d) => marginalResponse(d, input.meanSpend)).sort((a, b) => a - b);
    const med = Math.abs(quantileSorted(m, 0.5));
    marginalReturnSpread = med > 0 ? (quantileSorted(m, 0.95) - quantileSorted(m, 0.05)) / med : Infinity;
    if (gammaSpread > T.weakGammaSpread)
      weak.push(
        `half-saturation γ is poorly determined (90% bootstrap range spans ×${gammaSpread.toFixed(1)})`,
      );
    if (marginalReturnSpread > T.weakMarginalReturnSpread)
      weak.push(
        `marginal return at mean spend is uncertain (90% range ${marginalReturnSpread.toFixed(1)}× its median)`,
      );
  }
  const level: IdentifiabilityLevel = poor.length > 0 ? 'poor' : weak.length > 0 ? 'weak' : 'good';
  return { level, reasons: [...poor, ...weak], metrics: { spendCv, r2, gammaSpread, marginalReturnSpread } };
}
