import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.ts';

const rosenbrock = (x: number[]): number => {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
};

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum at (1, 1) from (-1.2, 1)', () => {
    const res = nelderMead(rosenbrock, [-1.2, 1]);
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 5);
    expect(res.x[1]).toBeCloseTo(1, 5);
    expect(res.fx).toBeLessThan(1e-10);
  });

  it('handles 4-dimensional Rosenbrock', () => {
    const res = nelderMead(rosenbrock, [-1, 0.5, -0.5, 2], { step: 0.5 });
    for (const xi of res.x) expect(xi).toBeCloseTo(1, 4);
  });

  it('treats non-finite objective values as +infinity', () => {
    // Minimum of (x-2)^2 on x > 0; NaN for x <= 0.
    const f = (x: number[]) => (x[0] > 0 ? (x[0] - 2) ** 2 : Number.NaN);
    const res = nelderMead(f, [0.1], { step: 1 });
    expect(res.x[0]).toBeCloseTo(2, 6);
  });
});
