import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { deltaMethodVariance } from './observed-information.ts';
import { paramsFromTheta, type WearOutFit } from './wear-out-fit.ts';
import { crossingExposure, meanCtr } from './wear-out-model.ts';

/**
 * Where the fitted wear-out curve crosses the fatigue threshold, with a delta-method interval.
 *
 * Baseline = the fitted mean CTR over the ad's early life (exposure [0, E_b], E_b the exposure at the
 * end of the baseline window); threshold T = ratio × baseline; crossing exposure E* solves
 * CTR(E*) = T (see `crossingExposure`). The interval is Wald on ln E*: ln E* ± z·se, with
 * se² = ∇ᵀ Σ ∇, ∇ the gradient of ln E* in θ by central differences and Σ the quasi-likelihood
 * covariance of the fit (first-order delta method: G. W. Oehlert, "A note on the delta method",
 * The American Statistician 46(1) (1992) 27–29). Working on the log scale keeps the bounds positive.
 */

/** Output of {@link predictCrossingExposure}; exposures in the fit's axis units (impressions or days). */
export interface CrossingExposure {
  /** Fitted early-life CTR (fraction). */
  baselineCtr: number;
  /** ratio × baseline (fraction). */
  thresholdCtr: number;
  /** E*: exposure where the curve reaches the threshold; null if it levels off above it. */
  exposure: number | null;
  /** Interval for E* at the requested level; null when E* is null or the covariance is unavailable. */
  interval: { from: number; to: number } | null;
  /** Delta-method standard error of ln E* (null when `interval` is null). */
  logSe: number | null;
}

/**
 * Computes the baseline, threshold, E* and its interval for `fit`. `baselineExposure` is E_b (> 0),
 * `ratio` in (0, 1), `level` the two-sided interval level in (0, 1). Never throws.
 */
export function predictCrossingExposure(
  fit: WearOutFit,
  baselineExposure: number,
  ratio: number,
  level: number,
): CrossingExposure {
  const at = (theta: readonly number[]) => {
    const p = paramsFromTheta(theta, fit.exposureScale);
    const baselineCtr = meanCtr(p, 0, baselineExposure);
    const thresholdCtr = ratio * baselineCtr;
    return { baselineCtr, thresholdCtr, exposure: crossingExposure(p, thresholdCtr) };
  };
  // The fit's own parameters (θ may sit at a boundary encoding, e.g. floor 0).
  const baselineCtr = meanCtr(fit.params, 0, baselineExposure);
  const thresholdCtr = ratio * baselineCtr;
  const exposure = fit.params.decayRate > 0 ? crossingExposure(fit.params, thresholdCtr) : null;
  const none = { baselineCtr, thresholdCtr, exposure, interval: null, logSe: null };
  if (exposure === null || exposure <= 0 || fit.covariance === null) return none;
  const cov = fit.covariance;
  const h = 1e-4;
  const grad: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (cov[i][i] === 0) {
      grad.push(0);
      continue;
    }
    const up = fit.theta.slice();
    const down = fit.theta.slice();
    up[i] += h;
    down[i] -= h;
    const eu = at(up).exposure;
    const ed = at(down).exposure;
    if (eu === null || ed === null || eu <= 0 || ed <= 0) return none;
    grad.push((Math.log(eu) - Math.log(ed)) / (2 * h));
  }
  const se = Math.sqrt(Math.max(0, deltaMethodVariance(grad, cov)));
  const z = normalQuantile(0.5 + level / 2, 0, 1);
  return {
    ...none,
    logSe: se,
    interval: { from: exposure * Math.exp(-z * se), to: exposure * Math.exp(z * se) },
  };
}
