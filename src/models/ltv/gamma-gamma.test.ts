import { describe, expect, it } from 'vitest';
import { expectedAverageValue, fitGammaGamma, gammaGammaLogLikelihood } from './gamma-gamma.ts';
import { lgamma } from './special.ts';

/** Customers with 1–10 repeat orders, each at one of `prices` (so their mean is that price). */
function listPriceCustomers(count: number, prices: readonly number[], seed: number) {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => ({
    frequency: 1 + Math.floor(uniform() * 10),
    monetaryValue: prices[Math.floor(uniform() * prices.length)],
  }));
}

/** Fader & Hardie (2013) eq. 4 term by term, the form the rearranged sum must equal. */
function eq4(p: number, q: number, v: number, customers: { frequency: number; monetaryValue: number }[]) {
  let total = 0;
  for (const { frequency: x, monetaryValue: z } of customers) {
    const px = p * x;
    total += lgamma(px + q) - lgamma(px) - lgamma(q) + q * Math.log(v) + (px - 1) * Math.log(z);
    total += px * Math.log(x) - (px + q) * Math.log(v + x * z);
  }
  return total;
}

describe('Gamma-Gamma log-likelihood', () => {
  const customers = listPriceCustomers(2000, [10, 20, 50], 3);

  it('equals eq. 4 term by term where that form is exact enough', () => {
    for (const [p, q, v] of [
      [6.25, 3.74, 15.4],
      [0.5, 1.2, 80],
      [40, 12, 3],
    ]) {
      const want = eq4(p, q, v, customers);
      expect(Math.abs(gammaGammaLogLikelihood({ p, q, v }, customers) - want)).toBeLessThan(
        1e-9 * Math.abs(want),
      );
    }
  });

  it('stays smooth as p grows along the ridge of spend without within-customer variation', () => {
    // Along p·v = 47 the likelihood tends to a limit; eq. 4's terms reach p·x·ln z and cancel, so
    // term by term it was 25 nats off at p = 10¹² and jumped by 15 between neighbouring p.
    const limit = gammaGammaLogLikelihood({ p: 1e15, q: 2.6, v: 47e-15 }, customers);
    for (const p of [1e9, 1e12]) {
      const values = [0, 1, 2, 3].map((k) =>
        gammaGammaLogLikelihood({ p: p * (1 + k * 1e-9), q: 2.6, v: 47 / (p * (1 + k * 1e-9)) }, customers),
      );
      for (const value of values) expect(Math.abs(value - values[0])).toBeLessThan(1e-8);
      expect(Math.abs(values[0] - limit)).toBeLessThan(1e-3);
    }
  });
});

describe('fitGammaGamma on spend without within-customer variation', () => {
  it('fits customers paying list prices: each is predicted at their own price', () => {
    const customers = listPriceCustomers(2000, [10, 20, 50], 2);
    const fit = fitGammaGamma(customers);
    expect(fit.p).toBeGreaterThan(1e6);
    for (const { frequency, monetaryValue } of customers.slice(0, 50)) {
      const predicted = expectedAverageValue(fit, frequency, monetaryValue);
      expect(Math.abs(predicted / monetaryValue - 1)).toBeLessThan(1e-6);
    }
  });

  it('keeps the parameters finite when every customer pays the same (no maximum exists)', () => {
    const customers = listPriceCustomers(2000, [20], 2);
    const fit = fitGammaGamma(customers);
    for (const value of [fit.p, fit.q, fit.v, fit.logLikelihood]) expect(Number.isFinite(value)).toBe(true);
    expect(fit.p).toBeLessThanOrEqual(Math.exp(50) * (1 + 1e-12));
    for (const x of [1, 5, 10]) expect(expectedAverageValue(fit, x, 20)).toBeCloseTo(20, 9);
  });
});
