import normal from '@stdlib/random-base-normal';
import { describe, expect, it } from 'vitest';
import { groupAnomalyEvents } from './events.ts';
import { detectLevelShifts, minLevelShiftDays } from './level-shift.ts';
import { LEVEL_SHIFT_CRITICAL, levelShiftCritical } from './level-shift-calibration.ts';
import { scanSeries } from './scan.ts';
import { syntheticSeries } from './synthetic.ts';

const noise = (n: number, sd: number, seed: number) => {
  const g = normal.factory(0, sd, { seed });
  return Array.from({ length: n }, () => g());
};

describe('level-shift scan (MOSUM)', () => {
  it('flags about α of Gaussian white-noise series (the Monte Carlo calibration holds on other seeds)', () => {
    const g = normal.factory(0, 1, { seed: 424242 });
    let flagged = 0;
    const runs = 600;
    for (let r = 0; r < runs; r++) {
      const y = Array.from({ length: 91 }, () => g());
      if (detectLevelShifts(y).length > 0) flagged++;
    }
    expect(flagged / runs).toBeGreaterThan(0.025);
    expect(flagged / runs).toBeLessThan(0.08);
  });

  it('reports a week at −40 % once, on the day it starts, with its days and size', () => {
    const y = noise(91, 0.1, 7);
    for (let t = 50; t < 57; t++) y[t] += Math.log(0.6);
    const shifts = detectLevelShifts(y);
    expect(shifts).toHaveLength(1); // the return to the old level is its end, not a second shift
    const [s] = shifts;
    expect(s.start).toBe(50);
    expect(s.end).toBe(56);
    expect(Math.abs(s.shift - Math.log(0.6))).toBeLessThan(0.08);
    expect(s.z).toBeLessThan(-s.critical);
  });

  it('reports a shift that lasts to the last day, from its third day on', () => {
    const y = noise(80, 0.05, 1);
    for (let t = 77; t < 80; t++) y[t] += Math.log(1.8);
    expect(detectLevelShifts(y).map((s) => [s.start, s.end])).toEqual([[77, 79]]);
    expect(detectLevelShifts(y.slice(0, 78))).toEqual([]); // one day is a spike, not a shift
  });

  it('does not call one spike or a slow decline a shift', () => {
    const spike = noise(91, 0.1, 3);
    spike[40] += Math.log(10);
    expect(detectLevelShifts(spike)).toEqual([]);
    const decline = noise(91, 0.1, 5).map((v, t) => v + Math.log(1 - (0.5 * t) / 90));
    expect(detectLevelShifts(decline)).toEqual([]);
  });

  it('needs baseline + window + 14 days, and refuses bad options', () => {
    expect(minLevelShiftDays()).toBe(35);
    const y = noise(34, 0.1, 1);
    y[30] += 5;
    expect(detectLevelShifts(y)).toEqual([]);
    expect(() => detectLevelShifts(y, { alpha: 0 })).toThrow(RangeError);
    expect(() => detectLevelShifts(y, { minDays: 8 })).toThrow(RangeError);
  });

  it('interpolates the calibrated critical values between lengths and levels', () => {
    const row91 = LEVEL_SHIFT_CRITICAL.find(([n]) => n === 91)!;
    expect(levelShiftCritical(91, 0.05)).toBeCloseTo(row91[2], 10);
    expect(levelShiftCritical(91, 0.01)).toBeCloseTo(row91[3], 10);
    const mid = levelShiftCritical(100, 0.05);
    expect(mid).toBeGreaterThan(Math.min(row91[2], 5.361) - 1e-9);
    expect(mid).toBeLessThan(Math.max(row91[2], 5.361) + 1e-9);
    expect(levelShiftCritical(91, 0.02)).toBeGreaterThan(row91[2]);
    expect(levelShiftCritical(91, 0.02)).toBeLessThan(row91[3]);
  });
});

describe('level shifts in the scan', () => {
  const spec = {
    days: 84,
    impressions: 40_000,
    ctr: 0.02,
    conversionRate: 0.1,
    cpcMinor: 60,
    orderValueMinor: 5000,
    weekly: [0.7, 1, 1.05, 1.1, 1.05, 1, 0.75],
    trafficNoise: 0.08,
  };

  it('is off by default; on, a week of impressions at 60 % is one anomaly from its first day', () => {
    const series = syntheticSeries('ad', spec, 9);
    const pts = series.points.map((p, t) =>
      t >= 60 && t < 67 ? { ...p, impressions: Math.round(p.impressions * 0.6) } : p,
    );
    const shifted = { ...series, points: pts };
    const off = scanSeries(shifted, { metrics: ['impressions'], bands: false });
    expect(off.anomalies.some((a) => a.kind === 'level_shift')).toBe(false);
    const on = scanSeries(shifted, { metrics: ['impressions'], bands: false, levelShifts: true });
    const shifts = on.anomalies.filter((a) => a.kind === 'level_shift');
    expect(shifts).toHaveLength(1);
    const [s] = shifts;
    expect(s).toMatchObject({
      method: 'level-shift',
      direction: 'drop',
      date: pts[60].date,
      until: pts[66].date,
      days: 7,
      ongoing: false,
    });
    expect(s.value! / s.expected).toBeGreaterThan(0.5);
    expect(s.value! / s.expected).toBeLessThan(0.7);

    // One event: the one-day flags inside the shift's days join it.
    const subject = { type: 'ad', id: 'a1', ancestors: [] };
    const events = groupAnomalyEvents(on.anomalies.map((anomaly) => ({ subject, anomaly })));
    const withShift = events.find((e) => e.findings.some((f) => f.anomaly.kind === 'level_shift'))!;
    expect(withShift.from).toBe(pts[60].date);
    expect(withShift.to).toBe(pts[66].date);
    const inside = on.anomalies.filter((a) => a.date >= pts[60].date && a.date <= pts[66].date);
    expect(withShift.findings).toHaveLength(inside.length);
  });
});
