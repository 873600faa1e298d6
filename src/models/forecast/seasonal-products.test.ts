import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lagProducts, WEEK, weekProducts } from './seasonal-products.ts';

describe('seasonal lagged products', () => {
  it('gives the generic sums bit for bit for a week, any length and any columns', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: WEEK + 1, max: 140 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (n, nd, seed) => {
          let s = seed;
          const next = () => {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            return s / 2 ** 32 - 0.5;
          };
          const err = Float64Array.from(
            { length: (nd + 1) * n },
            () => next() * 10 ** Math.round(next() * 8),
          );
          const [crossA, lagA] = [new Float64Array(nd * WEEK), new Float64Array(WEEK * WEEK)];
          const [crossB, lagB] = [new Float64Array(nd * WEEK), new Float64Array(WEEK * WEEK)];
          lagProducts(err, n, nd, nd, WEEK, crossA, lagA);
          weekProducts(err, n, nd, nd, crossB, lagB);
          expect(Array.from(crossB)).toEqual(Array.from(crossA));
          expect(Array.from(lagB)).toEqual(Array.from(lagA));
        },
      ),
    );
  });

  it('sums each lag over the days where both terms exist', () => {
    // Data 1, 2, …, 9 and r = 1 on day 0 only: the cross product at lag j is the data on day j.
    const n = 9;
    const err = new Float64Array(3 * n);
    for (let t = 0; t < n; t++) err[t] = t + 1;
    err[2 * n] = 1;
    const cross = new Float64Array(2 * WEEK);
    const lag = new Float64Array(WEEK * WEEK);
    weekProducts(err, n, 2, 2, cross, lag);
    expect(Array.from(cross.subarray(0, WEEK))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // r(t − i) r(t − j) is non-zero only when both delays reach day 0: i = j, for every i ≤ n − 1.
    expect(lag[0]).toBe(1);
    expect(lag[6 * WEEK + 6]).toBe(1);
    expect(lag[1]).toBe(0);
  });
});
