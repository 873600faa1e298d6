import { describe, expect, it } from 'vitest';
import { nominalBand, nominalLevels } from './calibration.ts';
import { expectedRandomizedCoverage, pitRange } from './pit.ts';
import { poisson } from './predictive.test-support.ts';
import { etsPredictive } from './predictive.ts';

describe('pitRange', () => {
  it('is [F(y − 1), F(y)] for a count, the atom [0, F(0)] at 0, a point for continuous data', () => {
    const p = poisson(1);
    const e = Math.exp(-1);
    expect(pitRange(p, 0).lo).toBe(0);
    expect(pitRange(p, 0).hi).toBeCloseTo(e, 12);
    expect(pitRange(p, 1).lo).toBeCloseTo(e, 12);
    expect(pitRange(p, 1).hi).toBeCloseTo(2 * e, 12);
    const g = etsPredictive(10, 2, 'none');
    const r = pitRange(g, 12, 0);
    expect(r.lo).toBeCloseTo(0.841345, 6);
    expect(r.hi).toBe(r.lo);
  });
});

describe('expectedRandomizedCoverage (Czado, Gneiting & Held 2009)', () => {
  it('gives Poisson(1) counts their exact shares of the central 80 % levels [0.1, 0.9]', () => {
    const p = poisson(1);
    const e = Math.exp(-1);
    const central = { lo: 0.1, hi: 0.9 };
    // y = 0: [0, e⁻¹] ∩ [0.1, 0.9] = [0.1, e⁻¹]; y = 1: [e⁻¹, 2e⁻¹] inside; y = 2: [2e⁻¹, 2.5e⁻¹] to 0.9.
    expect(expectedRandomizedCoverage(p, central, 0)).toBeCloseTo((e - 0.1) / e, 12);
    expect(expectedRandomizedCoverage(p, central, 1)).toBe(1);
    expect(expectedRandomizedCoverage(p, central, 2)).toBeCloseTo((0.9 - 2 * e) / (0.5 * e), 12);
    expect(expectedRandomizedCoverage(p, central, 4)).toBe(0);
  });

  it('averages to exactly the band level when the counts follow the predictive distribution', () => {
    for (const lambda of [0.2, 1, 3.5]) {
      const p = poisson(lambda);
      for (const levels of [
        { lo: 0.1, hi: 0.9 },
        { lo: 0.025, hi: 0.975 },
        { lo: 0, hi: 0.8 },
      ]) {
        let expected = 0;
        for (let k = 0; k < 60; k++) expected += p.pmf(k) * expectedRandomizedCoverage(p, levels, k);
        expect(expected).toBeCloseTo(levels.hi - levels.lo, 10);
      }
    }
  });

  it('equals the ordinary coverage of the band for continuous values', () => {
    const g = etsPredictive(Math.log1p(5000), 0.3, 'log1p');
    const levels = nominalLevels(g, 0.8);
    expect(levels.lo).toBeCloseTo(0.1, 12);
    expect(levels.hi).toBeCloseTo(0.9, 12);
    const band = nominalBand(g, 0.8);
    for (const y of [1000, 3000, 4000, 5000, 7000, 7300, 9000, 20000]) {
      const inside = y >= band.lower && y <= band.upper ? 1 : 0;
      expect(expectedRandomizedCoverage(g, levels, y, 0)).toBe(inside);
      // In minor units (unit 1) a value off the band's edges is scored the same way.
      if (Math.abs(y - band.lower) > 5 && Math.abs(y - band.upper) > 5) {
        expect(expectedRandomizedCoverage(g, levels, y, 1)).toBe(inside);
      }
    }
  });
});

describe('nominalLevels', () => {
  it('are [0, t] once the atom at 0 reaches the lower tail, as nominalBand starts at 0', () => {
    const g = etsPredictive(0.2, 1, 'log1p'); // P(Y = 0) = Φ(−0.2) ≈ 0.42
    expect(nominalLevels(g, 0.8)).toEqual({ lo: 0, hi: 0.8 });
    expect(nominalBand(g, 0.8).lower).toBe(0);
    expect(nominalBand(g, 0.8).upper).toBeCloseTo(g.quantile(0.8), 12);
    const h = etsPredictive(3, 1, 'log1p'); // P(Y = 0) ≈ 0.0013
    const l = nominalLevels(h, 0.8);
    expect([l.lo, l.hi]).toEqual([0.09999999999999998, 0.9]);
    expect(nominalBand(h, 0.8).lower).toBeCloseTo(h.quantile(l.lo), 12);
  });

  it('holds the median when the one-sided level is below it', () => {
    const g = etsPredictive(0.2, 1, 'log1p'); // P(Y = 0) ≈ 0.42 ≥ (1 − 0.3)/2, median expm1(0.2)
    expect(nominalLevels(g, 0.3)).toEqual({ lo: 0, hi: 0.5 });
    expect(nominalBand(g, 0.3).upper).toBeCloseTo(Math.expm1(0.2), 12);
  });
});
