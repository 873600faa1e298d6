import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedFromTheta } from './ets-fit.ts';
import { type EtsSpec, type EtsState, etsFilter } from './ets-model.ts';
import { makeProfiler } from './ets-profile.ts';

const SPECS: EtsSpec[] = [
  { trend: 'N', season: 'N' },
  { trend: 'A', season: 'N' },
  { trend: 'Ad', season: 'N' },
  { trend: 'N', season: 'A' },
  { trend: 'Ad', season: 'A' },
];
const M = 7;

const sseOf = (y: Float64Array, spec: EtsSpec, params: Parameters<typeof etsFilter>[2], seed: EtsState) =>
  Array.from(etsFilter(y, spec, params, seed).errors).reduce((s, e) => s + e * e, 0);

describe('ETS profile likelihood (seed concentrated out)', () => {
  it('answers the SSE of the filter from its least-squares seed, and no other seed does better', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SPECS.length - 1 }),
        fc.integer({ min: 16, max: 120 }),
        // Park–Miller's states are 1 … 2^31 − 2 (2^31 − 1 would give 0 for ever).
        fc.integer({ min: 1, max: 2 ** 31 - 2 }),
        (s, n, seed) => {
          const spec = SPECS[s];
          let state = seed;
          const next = () => {
            state = (state * 16807) % 2147483647;
            return state / 2147483647;
          };
          const y = Float64Array.from(
            { length: n },
            (_, t) => 50 + 20 * Math.sin((2 * Math.PI * t) / M) + 30 * next(),
          );
          const alpha = 0.05 + 0.9 * next();
          const params = {
            alpha,
            beta: alpha * next(),
            gamma: (1 - alpha) * next(),
            phi: 0.8 + 0.18 * next(),
          };
          const seed0 = {
            level: y[0],
            trend: spec.trend === 'N' ? 0 : 1,
            season: spec.season === 'A' ? Array.from({ length: M }, () => 10 * (next() - 0.5)) : [],
          };
          const { sse, theta } = makeProfiler(y, spec, M, seed0)(params);
          const best = seedFromTheta(spec, M, seed0, theta);
          const filtered = sseOf(y, spec, params, best);
          // Equal to rounding: the profile's SSE is a difference of sums of squares of y's size (a
          // perfectly fitted series leaves only that rounding).
          const scale = y.reduce((t, v) => t + v * v, 0);
          expect(Math.abs(sse - filtered)).toBeLessThanOrEqual(Math.max(1e-7 * filtered, 1e-10 * scale));
          // Moving the level seed (or the first seasonal seed) either way costs.
          for (const d of [-0.5, 0.5]) {
            expect(sseOf(y, spec, params, { ...best, level: best.level + d })).toBeGreaterThan(filtered);
            if (spec.season === 'A') {
              const season = best.season.slice();
              season[0] += d;
              season[M - 1] -= d;
              expect(sseOf(y, spec, params, { ...best, season })).toBeGreaterThan(filtered);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
