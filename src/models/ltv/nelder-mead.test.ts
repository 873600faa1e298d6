import { describe, expect, it } from 'vitest';
import { LIKELIHOOD_STALL, nelderMead } from './nelder-mead.ts';
import { lgamma } from './special.ts';

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

describe('nelderMead stall rule', () => {
  // Gamma-Gamma's −ln L summed as gamma-gamma.ts summed it before the rearrangement (Fader & Hardie's
  // eq. 4 term by term: its terms grow with p and cancel), on 2,000 customers who each pay one of
  // three list prices. The likelihood rises towards a limit as p → ∞ and its last digits are rounding
  // noise there: the fit wandered to its iteration cap, 45,000 iterations and 7 s.
  let seed = 2;
  const uniform = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const xs: number[] = [];
  const zs: number[] = [];
  for (let i = 0; i < 2000; i++) {
    xs.push(1 + Math.floor(uniform() * 10));
    zs.push([10, 20, 50][Math.floor(uniform() * 3)]);
  }
  const sumLogZ = new Array<number>(11).fill(0);
  const count = new Array<number>(11).fill(0);
  for (let i = 0; i < xs.length; i++) {
    sumLogZ[xs[i]] += Math.log(zs[i]);
    count[xs[i]]++;
  }
  const negLogLik = ([lp, lq, lv]: number[]): number => {
    const [p, q, v] = [Math.exp(lp), Math.exp(lq), Math.exp(lv)];
    let total = 0;
    for (let x = 1; x <= 10; x++) {
      const px = p * x;
      total += count[x] * (lgamma(px + q) - lgamma(px) - lgamma(q) + q * Math.log(v) + px * Math.log(x));
      total += (px - 1) * sumLogZ[x];
    }
    for (let i = 0; i < xs.length; i++) total -= (p * xs[i] + q) * Math.log(v + xs[i] * zs[i]);
    return -total;
  };
  const opts = { step: 1, fTolerance: 1e-9, xTolerance: 1e-7, maxIterations: 4000, restarts: 0 };

  it('stops a run wandering in rounding noise along a rising ridge, at the same value', () => {
    const wandering = nelderMead(negLogLik, [0, 0, 0], opts);
    expect(wandering.converged).toBe(false);
    expect(wandering.iterations).toBe(4000);
    const stopped = nelderMead(negLogLik, [0, 0, 0], { ...opts, ...LIKELIHOOD_STALL });
    expect(stopped.stalled).toBe(true);
    expect(stopped.iterations).toBeLessThan(1000);
    expect(Math.abs(stopped.fx - wandering.fx)).toBeLessThan(0.01);
  });

  it('leaves a minimisation that converges unchanged', () => {
    const plain = nelderMead(rosenbrock, [-1.2, 1]);
    const withStall = nelderMead(rosenbrock, [-1.2, 1], LIKELIHOOD_STALL);
    expect(withStall).toEqual(plain);
    expect(withStall.converged).toBe(true);
  });
});
