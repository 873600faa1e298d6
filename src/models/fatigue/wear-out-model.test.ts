import { describe, expect, it } from 'vitest';
import { brentMinimize } from './brent.ts';
import { fitLinearBinomial, linearBinomialLogLikelihood } from './linear-binomial.ts';
import { deltaMethodVariance, invertSpd, numericalHessian } from './observed-information.ts';
import {
  binomialLogLikelihood,
  crossingExposure,
  ctrAt,
  exposureDays,
  meanCtr,
  pearsonChiSquare,
} from './wear-out-model.ts';

const P = { initialCtr: 0.02, floorCtr: 0.005, decayRate: 1e-4 };

describe('wear-out curve (hand-checked)', () => {
  it('ctrAt is c∞ + (c₀ − c∞)·e^(−kE)', () => {
    expect(ctrAt(P, 0)).toBeCloseTo(0.02, 15);
    // E = ln 2 / k halves the excess: 0.005 + 0.015/2.
    expect(ctrAt(P, Math.LN2 / 1e-4)).toBeCloseTo(0.0125, 12);
  });

  it('meanCtr is the exact average of the curve over the interval', () => {
    // (1/10⁴)∫₀^{10⁴} … = 0.005 + 0.015·(1 − e^{−1})/1 = 0.0144818…
    expect(meanCtr(P, 0, 10_000)).toBeCloseTo(0.005 + 0.015 * (1 - Math.exp(-1)), 12);
    // Midpoint-rule integral agrees on an arbitrary interval; zero width gives the point value.
    let s = 0;
    for (let i = 0; i < 10_000; i++) s += ctrAt(P, 3000 + (i + 0.5) * 0.5);
    expect(meanCtr(P, 3000, 8000)).toBeCloseTo(s / 10_000, 9);
    expect(meanCtr(P, 5000, 5000)).toBeCloseTo(ctrAt(P, 5000), 14);
  });

  it('crossingExposure solves CTR(E*) = T, and is null when the floor is above T', () => {
    // T = 0.0125 is the half-way point, so E* = ln 2 / k = 6931.47.
    expect(crossingExposure(P, 0.0125)).toBeCloseTo(6931.4718, 3);
    expect(ctrAt(P, crossingExposure(P, 0.011) as number)).toBeCloseTo(0.011, 12);
    expect(crossingExposure(P, 0.004)).toBeNull();
    expect(crossingExposure({ ...P, decayRate: 0 }, 0.01)).toBeNull();
    expect(crossingExposure(P, 0.03)).toBe(0);
  });

  it('binomial log-likelihood and Pearson χ² match a two-day hand computation', () => {
    const flat = { initialCtr: 0.1, floorCtr: 0.1, decayRate: 0 };
    const days = exposureDays([10, 20], [2, 1], 'impressions');
    expect(days).toEqual([
      { exposureStart: 0, exposureEnd: 10, impressions: 10, clicks: 2 },
      { exposureStart: 10, exposureEnd: 30, impressions: 20, clicks: 1 },
    ]);
    const ll = 2 * Math.log(0.1) + 8 * Math.log(0.9) + 1 * Math.log(0.1) + 19 * Math.log(0.9);
    expect(binomialLogLikelihood(flat, days)).toBeCloseTo(ll, 12);
    // (2 − 1)²/0.9 + (1 − 2)²/1.8 = 1.6667
    expect(pearsonChiSquare(flat, days)).toBeCloseTo(1 / 0.9 + 1 / 1.8, 12);
    expect(exposureDays([5, 0, 7], [1, 0, 1], 'days').map((d) => d.exposureEnd)).toEqual([1, 2, 3]);
  });
});

describe('numerical building blocks', () => {
  it('identity-link binomial regression recovers exact proportions and respects β ≥ 0', () => {
    // Rates 0.3 at g = 1 and 0.1 at g = 0 are fitted exactly: β₀ = 0.1, β₁ = 0.2.
    const fit = fitLinearBinomial([1, 0], [1000, 1000], [300, 100], [0.2, 0]);
    expect(fit.intercept).toBeCloseTo(0.1, 8);
    expect(fit.slope).toBeCloseTo(0.2, 8);
    expect(fit.logLikelihood).toBeCloseTo(
      linearBinomialLogLikelihood(0.1, 0.2, [1, 0], [1000, 1000], [300, 100]),
      9,
    );
    // Rising rates would need β₁ < 0: the constrained optimum is the pooled rate.
    const rising = fitLinearBinomial([1, 0], [1000, 1000], [100, 300], [0.2, 0]);
    expect(rising.slope).toBe(0);
    expect(rising.intercept).toBeCloseTo(0.2, 12);
    // A negative intercept would be optimal: the fit moves to the face β₀ = 0.
    const face = fitLinearBinomial([1, 0.5], [1000, 1000], [300, 50], [0.175, 0]);
    expect(face.intercept).toBe(0);
    expect(face.slope).toBeGreaterThan(0.2);
  });

  it('Brent finds the minimum of a parabola and of a skewed function to the tolerance', () => {
    expect(brentMinimize((x) => (x - 1.3) ** 2, -3, 6, 0, 1.69).x).toBeCloseTo(1.3, 3);
    const r = brentMinimize((x) => Math.exp(x) - 2 * x, -2, 3, 0, 1, 1e-6);
    expect(r.x).toBeCloseTo(Math.LN2, 5);
  });

  it('Hessian, Cholesky inverse and delta method agree with closed forms', () => {
    const H = numericalHessian((x) => 2 * x[0] ** 2 + x[0] * x[1] + 3 * x[1] ** 2, [0.3, -0.2], [0, 1]);
    expect(H[0][0]).toBeCloseTo(4, 5);
    expect(H[0][1]).toBeCloseTo(1, 5);
    expect(H[1][1]).toBeCloseTo(6, 5);
    const inv = invertSpd([
      [4, 1],
      [1, 6],
    ]) as number[][];
    expect(inv[0][0]).toBeCloseTo(6 / 23, 12);
    expect(inv[0][1]).toBeCloseTo(-1 / 23, 12);
    expect(
      invertSpd([
        [1, 2],
        [2, 1],
      ]),
    ).toBeNull();
    expect(
      deltaMethodVariance(
        [1, 2],
        [
          [1, 0.5],
          [0.5, 2],
        ],
      ),
    ).toBeCloseTo(1 + 2 + 8, 12);
  });
});
