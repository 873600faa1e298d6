/**
 * Seeded synthetic campaigns for tests and demos: daily spend drawn uniformly in a range and the
 * outcome from the known curve (response-curve.ts) plus Gaussian noise, so that fitting can be
 * checked by known-parameter recovery.
 */
import normal from '@stdlib/random-base-normal';
import { seededUniform } from './bootstrap.ts';
import { expectedOutcomeSeries, type ResponseCurveParams } from './response-curve.ts';

/** A simulated campaign: integer daily spend (minor units), noisy and noiseless outcome per day. */
export interface SimulatedCampaign {
  spendMinor: number[];
  outcome: number[];
  expected: number[];
}

/**
 * Simulates `days` days: spend_t ~ Uniform[spendMin, spendMax] rounded to minor units (i.i.d.),
 * y_t = baseline + β·hill(adstock_t) + N(0, noiseSd²).
 *
 * @param opts.seed seeds both the spend and the noise streams (Mersenne Twister)
 */
export function simulateCampaign(opts: {
  truth: ResponseCurveParams;
  days: number;
  spendMin: number;
  spendMax: number;
  noiseSd: number;
  seed: number;
}): SimulatedCampaign {
  const u = seededUniform(opts.seed);
  const nz = normal.factory({ seed: opts.seed + 7919 }) as (mu: number, sigma: number) => number;
  const spendMinor = Array.from({ length: opts.days }, () =>
    Math.round(opts.spendMin + (opts.spendMax - opts.spendMin) * u()),
  );
  const expected = expectedOutcomeSeries(spendMinor, opts.truth);
  return { spendMinor, outcome: expected.map((m) => m + nz(0, opts.noiseSd)), expected };
}
