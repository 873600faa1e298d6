import { describe, expect, it } from 'vitest';
import { commonEnoughToWalk, WALK_SHARE } from './search.frequency.ts';

const shares = new Map([
  ['tracking', 0.024],
  ['number', 0.026],
  ['to', 0.32],
  ['order', 0.002],
  ['orders', 0.001],
]);

describe('commonEnoughToWalk', () => {
  it('walks when every word is common, phrases and exclusions included', () => {
    expect(commonEnoughToWalk('"tracking number"', shares)).toBe(true);
    expect(commonEnoughToWalk('Tracking TO', shares)).toBe(true);
    expect(commonEnoughToWalk('tracking -spam', shares)).toBe(true);
    expect(commonEnoughToWalk('tracking or number', shares)).toBe(true);
  });
  it('asks the index when a word is rare or unknown', () => {
    expect(commonEnoughToWalk('tracking midapo', shares)).toBe(false);
    expect(commonEnoughToWalk('order', shares)).toBe(false);
    expect(commonEnoughToWalk('', shares)).toBe(false);
    expect(commonEnoughToWalk('-tracking', shares)).toBe(false);
    expect(commonEnoughToWalk('tracking', new Map())).toBe(false);
  });
  it('counts a prefix with every common lexeme it starts', () => {
    // order 0.2 % + orders 0.1 % = 0.3 % ≥ 1/400
    expect(0.003).toBeGreaterThanOrEqual(WALK_SHARE);
    expect(commonEnoughToWalk('ord', shares, 'ord')).toBe(true);
    expect(commonEnoughToWalk('ord', shares)).toBe(false);
  });
});
