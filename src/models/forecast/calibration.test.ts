import normal from '@stdlib/random-base-normal';
import randu from '@stdlib/random-base-randu';
import { describe, expect, it } from 'vitest';
import { rollingOriginBacktest, summarizeBacktest } from './backtest.ts';
import {
  conformalLevel,
  coverageScore,
  fitRecalibration,
  type HeldOut,
  IDENTITY,
  MAX_LEVEL,
  nominalBand,
} from './calibration.ts';
import { forecastSeries } from './forecast.ts';
import { etsPredictive, type Predictive, seasonalNaivePredictive, tsbPredictive } from './predictive.ts';

const inside = (pred: Predictive, t: number, y: number) => {
  const b = nominalBand(pred, t);
  return y >= b.lower && y <= b.upper;
};

/** A seeded zero-inflated series: a non-zero day with probability `p`, of size 50·e^(2U), U ~ U(0, 1). */
function lumpy(n: number, p: number, seed: number): number[] {
  const rnd = randu.factory({ seed }) as () => number;
  return Array.from({ length: n }, () => (rnd() < p ? Math.round(50 * Math.exp(2 * rnd())) : 0));
}

describe('intervals with an atom at zero', () => {
  it('start at 0 and end at the t-quantile once P(Y = 0) ≥ (1 − t)/2, so they cover t, not (1 + t)/2', () => {
    const fit = { alpha: 0.1, beta: 0.1, probability: 0.5, size: 5, fitted: [], sizes: [1, 3, 5, 7, 9] };
    const tsb = tsbPredictive(fit);
    expect(nominalBand(tsb, 0.8)).toEqual({ lower: 0, upper: tsb.quantile(0.8) });
    // Under the model the band holds 0 (probability 0.5) and sizes up to its 0.6-quantile: 0.8 in all.
    expect(tsb.cdf(nominalBand(tsb, 0.8).upper)).toBeCloseTo(0.8, 12);
    // Without an atom it is the central interval.
    const gauss = etsPredictive(100, 10, 'none');
    const b = nominalBand(gauss, 0.8);
    expect(gauss.cdf(b.lower)).toBeCloseTo(0.1, 10);
    expect(gauss.cdf(b.upper)).toBeCloseTo(0.9, 10);
    // Always holds the median.
    expect(nominalBand(gauss, 0)).toEqual({ lower: 100, upper: 100 });
  });

  it('scores each value with the smallest level whose band (and every wider one) holds it', () => {
    const preds: Predictive[] = [
      etsPredictive(1, 1.5, 'none'),
      etsPredictive(Math.log1p(30), 0.8, 'log1p'),
      etsPredictive(0.3, 1, 'log1p'),
      tsbPredictive({ alpha: 0.1, beta: 0.1, probability: 0.3, size: 4, fitted: [], sizes: [1, 2, 2, 6] }),
      tsbPredictive({ alpha: 0.1, beta: 0.1, probability: 0.95, size: 4, fitted: [], sizes: [2, 3, 5, 6] }),
      seasonalNaivePredictive(5, [-7, -3, -1, 0, 2, 4, 9], 3),
    ];
    const levels = Array.from({ length: 101 }, (_, i) => i / 100);
    for (const pred of preds) {
      for (const y of [0, 0.5, 1, 2, 3, 5, 8, 20, 30, 60, 200]) {
        const s = coverageScore(pred, y);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        for (const t of levels.filter((l) => l >= s + 1e-9 && l < 1)) expect(inside(pred, t, y)).toBe(true);
        if (s > 1e-6) expect(inside(pred, s - 1e-6, y)).toBe(false);
      }
    }
  });
});

describe('conformal levels (split conformal prediction, Hyndman–Fan type 6)', () => {
  it('takes the (n + 1)·coverage-th smallest score, interpolated, or nothing when n is too small', () => {
    const scores = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.4, 0.8, 0.6];
    expect(conformalLevel(scores, 0.8)).toBeCloseTo(0.8, 12); // position 8 of 9
    expect(conformalLevel(scores, 0.75)).toBeCloseTo(0.75, 12); // 7.5: between 0.7 and 0.8
    expect(conformalLevel(scores, 0.95)).toBeUndefined(); // position 9.5 > 9
    expect(conformalLevel([1, 1, 1, 1, 1], 0.8)).toBe(MAX_LEVEL);
    expect(fitRecalibration([])).toEqual(IDENTITY);
  });

  it('widens too-narrow and narrows too-wide Gaussian bands to cover about 80 % and 95 % of new days', () => {
    const draw = normal.factory({ seed: 3 }) as (mu: number, sigma: number) => number;
    for (const [modelSd, level80] of [
      [5, 0.9896], // the truth has sd 10: ±1.28·10 is the model's ±2.56·5 interval, level 0.9896
      [20, 0.4778], // ±1.28·10 = ±0.64·20, level 0.4778
    ] as const) {
      const pred = etsPredictive(100, modelSd, 'none');
      const held: HeldOut[] = Array.from({ length: 400 }, () => ({ pred, y: draw(100, 10) }));
      const r = fitRecalibration(held);
      expect(r.days).toBe(400);
      expect(r.level80).toBeCloseTo(level80, 1);
      const future = Array.from({ length: 4000 }, () => draw(100, 10));
      const cover = (t: number) => future.filter((y) => inside(pred, t, y)).length / future.length;
      expect(cover(r.level80)).toBeGreaterThan(0.77);
      expect(cover(r.level80)).toBeLessThan(0.83);
      expect(cover(r.level95)).toBeGreaterThan(0.93);
      expect(cover(r.level95)).toBeLessThan(0.97);
      expect(Math.abs(cover(0.8) - 0.8)).toBeGreaterThan(0.15); // the model's own band is far off
    }
  });

  it('forecastSeries reports the levels it used: calibrated on 4 × 7 backtest days, nominal without', () => {
    const y = lumpy(90, 0.4, 5);
    const r = forecastSeries(y, { horizon: 14 });
    const ets = forecastSeries(y, { horizon: 14, selectMethod: false });
    if (r.status !== 'ok' || ets.status !== 'ok') throw new Error('fit failed');
    expect(r.calibration.days).toBe(28);
    expect(r.calibration.level95).toBeGreaterThanOrEqual(r.calibration.level80);
    expect(ets.calibration).toEqual(IDENTITY);
    for (const p of r.forecast) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.median);
      expect(p.median).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
    }
  });

  it('covers about 80 % and 95 % of future days of zero-inflated series in a rolling-origin backtest', () => {
    const cases = Array.from({ length: 30 }, (_, i) =>
      rollingOriginBacktest(lumpy(98, 0.4, 100 + i), { horizons: [14], step: 14 }),
    ).flat();
    const [s] = summarizeBacktest(cases);
    // Measured on these 30 series × 3 origins: 0.808 and 0.948; ETS alone with its Gaussian bands
    // covered 0.637 and 0.966 (selectMethod: false).
    expect(s.cases).toBe(90);
    expect(s.coverage80).toBeGreaterThan(0.76);
    expect(s.coverage80).toBeLessThan(0.85);
    expect(s.coverage95).toBeGreaterThan(0.92);
    expect(s.coverage95).toBeLessThan(0.98);
  });
});
