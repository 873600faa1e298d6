import { median } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../daily-metrics.ts';
import { simulateWearOutSeries } from './simulate.ts';
import { fitWearOut } from './wear-out-fit.ts';
import { type ExposureDay, exposureDays } from './wear-out-model.ts';

const toDays = (s: DailySeries): ExposureDay[] =>
  exposureDays(
    s.points.map((p) => p.impressions),
    s.points.map((p) => p.clicks),
    'impressions',
  );

const TRUTH = { initialCtr: 0.01, floorCtr: 0.004, decayRate: 1 / 600_000 };

describe('fitWearOut on seeded synthetic ads (known parameters)', () => {
  it('recovers c₀, c∞ and k from 90 days × 20k impressions with 7 % day-to-day CTR noise', () => {
    const fits = Array.from({ length: 20 }, (_, i) =>
      fitWearOut(toDays(simulateWearOutSeries({ seed: i + 1, params: TRUTH }))),
    );
    const mean = (f: (x: (typeof fits)[number]) => number) =>
      fits.reduce((s, x) => s + f(x), 0) / fits.length;
    // Measured: mean c₀ 0.00997, c∞ 0.00393, k/k_true 0.97 over seeds 1–20 of this design.
    expect(mean((f) => f.params.initialCtr)).toBeCloseTo(0.01, 3);
    expect(Math.abs(mean((f) => f.params.floorCtr) / 0.004 - 1)).toBeLessThan(0.05);
    expect(Math.abs(mean((f) => f.params.decayRate) / TRUTH.decayRate - 1)).toBeLessThan(0.1);
    for (const f of fits) {
      expect(Math.abs(f.params.initialCtr / 0.01 - 1)).toBeLessThan(0.1);
      expect(Math.abs(f.params.decayRate / TRUTH.decayRate - 1)).toBeLessThan(0.4);
      expect(f.pValue).toBeLessThan(1e-20);
      expect(f.dispersion).toBeLessThan(2.5);
      expect(f.covariance).not.toBeNull();
      expect(f.floorPValue as number).toBeLessThan(0.05); // the floor is kept
    }
    // Gamma(200) noise on μ ≈ 80–200 clicks/day gives φ = 1 + μ/200 ≈ 1.5 (measured mean 1.57).
    expect(mean((f) => f.dispersion)).toBeGreaterThan(1.3);
    expect(mean((f) => f.dispersion)).toBeLessThan(1.8);
  });

  it('pure exponential decay (c∞ = 0): the floor test drops the floor and k is recovered', () => {
    const zero = { initialCtr: 0.01, floorCtr: 0, decayRate: 1 / 600_000 };
    const fits = Array.from({ length: 50 }, (_, i) =>
      fitWearOut(toDays(simulateWearOutSeries({ seed: 300 + i, days: 60, params: zero }))),
    );
    const dropped = fits.filter((f) => f.params.floorCtr === 0);
    // Measured: floor 0 in 42 of 50; median k/k_true 1.00 (range 0.93–1.42).
    expect(dropped.length).toBeGreaterThanOrEqual(38);
    for (const f of dropped) {
      expect(f.covariance).not.toBeNull();
      expect(f.covariance?.[1][1]).toBe(0); // two-parameter covariance: the floor is fixed
    }
    const k = median(fits.map((f) => f.params.decayRate / zero.decayRate));
    expect(Math.abs(k - 1)).toBeLessThan(0.05);
  });

  it('one 90-day fit takes a few milliseconds', () => {
    const days = toDays(simulateWearOutSeries({ seed: 99, params: TRUTH }));
    for (let i = 0; i < 5; i++) fitWearOut(days); // warm-up (JIT)
    const times = Array.from({ length: 20 }, () => {
      const t0 = performance.now();
      fitWearOut(days);
      return performance.now() - t0;
    });
    console.info(`fitWearOut, 90 days: median ${median(times).toFixed(2)} ms`);
    expect(median(times)).toBeLessThan(10);
  });

  it('flat CTR: the quasi-LR test rejects at most at its nominal rate (measured 2 % at α = 5 %)', () => {
    const flat = { initialCtr: 0.008, floorCtr: 0.008, decayRate: 0 };
    const p = Array.from(
      { length: 200 },
      (_, i) => fitWearOut(toDays(simulateWearOutSeries({ seed: 1000 + i + 1, params: flat }))).pValue,
    );
    const rate = (a: number) => p.filter((v) => v < a).length / p.length;
    console.info(
      `flat series rejection rate: ${rate(0.01)} at 1 %, ${rate(0.05)} at 5 %, ${rate(0.5)} at 50 %`,
    );
    expect(rate(0.05)).toBeLessThanOrEqual(0.06);
    expect(rate(0.01)).toBeLessThanOrEqual(0.02);
    // Not degenerate: about half the flat fits lean upward (LR = 0), the rest spread over (0, 1).
    expect(rate(0.5)).toBeGreaterThan(0.15);
    expect(rate(0.5)).toBeLessThan(0.45);
  });

  it('detects a 30-day decay from 1 % toward 0.5 % (k = 1/400k) every time at α = 1 %', () => {
    const decaying = { initialCtr: 0.01, floorCtr: 0.005, decayRate: 1 / 400_000 };
    for (let i = 1; i <= 30; i++) {
      const s = simulateWearOutSeries({ seed: 5000 + i, days: 30, params: decaying });
      expect(fitWearOut(toDays(s)).pValue).toBeLessThan(0.01);
    }
  });

  it('returns the flat model with p = 1 for degenerate input instead of throwing', () => {
    const none = fitWearOut(exposureDays([100, 100, 100, 100, 100], [0, 0, 0, 0, 0], 'impressions'));
    expect(none.pValue).toBe(1);
    expect(none.params.decayRate).toBe(0);
    const short = fitWearOut(exposureDays([100, 100], [5, 1], 'impressions'));
    expect(short.pValue).toBe(1);
    expect(short.flatCtr).toBeCloseTo(0.03, 12);
  });
});
