import { describe, expect, it } from 'vitest';
import { esdCriticalValues, generalizedEsd } from './esd.ts';
import { nullFlagRate } from './null-simulation.ts';
import { shEsd } from './s-h-esd.ts';
import { residualScaleFactor } from './scale-calibration.ts';
import { decomposeWeekly } from './seasonal.ts';

/** Weekdays of consecutive days starting on a Monday (1). */
function weekdays(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, t) => (1 + t) % 7);
}

describe('S-H-ESD, hand-checkable cases', () => {
  it('flat series with one spike: only the spike, with z = 500/√1000 on the Poisson floor', () => {
    const x = new Array(28).fill(1000);
    x[10] = 1500;
    const fit = shEsd(x, weekdays(28), { transform: 'none', scaleFloor: Math.sqrt(1000) });
    if (fit.status !== 'ok') throw new Error('expected a fit');
    expect(Array.from(fit.flags).flatMap((f, t) => (f ? [t] : []))).toEqual([10]);
    expect(fit.expected[10]).toBe(1000); // leave-one-out: the spike is not part of its own trend
    expect(fit.z[10]).toBeCloseTo(500 / Math.sqrt(1000), 10);
    expect(fit.scale).toBeCloseTo(Math.sqrt(1000), 10); // MAD 0 → the floor
    // Band: λ of the 2nd step (n = 28, one outlier removed) times the scale.
    const lambda2 = esdCriticalValues(28, 0.05, false)[2];
    expect(fit.upper[3] - fit.expected[3]).toBeCloseTo(lambda2 * Math.sqrt(1000), 8);
  });

  it('a weekly pattern is not an anomaly: weekends at 40 % of weekdays raise no flag', () => {
    const wd = weekdays(56);
    const x = Array.from(wd, (w) => (w === 0 || w === 6 ? 400 : 1000));
    const fit = shEsd(x, wd, { transform: 'none', scaleFloor: Math.sqrt(400) });
    if (fit.status !== 'ok') throw new Error('expected a fit');
    expect(fit.flags.includes(1)).toBe(false);
    expect(fit.expected[5]).toBe(400); // day 5 is a Saturday
    // Without the seasonal step the same test flags weekend days.
    const plain = generalizedEsd(x, { maxOutliers: 5, scaleFloor: Math.sqrt(400) });
    expect(plain.outliers.length).toBeGreaterThan(0);
    expect(plain.outliers.every((t) => wd[t] === 0 || wd[t] === 6)).toBe(true);
  });

  it('…but a Saturday at the weekday level is a spike against the Saturday norm', () => {
    const wd = weekdays(56);
    const x = Array.from(wd, (w) => (w === 0 || w === 6 ? 400 : 1000));
    x[33] = 1000; // day 33 is a Saturday
    const fit = shEsd(x, wd, { transform: 'none', scaleFloor: Math.sqrt(400) });
    if (fit.status !== 'ok') throw new Error('expected a fit');
    expect(wd[33]).toBe(6);
    expect(Array.from(fit.flags).flatMap((f, t) => (f ? [t] : []))).toEqual([33]);
    expect(fit.expected[33]).toBe(400);
    expect(fit.z[33]).toBeGreaterThan(0);
  });

  it('decomposition recovers a known weekly pattern exactly on a flat level, closely under a trend', () => {
    const wd = weekdays(70);
    const effect = [-200, 50, 50, 50, 50, 50, -50]; // Sunday … Saturday, sums to 0
    const flat = decomposeWeekly(
      Array.from(wd, (w) => 1000 + effect[w]),
      wd,
      21,
      true,
    );
    for (let w = 0; w < 7; w++) expect(flat.weekdayEffects[w]).toBeCloseTo(effect[w], 9);
    for (let t = 0; t < 70; t++) expect(flat.residual[t]).toBeCloseTo(0, 9);
    // With a trend of +5 a day the 7-day median is off the trend by a few units (medians, not means).
    const x = Array.from(wd, (w, t) => 1000 + 5 * t + effect[w]);
    const dec = decomposeWeekly(x, wd, 21, true);
    for (let w = 0; w < 7; w++) expect(Math.abs(dec.weekdayEffects[w] - effect[w])).toBeLessThan(10);
    expect(Math.abs(dec.trend[35] - (1000 + 5 * 35))).toBeLessThan(10);
  });

  it('log1p: a 5× spike is flagged and the band is asymmetric around the level', () => {
    const wd = weekdays(42);
    const x = Array.from(wd, (_, t) => 20_000 * (1 + 0.03 * Math.sin(t)));
    x[30] *= 5;
    const fit = shEsd(x, wd, { transform: 'log1p', scaleFloor: 1 / Math.sqrt(20_000) });
    if (fit.status !== 'ok') throw new Error('expected a fit');
    expect(fit.flags[30]).toBe(1);
    expect(fit.expected[30]).toBeGreaterThan(19_000);
    expect(fit.expected[30]).toBeLessThan(21_000);
    expect(fit.upper[30] - fit.expected[30]).toBeGreaterThan(fit.expected[30] - fit.lower[30]);
  });

  it('fewer than two weeks is insufficient data, not an error', () => {
    const fit = shEsd(new Array(13).fill(5), weekdays(13));
    expect(fit).toEqual({
      status: 'insufficient_data',
      reason: '13 active days; S-H-ESD needs at least 14 (two weekly periods)',
    });
  });
});

describe('S-H-ESD calibration on Gaussian white noise (seeded Monte Carlo)', () => {
  it('flags ≈ α = 5 % of 90-day null series; the uncalibrated paper version over 25 %', () => {
    const calibrated = nullFlagRate(90, { replicates: 1200, seed: 314 });
    expect(calibrated).toBeGreaterThan(0.03);
    expect(calibrated).toBeLessThan(0.075);
    const paper = nullFlagRate(90, { replicates: 1200, seed: 314, scaleFactor: 1, leaveOneOut: false });
    expect(paper).toBeGreaterThan(0.25);
    expect(residualScaleFactor(90)).toBeCloseTo(1.132, 3);
    expect(residualScaleFactor(75)).toBeGreaterThan(1.132);
    expect(residualScaleFactor(75)).toBeLessThan(1.179);
  });
});
