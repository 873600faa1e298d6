import normal from '@stdlib/random-base-normal';
import { shEsd } from './s-h-esd.ts';
import { residualScaleFactor } from './scale-calibration.ts';

/**
 * Monte Carlo of S-H-ESD under the null (Gaussian white noise), used to calibrate the residual scale
 * (scale-calibration.ts) and, in tests, to check that calibration.
 */

/** Options of {@link nullFlagRate}. */
export interface NullSimulationOptions {
  replicates: number;
  seed: number;
  /** Scale factor to test; default {@link residualScaleFactor}(n). */
  scaleFactor?: number;
  trendWindow?: number;
  alpha?: number;
  /** Default true (see `ShEsdOptions.leaveOneOut`). */
  leaveOneOut?: boolean;
}

/**
 * Share of Gaussian white-noise series of length n (weekdays cycling from Sunday) in which S-H-ESD
 * flags at least one point: the family-wise false-alarm rate, which calibration sets to α.
 */
export function nullFlagRate(n: number, opts: NullSimulationOptions): number {
  const gauss = normal.factory(0, 1, { seed: opts.seed });
  const weekdays = new Uint8Array(n);
  for (let t = 0; t < n; t++) weekdays[t] = t % 7;
  const x = new Float64Array(n);
  let hits = 0;
  for (let r = 0; r < opts.replicates; r++) {
    for (let t = 0; t < n; t++) x[t] = gauss();
    const fit = shEsd(x, weekdays, {
      trendWindow: opts.trendWindow ?? 21,
      alpha: opts.alpha,
      scaleFactor: opts.scaleFactor ?? residualScaleFactor(n),
      leaveOneOut: opts.leaveOneOut,
    });
    if (fit.status === 'ok' && fit.flags.includes(1)) hits++;
  }
  return hits / opts.replicates;
}
