import { describe, expect, it } from 'vitest';
import { etsPredictive, sampleCdf, seasonalNaivePredictive, tsbPredictive } from './predictive.ts';
import { seasonalNaiveQuantile } from './seasonal-naive-bands.ts';
import { sampleQuantile, tsbQuantile } from './tsb.ts';

const LEVELS = [0, 0.01, 0.1, 0.25, 0.5, 0.6, 0.8, 0.9, 0.975, 1];

describe('predictive distributions of one forecast day', () => {
  it('sampleCdf inverts the interpolated sample quantile, with jumps at ties', () => {
    const s = [1, 1, 1, 2, 3];
    for (const q of [0.5, 0.6, 0.75, 0.9, 1]) expect(sampleCdf(s, sampleQuantile(s, q))).toBeCloseTo(q, 12);
    expect(sampleCdf(s, 1)).toBe(0.5);
    expect(sampleCdf(s, 1, false)).toBe(0);
    expect(sampleCdf(s, 0.5)).toBe(0);
    expect(sampleCdf(s, 3, false)).toBe(1);
    expect(sampleCdf(s, 3.5)).toBe(1);
    expect(sampleCdf([1, 3, 3], 3, false)).toBe(0.5);
    expect(sampleCdf([4], 4)).toBe(1);
    expect(sampleCdf([4], 4, false)).toBe(0);
  });

  it('ETS: the Gaussian on the fitting scale mapped back, with the mass below 0 as an atom at 0', () => {
    const log = etsPredictive(Math.log1p(20), 0.5, 'log1p');
    expect(log.median).toBeCloseTo(20, 10);
    expect(log.quantile(0.9)).toBeCloseTo(Math.expm1(Math.log1p(20) + 1.2815516 * 0.5), 5);
    expect(log.cdf(log.quantile(0.9))).toBeCloseTo(0.9, 10);
    const raw = etsPredictive(1, 1, 'none');
    expect(raw.cdf(0)).toBeCloseTo(0.158655, 5); // Φ(−1): P(Y = 0) after clipping at 0
    expect(raw.cdfBelow(0)).toBe(0);
    expect(raw.quantile(0.1)).toBe(0);
    expect(raw.quantile(0.5)).toBe(1);
    const point = etsPredictive(2, 0, 'none');
    expect([point.cdf(1.9), point.cdf(2), point.quantile(0.99)]).toEqual([0, 1, 2]);
  });

  it('TSB: quantiles equal tsbQuantile, the CDF has 1 − p at zero and is its inverse above', () => {
    const fit = { alpha: 0.1, beta: 0.1, probability: 0.4, size: 4, fitted: [], sizes: [1, 2, 3, 6] };
    const d = tsbPredictive(fit);
    for (const q of LEVELS) expect(d.quantile(q)).toBeCloseTo(tsbQuantile(fit, q), 12);
    expect(d.median).toBe(0);
    expect(d.cdf(0)).toBeCloseTo(0.6, 12);
    expect(d.cdfBelow(0)).toBe(0);
    expect(d.cdf(d.quantile(0.9))).toBeCloseTo(0.9, 12);
    expect(d.cdf(100)).toBe(1);
    const none = tsbPredictive({ ...fit, probability: 0.4, sizes: [] });
    expect([none.cdf(0), none.quantile(0.99)]).toEqual([1, 0]);
  });

  it('seasonal naive: quantiles equal seasonalNaiveQuantile, grown √2 in the second week', () => {
    const residuals = [-6, -2, -1, 0, 1, 3, 5];
    for (const step of [1, 7, 8, 15]) {
      const d = seasonalNaivePredictive(10, residuals, step);
      for (const q of LEVELS)
        expect(d.quantile(q)).toBeCloseTo(seasonalNaiveQuantile(10, residuals, step, q), 12);
      expect(d.median).toBe(10);
    }
    const week2 = seasonalNaivePredictive(4, residuals, 8);
    expect(week2.cdf(0)).toBeGreaterThan(0); // 4 − 6·√2 < 0: an atom at zero
    expect(week2.cdf(4 + 3 * Math.SQRT2)).toBeCloseTo(5 / 6, 12);
  });
});
