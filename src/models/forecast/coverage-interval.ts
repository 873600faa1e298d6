/**
 * Sampling error of a backtest's interval coverage. The days forecast from one origin of one series
 * share that origin's errors, so they are not independent trials; the unit of evidence is the case
 * (series × origin). A case's coverage c is a share in [0, 1] with mean p, so its variance is at most
 * p(1 − p) (R. Bhatia & C. Davis, "A better bound on the variance", American Mathematical Monthly 107
 * (2000) 353–357), the variance of one Bernoulli trial: treating each of the n cases as one trial
 * bounds the standard error of the mean coverage by √(p(1 − p)/n), and the score interval of
 * E. B. Wilson, "Probable inference, the law of succession, and statistical inference", JASA 22 (1927)
 * 209–212, with n cases is a conservative confidence interval for it (cases of one calendar date in
 * different series may still be correlated, which it does not cover). Christoffersen's (1998)
 * unconditional-coverage test counts days as independent hits and would be too narrow here.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * The Wilson score interval for a share `p` (0..1) observed over `n` ≥ 0 independent trials, at
 * confidence `level` (default 0.95, z = Φ⁻¹(0.975) ≈ 1.96): centre (p + z²/2n)/(1 + z²/n), half-width
 * z·√(p(1 − p)/n + z²/4n²)/(1 + z²/n). Returns [0, 1] when n = 0. `p` may be a mean of shares (see the
 * file comment).
 */
export function wilsonInterval(p: number, n: number, level = 0.95): { lower: number; upper: number } {
  if (n <= 0) return { lower: 0, upper: 1 };
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1);
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
