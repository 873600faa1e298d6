import { describe, expect, it } from 'vitest';
import { commonEnoughToWalk, walkWindow } from './search.frequency.ts';

const WALK_SHARE = 26 / 10_000;

const shares = new Map([
  ['tracking', 0.024],
  ['number', 0.026],
  ['to', 0.32],
  ['order', 0.002],
  ['orders', 0.001],
]);

describe('commonEnoughToWalk', () => {
  it('walks when every word is common, phrases and exclusions included', () => {
    expect(commonEnoughToWalk('"tracking number"', shares, WALK_SHARE)).toBe(true);
    expect(commonEnoughToWalk('Tracking TO', shares, WALK_SHARE)).toBe(true);
    expect(commonEnoughToWalk('tracking -spam', shares, WALK_SHARE)).toBe(true);
    expect(commonEnoughToWalk('tracking or number', shares, WALK_SHARE)).toBe(true);
  });
  it('asks the index when a word is rare or unknown', () => {
    expect(commonEnoughToWalk('tracking midapo', shares, WALK_SHARE)).toBe(false);
    expect(commonEnoughToWalk('order', shares, WALK_SHARE)).toBe(false);
    expect(commonEnoughToWalk('', shares, WALK_SHARE)).toBe(false);
    expect(commonEnoughToWalk('-tracking', shares, WALK_SHARE)).toBe(false);
    expect(commonEnoughToWalk('tracking', new Map(), WALK_SHARE)).toBe(false);
  });
  it('walks at most 1 % of the table, between 1,000 and the cap', () => {
    expect(walkWindow(0, 10_000)).toBe(1_000);
    expect(walkWindow(100_000, 10_000)).toBe(1_000);
    expect(walkWindow(500_000, 10_000)).toBe(5_000);
    expect(walkWindow(5_000_000, 10_000)).toBe(10_000);
  });
  it('a larger page needs more common words', () => {
    expect(commonEnoughToWalk('tracking', shares, 26 / 1_000)).toBe(false);
    expect(commonEnoughToWalk('to', shares, 26 / 1_000)).toBe(true);
  });
  it('counts a prefix with every common lexeme it starts', () => {
    // order 0.2 % + orders 0.1 % = 0.3 % ≥ 1/400
    expect(0.003).toBeGreaterThanOrEqual(WALK_SHARE);
    expect(commonEnoughToWalk('ord', shares, WALK_SHARE, 'ord')).toBe(true);
    expect(commonEnoughToWalk('ord', shares, WALK_SHARE)).toBe(false);
  });
});
