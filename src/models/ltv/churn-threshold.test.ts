import { describe, expect, it } from 'vitest';
import {
  chooseChurnThreshold,
  chooseChurnThresholdByExpectedF1,
  churnCallQuality,
} from './churn-threshold.ts';

/** A seeded uniform stream (mulberry32), so the draws are the same on every machine. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('chooseChurnThreshold (precision target on the expected confusion matrix)', () => {
  it('picks the largest grid threshold whose expected precision meets the target', () => {
    // Expected gone among those below τ: mean of 1 − p.
    const p = [0.01, 0.02, 0.04, 0.1, 0.2, 0.3, 0.45, 0.6, 0.9, 0.95];
    const r = chooseChurnThreshold(p, { targetPrecision: 0.9 });
    // Below 0.21: 1 − mean(0.01, 0.02, 0.04, 0.1, 0.2) = 0.926 ≥ 0.9; below 0.31 adds 0.3 → 0.888.
    expect(r.threshold).toBe(0.3);
    expect(r.flagged).toBe(5);
    expect(r.expectedPrecision).toBeCloseTo(1 - 0.37 / 5, 12);
    expect(r.expectedGone).toBeCloseTo(
      p.reduce((s, x) => s + 1 - x, 0),
      12,
    );
    expect(r.expectedRecall).toBeCloseTo((5 - 0.37) / r.expectedGone, 12);
    expect(r.method).toBe('expected-precision-target');
  });

  it('never goes above the cap, and falls back to 1 − target (always precise enough) at worst', () => {
    expect(chooseChurnThreshold([0.01, 0.02, 0.03]).threshold).toBe(0.5);
    const noisy = chooseChurnThreshold([0.06, 0.07, 0.4, 0.45], { targetPrecision: 0.95 });
    expect(noisy.threshold).toBe(0.05);
    expect(noisy.flagged).toBe(0);
    expect(noisy.expectedPrecision).toBeNull();
    expect(chooseChurnThreshold([]).threshold).toBe(0.05);
    expect(chooseChurnThreshold([1, 1]).expectedRecall).toBeNull();
  });

  it('meets the target against the truth when P(alive) is calibrated (simulated, seeded)', () => {
    // Each customer is gone with probability 1 − P(alive): the situation the rule assumes.
    const rnd = uniform(7);
    const calls = Array.from({ length: 20_000 }, () => {
      const pAlive = rnd() ** 2;
      return { pAlive, gone: rnd() > pAlive };
    });
    const rule = chooseChurnThreshold(
      calls.map((c) => c.pAlive),
      { targetPrecision: 0.9 },
    );
    const q = churnCallQuality(calls, rule.threshold);
    expect(q.precision!).toBeGreaterThan(0.89);
    expect(Math.abs(q.precision! - rule.expectedPrecision!)).toBeLessThan(0.01);
    expect(Math.abs(q.recall! - rule.expectedRecall!)).toBeLessThan(0.01);
  });

  it('rejects options and probabilities out of range', () => {
    expect(() => chooseChurnThreshold([0.2], { targetPrecision: 0.4 })).toThrow(RangeError);
    expect(() => chooseChurnThreshold([0.2], { targetPrecision: 1 })).toThrow(RangeError);
    expect(() => chooseChurnThreshold([0.2], { maxThreshold: 0.01 })).toThrow(RangeError);
    expect(() => chooseChurnThreshold([0.2], { step: 0 })).toThrow(RangeError);
    expect(() => chooseChurnThreshold([Number.NaN])).toThrow(RangeError);
    expect(() => chooseChurnThreshold([1.2])).toThrow(RangeError);
  });
});

describe('chooseChurnThresholdByExpectedF1 (highest plug-in expected F1)', () => {
  const p = [0.01, 0.02, 0.04, 0.1, 0.2, 0.3, 0.45, 0.6, 0.9, 0.95];
  // E[gone] = 10 − 3.57 = 6.43; flagging the k lowest: E[TP] = 0.99, 1.97, 2.93, 3.83, 4.63, 5.33,
  // 5.88, 6.28, … and expected F1 = 2·E[TP]/(k + 6.43) = …, 0.8101, 0.8576, 0.8757 (k = 7), 0.8704.
  it('flags the customers up to the F1 maximum, at the smallest grid threshold that does', () => {
    const r = chooseChurnThresholdByExpectedF1(p);
    expect(r).toMatchObject({ method: 'expected-f1', threshold: 0.46, flagged: 7, customers: 10 });
    expect(r.expectedGone).toBeCloseTo(6.43, 12);
    expect(r.expectedF1).toBeCloseTo((2 * 5.88) / (7 + 6.43), 12);
    expect(r.expectedPrecision).toBeCloseTo(5.88 / 7, 12);
    expect(r.expectedRecall).toBeCloseTo(5.88 / 6.43, 12);
    // Lipton et al. 2014: flagged iff P(gone) > F1max/2 (0.55 > 0.438 is in, 0.4 is out).
    expect(1 - 0.45).toBeGreaterThan(r.expectedF1! / 2);
    expect(1 - 0.6).toBeLessThan(r.expectedF1! / 2);
  });

  it('keeps the flagged group above the precision floor and under the cap', () => {
    // Expected precision: k = 5 → 0.926, k = 6 → 0.888; a 0.9 floor stops at k = 5.
    expect(chooseChurnThresholdByExpectedF1(p, { minExpectedPrecision: 0.9 })).toMatchObject({
      threshold: 0.21,
      flagged: 5,
    });
    expect(chooseChurnThresholdByExpectedF1(p, { maxThreshold: 0.3 })).toMatchObject({
      threshold: 0.21,
      flagged: 5,
    });
    // Nobody qualifies (all alive, or too few likely gone): nobody is called gone.
    for (const xs of [[], [1, 1], [0.6, 0.7]]) {
      const r = chooseChurnThresholdByExpectedF1(xs);
      expect(r).toMatchObject({ threshold: 0, flagged: 0, expectedPrecision: null });
    }
    expect(chooseChurnThresholdByExpectedF1([1, 1]).expectedRecall).toBeNull();
  });

  it('lands within a point of the best F1 the truth allows when P(alive) is calibrated (simulated)', () => {
    // Two populations: well separated (most gone) and poorly separated (fewer gone).
    for (const [seed, power] of [
      [11, 3],
      [12, 0.7],
    ]) {
      const rnd = uniform(seed);
      const calls = Array.from({ length: 20_000 }, () => {
        const pAlive = rnd() ** power;
        return { pAlive, gone: rnd() > pAlive };
      });
      const rule = chooseChurnThresholdByExpectedF1(calls.map((c) => c.pAlive));
      const got = churnCallQuality(calls, rule.threshold);
      let oracle = 0;
      for (let k = 1; k <= 100; k++) oracle = Math.max(oracle, churnCallQuality(calls, k / 100).f1 ?? 0);
      expect(got.f1!).toBeGreaterThan(oracle - 0.01);
      expect(Math.abs(got.f1! - rule.expectedF1!)).toBeLessThan(0.01);
      expect(Math.abs(got.precision! - rule.expectedPrecision!)).toBeLessThan(0.015);
      expect(Math.abs(got.recall! - rule.expectedRecall!)).toBeLessThan(0.015);
    }
  });

  it('rejects options and probabilities out of range', () => {
    expect(() => chooseChurnThresholdByExpectedF1([0.2], { minExpectedPrecision: 1 })).toThrow(RangeError);
    expect(() => chooseChurnThresholdByExpectedF1([0.2], { minExpectedPrecision: -0.1 })).toThrow(RangeError);
    expect(() => chooseChurnThresholdByExpectedF1([0.2], { maxThreshold: 0.001 })).toThrow(RangeError);
    expect(() => chooseChurnThresholdByExpectedF1([0.2], { maxThreshold: 1.5 })).toThrow(RangeError);
    expect(() => chooseChurnThresholdByExpectedF1([0.2], { step: 0.6 })).toThrow(RangeError);
    expect(() => chooseChurnThresholdByExpectedF1([Number.NaN])).toThrow(RangeError);
    expect(() => chooseChurnThresholdByExpectedF1([-0.1])).toThrow(RangeError);
  });
});

describe('churnCallQuality', () => {
  it('counts precision, recall, F1 and the share flagged', () => {
    const q = churnCallQuality(
      [
        { pAlive: 0.1, gone: true },
        { pAlive: 0.2, gone: false },
        { pAlive: 0.3, gone: true },
        { pAlive: 0.8, gone: true },
      ],
      0.25,
    );
    expect(q).toMatchObject({ flagged: 2, truePositives: 1, gone: 3, precision: 0.5, shareFlagged: 0.5 });
    expect(q.recall).toBeCloseTo(1 / 3, 12);
    expect(q.f1).toBeCloseTo(0.4, 12);
    expect(churnCallQuality([], 0.5)).toMatchObject({
      precision: null,
      recall: null,
      f1: null,
      shareFlagged: 0,
    });
  });
});
