import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './coverage-interval.ts';

describe('wilsonInterval (Wilson 1927)', () => {
  it('matches the textbook 95 % intervals', () => {
    // 5 of 10: 0.2366–0.7634; 8 of 10: 0.4902–0.9433; 0 of 10: 0–0.2775.
    const a = wilsonInterval(0.5, 10);
    expect(a.lower).toBeCloseTo(0.2366, 4);
    expect(a.upper).toBeCloseTo(0.7634, 4);
    const b = wilsonInterval(0.8, 10);
    expect(b.lower).toBeCloseTo(0.4902, 4);
    expect(b.upper).toBeCloseTo(0.9433, 4);
    const c = wilsonInterval(0, 10);
    expect(c.lower).toBeCloseTo(0, 12);
    expect(c.upper).toBeCloseTo(0.2775, 4);
  });

  it('narrows with more cases and is [0, 1] without any', () => {
    const few = wilsonInterval(0.8, 22);
    const many = wilsonInterval(0.8, 322);
    expect(many.upper - many.lower).toBeLessThan(few.upper - few.lower);
    expect(many.lower).toBeLessThan(0.8);
    expect(many.upper).toBeGreaterThan(0.8);
    expect(wilsonInterval(0.5, 0)).toEqual({ lower: 0, upper: 1 });
  });
});
