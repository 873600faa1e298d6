/**
 * One seeded random stream for the demo generators. Every draw comes from a single Mersenne Twister
 * (M. Matsumoto & T. Nishimura, "Mersenne Twister: a 623-dimensionally equidistributed uniform
 * pseudo-random number generator", ACM TOMACS 8(1) (1998) 3–30) via `@stdlib/random-base-randu`;
 * the stdlib gamma (Marsaglia & Tsang 2000), beta, Poisson and normal samplers are built on that same
 * uniform stream (`prng` option), so a seed fixes the whole output and no draw uses `Math.random`.
 */
import beta from '@stdlib/random-base-beta';
import gamma from '@stdlib/random-base-gamma';
import normal from '@stdlib/random-base-normal';
import poisson from '@stdlib/random-base-poisson';
import randu from '@stdlib/random-base-randu';
import { validationError } from './validate.ts';

/** Seeded samplers sharing one uniform stream; the call order fixes the sequence. */
export interface SeededRandom {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Normal with mean `mean` and standard deviation `sd` (sd ≥ 0). */
  normal(mean: number, sd: number): number;
  /** Gamma with shape `shape` > 0 and **rate** `rate` > 0 (mean shape/rate). */
  gamma(shape: number, rate: number): number;
  /** Beta(a, b), a, b > 0. */
  beta(a: number, b: number): number;
  /** Poisson with mean `mean` ≥ 0 (0 when mean is 0). */
  poisson(mean: number): number;
  /**
   * Binomial(n, prob): exact Bernoulli sum for n ≤ 500, else the Poisson limit Poisson(n·prob) for
   * prob ≤ 0.05 and the normal approximation N(n·prob, n·prob·(1−prob)) otherwise, rounded and clamped
   * to [0, n] (De Moivre–Laplace). n must be a non-negative integer, prob in [0, 1].
   */
  binomial(n: number, prob: number): number;
}

/**
 * Creates the seeded stream. `seed`: integer in [1, 2³²−1] (MT19937 seed). Throws
 * `OmnifyError('OMNIFY_ERR_VALIDATION')` for any other seed.
 */
export function createRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff) {
    throw validationError('/seed', `must be an integer in [1, 4294967295], got ${seed}`);
  }
  const u = randu.factory({ seed, name: 'mt19937' });
  const opts = { prng: u };
  const gammaDraw = gamma.factory(opts);
  const betaDraw = beta.factory(opts);
  const normalDraw = normal.factory(opts);
  const poissonDraw = poisson.factory(opts);
  const uniform = (): number => u();
  const pois = (mean: number): number => (mean > 0 ? poissonDraw(mean) : 0);
  return {
    uniform,
    normal: (mean, sd) => (sd > 0 ? normalDraw(mean, sd) : mean),
    gamma: (shape, rate) => gammaDraw(shape, rate),
    beta: (a, b) => betaDraw(a, b),
    poisson: pois,
    binomial: (n, prob) => {
      if (n <= 0 || prob <= 0) return 0;
      if (prob >= 1) return n;
      if (n <= 500) {
        let k = 0;
        for (let i = 0; i < n; i++) if (u() < prob) k++;
        return k;
      }
      const draw =
        prob <= 0.05 ? pois(n * prob) : Math.round(normalDraw(n * prob, Math.sqrt(n * prob * (1 - prob))));
      return Math.min(n, Math.max(0, draw));
    },
  };
}
