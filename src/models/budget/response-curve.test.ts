import { describe, expect, it } from 'vitest';
import {
  expectedOutcomeSeries,
  geometricAdstock,
  hill,
  hillDerivative,
  hillInflection,
  marginalResponse,
  steadyStateResponse,
} from './response-curve.ts';

describe('geometric adstock (Jin et al. 2017 eq. 1; Robyn)', () => {
  it('matches hand-computed values, normalised and Robyn form', () => {
    // a_0 = 0.5·100 + 0.5·100 (steady state before day 0); a_1 = 50; a_2 = 25; a_3 = 12.5 + 100.
    expect(geometricAdstock([100, 0, 0, 200], 0.5)).toEqual([100, 50, 25, 112.5]);
    expect(geometricAdstock([100, 0, 0, 200], 0.5, { normalized: false })).toEqual([100, 50, 25, 212.5]);
    expect(geometricAdstock([100, 0, 0, 200], 0)).toEqual([100, 0, 0, 200]);
    expect(geometricAdstock([], 0.3)).toEqual([]);
  });

  it('keeps a constant spend constant (weights sum to 1) and rejects θ outside [0, 1)', () => {
    for (const a of geometricAdstock(new Array(30).fill(1234), 0.8)) expect(a).toBeCloseTo(1234, 9);
    expect(() => geometricAdstock([1], 1)).toThrow(RangeError);
    expect(() => geometricAdstock([1], -0.1)).toThrow(RangeError);
  });
});

describe('Hill saturation', () => {
  it('is 0 at 0, 1/2 at γ, 4/5 at 2γ for α = 2', () => {
    const p = { alpha: 2, gamma: 1000 };
    expect(hill(0, p)).toBe(0);
    expect(hill(1000, p)).toBeCloseTo(0.5, 12);
    expect(hill(2000, p)).toBeCloseTo(0.8, 12);
    expect(hill(500, { alpha: 1, gamma: 1000 })).toBeCloseTo(1 / 3, 12);
  });

  it('derivative agrees with a central difference', () => {
    for (const p of [
      { alpha: 0.7, gamma: 5000 },
      { alpha: 1, gamma: 5000 },
      { alpha: 2.5, gamma: 5000 },
    ]) {
      for (const x of [100, 2000, 5000, 20_000]) {
        const fd = (hill(x + 0.01, p) - hill(x - 0.01, p)) / 0.02;
        expect(hillDerivative(x, p)).toBeCloseTo(fd, 10);
      }
    }
    expect(hillDerivative(0, { alpha: 1, gamma: 50 })).toBeCloseTo(1 / 50, 12);
    expect(hillDerivative(0, { alpha: 2, gamma: 50 })).toBe(0);
  });

  it('inflection γ·((α−1)/(α+1))^(1/α): convex below, concave above', () => {
    const p = { alpha: 2, gamma: 100 };
    const x0 = hillInflection(p);
    expect(x0).toBeCloseTo(100 / Math.sqrt(3), 10);
    const second = (x: number): number => (hill(x + 1, p) - 2 * hill(x, p) + hill(x - 1, p)) / 1;
    expect(second(x0 - 10)).toBeGreaterThan(0);
    expect(second(x0 + 10)).toBeLessThan(0);
    expect(hillInflection({ alpha: 0.8, gamma: 100 })).toBe(0);
  });
});

describe('response curve', () => {
  const p = { theta: 0.4, alpha: 1.5, gamma: 10_000, beta: 300, baseline: 20 };
  it('steady-state response equals the series value under constant spend', () => {
    const s = expectedOutcomeSeries(new Array(10).fill(7000), p);
    expect(s[9]).toBeCloseTo(steadyStateResponse(p, 7000), 9);
    expect(steadyStateResponse(p, 10_000)).toBeCloseTo(20 + 150, 12);
  });
  it('marginal response = β·hill′', () => {
    const fd = (steadyStateResponse(p, 8001) - steadyStateResponse(p, 7999)) / 2;
    expect(marginalResponse(p, 8000)).toBeCloseTo(fd, 8);
  });
});
