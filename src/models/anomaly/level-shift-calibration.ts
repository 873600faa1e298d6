/**
 * Critical values of the level-shift scan (`level-shift.ts`) by Monte Carlo, as the S-H-ESD scale is
 * calibrated (scale-calibration.ts): the scan's maximum |Z| over a series is not Gaussian (overlapping
 * windows, a scale estimated from the series itself in two passes, short windows at the end), and
 * Bonferroni over the disjoint windows flagged 22 % of 91-day Gaussian white-noise series at
 * α = 0.05. The table holds, per series length n, the 90 %, 95 % and 99 % quantiles of max |Z| on
 * Gaussian white noise (window 7, baseline 14, from 3 after-days; 6,000 replicates, seed 20261207; a
 * second run of 3,000 replicates on seed 99 agreed within 0.12 at 90 %, 0.23 at 95 % and 0.62 at
 * 99 %, the 99 % tail being the least stable).
 * Between grid points λ is linear in 1/n, between levels linear in ln α; beyond the table, the nearest
 * grid row, and below α = 0.01 / above 0.1 the line through the two nearest levels.
 */

/** (n, λ at α = 0.1, 0.05, 0.01). */
export const LEVEL_SHIFT_CRITICAL: readonly (readonly [number, number, number, number])[] = [
  [35, 4.064, 4.898, 6.852],
  [42, 3.767, 4.357, 5.913],
  [60, 4.835, 5.871, 8.353],
  [91, 4.843, 5.722, 7.707],
  [120, 4.633, 5.326, 7.004],
  [180, 4.464, 4.938, 6.089],
  [270, 4.479, 4.883, 5.716],
  [365, 4.447, 4.809, 5.492],
];

const LEVELS = [0.1, 0.05, 0.01].map(Math.log);

/** λ(n) at each of the three levels, interpolated linearly in 1/n. */
function row(n: number): readonly number[] {
  const t = LEVEL_SHIFT_CRITICAL;
  if (n <= t[0][0]) return t[0].slice(1);
  for (let i = 1; i < t.length; i++) {
    if (n <= t[i][0]) {
      const a = t[i - 1];
      const b = t[i];
      const w = (1 / n - 1 / a[0]) / (1 / b[0] - 1 / a[0]);
      return [1, 2, 3].map((k) => a[k] + w * (b[k] - a[k]));
    }
  }
  return t[t.length - 1].slice(1);
}

/**
 * Critical value of max |Z| for a scan of `n` days at family-wise level `alpha` (Gaussian white noise
 * flags with probability ≈ α). Calibrated for the default windows (7 and 14 days).
 */
export function levelShiftCritical(n: number, alpha: number): number {
  const r = row(n);
  const la = Math.log(alpha);
  const [i, j] = la >= LEVELS[1] ? [0, 1] : [1, 2];
  const w = (la - LEVELS[i]) / (LEVELS[j] - LEVELS[i]);
  return r[i] + w * (r[j] - r[i]);
}
