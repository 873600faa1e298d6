import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { mae, mase, seasonalNaiveForecast, seasonalNaiveScale, smape } from './accuracy.ts';

const history = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('seasonal naive, MASE and sMAPE (hand-checked)', () => {
  it('seasonal naive repeats the last observed week', () => {
    // n = 10, m = 7: h = 1 reads y_4 = 4; h = 8 wraps to the same weekday again.
    expect(seasonalNaiveForecast(history, 9)).toEqual([4, 5, 6, 7, 8, 9, 10, 4, 5]);
    expect(seasonalNaiveForecast([3, 5], 3, 2)).toEqual([3, 5, 3]);
  });

  it('MASE scales the out-of-sample MAE by the in-sample seasonal naive MAE', () => {
    // |8−1|, |9−2|, |10−3| → scale 7.
    expect(seasonalNaiveScale(history)).toBe(7);
    expect(mae([11, 12], [4, 5])).toBe(7);
    expect(mase([11, 12], [4, 5], history)).toBe(1);
    expect(mase([11, 12], [10, 12], history)).toBeCloseTo(0.5 / 7, 12);
    // A history that repeats every week has scale 0: MASE is undefined.
    expect(mase([1], [1], [0, 0, 0, 0, 0, 0, 0, 0])).toBeNaN();
  });

  it('sMAPE is 200|y − ŷ|/(|y| + |ŷ|) averaged, 0 for y = ŷ = 0', () => {
    // 2·10/210 = 0.095238…, 0, 2·50/50 = 2 → mean 0.698413 → 69.84%.
    expect(smape([100, 0, 50], [110, 0, 0])).toBeCloseTo(69.8413, 4);
    expect(smape([5], [5])).toBe(0);
  });

  it('rejects bad input with OMNIFY_ERR_VALIDATION', () => {
    expect(() => seasonalNaiveForecast([1, 2, 3], 2)).toThrow(OmnifyError);
    expect(() => seasonalNaiveForecast(history, 0)).toThrow(/positive integer/);
    expect(() => seasonalNaiveScale(history.slice(0, 7))).toThrow(OmnifyError);
    expect(() => smape([1, 2], [1])).toThrow(OmnifyError);
    expect(() => mae([], [])).toThrow(OmnifyError);
  });
});
