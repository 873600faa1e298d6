/**
 * Seeded simulation from the additive-error ETS models (Hyndman, Koehler, Ord & Snyder, "Forecasting
 * with Exponential Smoothing: The State Space Approach", 2008, ch. 3; FPP3 Table 8.7):
 * y_t = ℓ_{t−1} + φ_T b_{t−1} + s_{t−m} + ε_t, ε_t ~ N(0, σ²) i.i.d., with the state updated by the
 * recursion of `ets-model.ts`. Used to test parameter recovery and interval coverage.
 */
import normal from '@stdlib/random-base-normal';
import { type EtsParams, type EtsSpec, type EtsState, trendFactor } from './ets-model.ts';

/** Output of {@link simulateEts}: the series and the innovations that produced it. */
export interface EtsSimulation {
  y: number[];
  innovations: number[];
}

/**
 * Draws `n` values from the model `spec` with parameters `params`, seed state `init` (season in order
 * of use, length m or 0) and innovation standard deviation `sigma`, using the PRNG seeded by `seed`
 * (same seed, same series). Never throws for finite inputs.
 */
export function simulateEts(
  spec: EtsSpec,
  params: EtsParams,
  init: EtsState,
  n: number,
  sigma: number,
  seed: number,
): EtsSimulation {
  const draw = normal.factory({ seed }) as (mu: number, sigma: number) => number;
  const tf = trendFactor(spec, params.phi);
  const s = init.season.slice();
  const m = s.length;
  let level = init.level;
  let trend = spec.trend === 'N' ? 0 : init.trend;
  const y: number[] = [];
  const innovations: number[] = [];
  for (let t = 0; t < n; t++) {
    const e = draw(0, sigma);
    const base = level + tf * trend;
    const seas = m > 0 ? s[t % m] : 0;
    y.push(base + seas + e);
    innovations.push(e);
    level = base + params.alpha * e;
    trend = tf * trend + params.beta * e;
    if (m > 0) s[t % m] = seas + params.gamma * e;
  }
  return { y, innovations };
}
