import { describe, expect, it } from 'vitest';
import {
  conformalLevel,
  coverageScore,
  fitRecalibration,
  type HeldOut,
  levelScore,
  nominalLevels,
  smoothedScore,
  tieBreak,
} from './calibration.ts';
import { expectedRandomizedCoverage } from './pit.ts';
import { poisson } from './predictive.test-support.ts';
import { etsPredictive, tsbPredictive } from './predictive.ts';

describe('levelScore', () => {
  it('is coverageScore at the PIT of a value off any atom', () => {
    const preds = [
      etsPredictive(1, 1.5, 'none'),
      etsPredictive(Math.log1p(30), 0.8, 'log1p'),
      etsPredictive(0.3, 1, 'log1p'),
      tsbPredictive({ alpha: 0.1, beta: 0.1, probability: 0.3, size: 4, fitted: [], sizes: [1, 2, 2, 6] }),
    ];
    for (const pred of preds) {
      for (const y of [0.5, 1, 2, 3, 5, 8, 20, 30, 60]) {
        expect(levelScore(pred, pred.cdf(y))).toBeCloseTo(coverageScore(pred, y), 9);
      }
    }
  });
});

describe('smoothed conformal calibration (Vovk, Gammerman & Shafer 2005)', () => {
  it('breaks ties evenly: the Weyl draws of 1000 days fall ~100 in each tenth', () => {
    const counts = Array(10).fill(0);
    for (let i = 0; i < 1000; i++) counts[Math.floor(10 * tieBreak(i))]++;
    for (const c of counts) expect(Math.abs(c - 100)).toBeLessThanOrEqual(2);
  });

  it('keeps the ordinary score where the PIT range is a point (continuous values)', () => {
    const pred = etsPredictive(100, 10, 'none');
    for (const y of [70, 95.5, 100, 130]) expect(smoothedScore(pred, y, 0.3, 0)).toBe(coverageScore(pred, y));
  });

  it('calibrates a correct Poisson(0.2) forecast to level 0.8, where the tied zero days collapse it', () => {
    // 1000 days in the Poisson(0.2) proportions: 819 zeros, 164 ones, 16 twos, 1 three.
    const pred = poisson(0.2);
    const ys = [...Array(819).fill(0), ...Array(164).fill(1), ...Array(16).fill(2), 3];
    const held: HeldOut[] = ys.map((y) => ({ pred, y }));
    // Unsmoothed: every zero scores max(0, 1 − 2·0.819) = 0, so the 80 % level is 0: the band [0, 0]
    // covers 81.9 % of days, but in the randomized-PIT sense its levels [0, 0] cover none.
    const plain = conformalLevel(
      held.map((h) => coverageScore(h.pred, h.y)),
      0.8,
    )!;
    const r = fitRecalibration(held);
    const cover = (t: number) =>
      held.reduce((s, h) => s + expectedRandomizedCoverage(pred, nominalLevels(pred, t), h.y), 0) /
      held.length;
    expect(r.level80).toBeCloseTo(0.8, 2);
    expect(cover(r.level80)).toBeCloseTo(0.8, 2);
    expect(r.level95).toBeCloseTo(0.95, 2);
    expect(plain).toBe(0);
    expect(cover(plain)).toBe(0);
  });
});
