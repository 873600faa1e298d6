import { describe, expect, it } from 'vitest';
import { calibrationByDecile } from './calibration-deciles.ts';

describe('calibrationByDecile', () => {
  it('cuts 20 distinct predictions into ten groups of two with their means (hand-checked)', () => {
    // predicted 0.1, 0.2, …, 2.0; actual = 2 × predicted for the top half, 0 for the bottom half.
    const items = Array.from({ length: 20 }, (_, i) => {
      const predicted = (i + 1) / 10;
      return { predicted, actual: i >= 10 ? 2 * predicted : 0 };
    }).reverse(); // the input order does not matter
    const d = calibrationByDecile(items);
    expect(d.map((x) => x.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(d.every((x) => x.count === 2)).toBe(true);
    expect(d[0].minPredicted).toBeCloseTo(0.1, 12);
    expect(d[0].maxPredicted).toBeCloseTo(0.2, 12);
    expect(d[0].meanPredicted).toBeCloseTo(0.15, 12);
    expect(d[0].meanActual).toBe(0);
    expect(d[9].meanPredicted).toBeCloseTo(1.95, 12);
    expect(d[9].meanActual).toBeCloseTo(3.9, 12);
    expect(d[5].meanActual).toBeCloseTo(2.3, 12); // (1.1 + 1.2)
  });

  it('keeps equal predictions in one decile and omits the deciles ties leave empty', () => {
    // 6 items at 0, then 1, 2, 3, 4: the six tied zeros all fall in decile 1.
    const items = [0, 0, 0, 0, 0, 0, 1, 2, 3, 4].map((p) => ({ predicted: p, actual: p + 1 }));
    const d = calibrationByDecile(items);
    expect(d.map((x) => [x.decile, x.count])).toEqual([
      [1, 6],
      [7, 1],
      [8, 1],
      [9, 1],
      [10, 1],
    ]);
    expect(d[0]).toMatchObject({ minPredicted: 0, maxPredicted: 0, meanPredicted: 0, meanActual: 1 });
    // Counts add up, and so do the totals of predicted and actual values.
    const total = (f: (x: (typeof d)[number]) => number) => d.reduce((s, x) => s + x.count * f(x), 0);
    expect(total(() => 1)).toBe(items.length);
    expect(total((x) => x.meanActual)).toBeCloseTo(
      items.reduce((s, x) => s + x.actual, 0),
      12,
    );
  });

  it('uneven sizes: 23 items give groups of 2 or 3; other group counts', () => {
    const items = Array.from({ length: 23 }, (_, i) => ({ predicted: i, actual: 1 }));
    const d = calibrationByDecile(items);
    expect(d.map((x) => x.count)).toEqual([3, 2, 2, 3, 2, 2, 3, 2, 2, 2]);
    expect(d.reduce((s, x) => s + x.count, 0)).toBe(23);
    expect(calibrationByDecile(items, { groups: 4 }).map((x) => x.count)).toEqual([6, 6, 6, 5]);
    expect(calibrationByDecile(items, { groups: 1 })).toEqual([
      { decile: 1, count: 23, minPredicted: 0, maxPredicted: 22, meanPredicted: 11, meanActual: 1 },
    ]);
  });

  it('returns nothing for no items and rejects bad input', () => {
    expect(calibrationByDecile([])).toEqual([]);
    expect(() => calibrationByDecile([{ predicted: Number.NaN, actual: 0 }])).toThrow(RangeError);
    expect(() => calibrationByDecile([{ predicted: 1, actual: Number.POSITIVE_INFINITY }])).toThrow(
      /actual must be finite/,
    );
    expect(() => calibrationByDecile([], { groups: 0 })).toThrow(/groups/);
    expect(() => calibrationByDecile([], { groups: 2.5 })).toThrow(/groups/);
  });
});
