import randu from '@stdlib/random-base-randu';
import { describe, expect, it } from 'vitest';
import { esdCriticalValues, generalizedEsd } from './esd.ts';
import { clampedMovingMedian, MAD_TO_SIGMA, median, sortedMedianAbsDeviation } from './robust.ts';

// Rosner (1983), Technometrics 25(2), the 54-value example also worked in the NIST/SEMATECH
// e-Handbook of Statistical Methods, §1.3.5.17.3 (generalized ESD test).
const ROSNER = [
  -0.25, 0.68, 0.94, 1.15, 1.2, 1.26, 1.26, 1.34, 1.38, 1.43, 1.49, 1.49, 1.55, 1.56, 1.58, 1.65, 1.69, 1.7,
  1.76, 1.77, 1.81, 1.91, 1.94, 1.96, 1.99, 2.06, 2.09, 2.1, 2.14, 2.15, 2.23, 2.24, 2.26, 2.35, 2.37, 2.4,
  2.47, 2.54, 2.62, 2.64, 2.9, 2.92, 2.92, 2.93, 3.21, 3.26, 3.3, 3.59, 3.68, 4.3, 4.64, 5.34, 5.42, 6.01,
];
// Published R_i and λ_i (α = 0.05, up to 10 outliers), 3 decimals.
const PUBLISHED_R = [3.118, 2.942, 3.179, 2.81, 2.815, 2.848, 2.279, 2.31, 2.101, 2.067];
const PUBLISHED_LAMBDA = [3.158, 3.151, 3.143, 3.136, 3.128, 3.12, 3.111, 3.103, 3.094, 3.085];

describe('generalized ESD (Rosner 1983)', () => {
  it('reproduces the published statistics, critical values and 3 outliers of the 54-value example', () => {
    const r = generalizedEsd(ROSNER, { maxOutliers: 10, center: 'mean' });
    expect(r.steps).toHaveLength(10);
    r.steps.forEach((s, i) => {
      expect(Math.abs(s.statistic - PUBLISHED_R[i])).toBeLessThanOrEqual(0.0015);
      expect(Math.abs(s.critical - PUBLISHED_LAMBDA[i])).toBeLessThanOrEqual(0.0015);
    });
    expect(r.outliers.map((i) => ROSNER[i])).toEqual([6.01, 5.42, 5.34]);
    // The clean remainder (51 values) bounds every non-outlier.
    for (let i = 0; i < ROSNER.length; i++) {
      if (r.outliers.includes(i)) continue;
      expect(Math.abs(ROSNER[i] - r.center)).toBeLessThanOrEqual(r.critical * r.scale);
    }
  });

  it('uses one-sided critical values α/m for a one-directional test', () => {
    const two = esdCriticalValues(54, 0.05, false);
    const one = esdCriticalValues(54, 0.05, true);
    // One-sided at α equals two-sided at 2α.
    expect(one[1]).toBeCloseTo(esdCriticalValues(54, 0.1, false)[1], 12);
    expect(one[1]).toBeLessThan(two[1]);
    const neg = generalizedEsd(ROSNER, { maxOutliers: 10, center: 'mean', direction: 'negative' });
    expect(neg.outliers).toEqual([]);
    expect(neg.steps[0].index).toBe(0); // -0.25 is the lowest value, tested first
  });

  it('robust (median/MAD) variant: a flat series with one spike flags only the spike', () => {
    const x = new Array(30).fill(100);
    x[17] = 160;
    const r = generalizedEsd(x, { maxOutliers: 3 });
    expect(r.outliers).toEqual([17]);
    expect(r.steps[0].statistic).toBe(Number.POSITIVE_INFINITY); // MAD = 0 and no floor
    expect(r.steps[1].statistic).toBe(0); // everything left is equal
    // With a floor of 10 the spike is 6 floors away: still flagged, with a finite statistic.
    const f = generalizedEsd(x, { maxOutliers: 3, scaleFloor: 10 });
    expect(f.outliers).toEqual([17]);
    expect(f.steps[0].statistic).toBeCloseTo(6, 12);
    expect(f.center).toBe(100);
    expect(f.scale).toBe(10);
  });

  it('a constant series has no outliers', () => {
    const r = generalizedEsd(new Array(20).fill(5), { maxOutliers: 4 });
    expect(r.outliers).toEqual([]);
    expect(r.scale).toBe(0);
  });
});

describe('robust kernels', () => {
  it('MAD by outward merge equals the brute-force MAD on seeded random slices', () => {
    const u = randu.factory({ seed: 7 });
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(u() * 40);
      const sorted = Float64Array.from({ length: n }, () => Math.round(u() * 20)).sort();
      const from = Math.floor(u() * n);
      const to = from + 1 + Math.floor(u() * (n - from));
      const slice = Array.from(sorted.subarray(from, to));
      const c = median(slice);
      const brute = median(slice.map((v) => Math.abs(v - c)));
      expect(sortedMedianAbsDeviation(sorted, c, from, to)).toBe(brute);
    }
    expect(MAD_TO_SIGMA).toBeCloseTo(1.4826, 4);
  });

  it('clamped moving median: edge windows keep full width, so a 3-day episode at the end does not move it', () => {
    const x = [10, 12, 11, 13, 12, 11, 10, 12, 50, 60, 70];
    const m = clampedMovingMedian(x, 7);
    // Last three points share the window x[4..10] = 12,11,10,12,50,60,70 → median 12.
    expect(Array.from(m.subarray(8))).toEqual([12, 12, 12]);
    // Interior point t = 5 uses x[2..8] = 11,13,12,11,10,12,50 → 12.
    expect(m[5]).toBe(12);
    // Brute force on random data.
    const u = randu.factory({ seed: 11 });
    const y = Array.from({ length: 60 }, () => Math.floor(u() * 100));
    const w = 9;
    const got = clampedMovingMedian(y, w);
    for (let t = 0; t < y.length; t++) {
      const a = Math.min(Math.max(t - 4, 0), y.length - w);
      expect(got[t]).toBe(median(y.slice(a, a + w)));
    }
  });
});
