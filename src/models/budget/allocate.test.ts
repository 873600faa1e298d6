import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { allocateBudget, greedyAllocate } from './allocate.ts';
import { fitResponseCurve, type ResponseCurveFitOk } from './fit.ts';
import { type ResponseCurveParams, steadyStateResponse } from './response-curve.ts';
import { simulateCampaign } from './synthetic.ts';

const curve = (p: Partial<ResponseCurveParams>): ResponseCurveParams => ({
  theta: 0.3,
  alpha: 1,
  gamma: 10_000,
  beta: 100,
  baseline: 0,
  ...p,
});

/** Best Σ f_i over every grid allocation (min_i + k·step) that spends exactly `total`. */
function bruteForce(
  fns: ((s: number) => number)[],
  bounds: { min: number; max: number }[],
  total: number,
  step: number,
): number {
  let best = Number.NEGATIVE_INFINITY;
  const rec = (i: number, left: number, acc: number): void => {
    if (i === fns.length - 1) {
      const s = left;
      if (s >= bounds[i].min && s <= bounds[i].max && (s - bounds[i].min) % step === 0)
        best = Math.max(best, acc + fns[i](s));
      return;
    }
    for (let s = bounds[i].min; s <= bounds[i].max && s <= left; s += step)
      rec(i + 1, left - s, acc + fns[i](s));
  };
  rec(0, total, 0);
  return best;
}

describe('greedy allocation (Meridian) equals the optimum for concave curves', () => {
  it('matches brute force on small problems and equalises marginal returns', () => {
    const cases = [
      [
        curve({ alpha: 0.8, gamma: 4000, beta: 50 }),
        curve({ alpha: 1, gamma: 9000, beta: 120 }),
        curve({ beta: 80 }),
      ],
      [curve({ alpha: 0.6, gamma: 2000, beta: 30 }), curve({ alpha: 1, gamma: 20_000, beta: 300 })],
      // S-shaped but every lower bound is above the inflection point, so concave on the range.
      [
        curve({ alpha: 2, gamma: 3000, beta: 60 }),
        curve({ alpha: 2.5, gamma: 5000, beta: 90 }),
        curve({ beta: 70 }),
      ],
    ];
    for (const curves of cases) {
      const fns = curves.map((c) => (s: number) => steadyStateResponse(c, s));
      const bounds = curves.map(() => ({ min: 3000, max: 15_000 }));
      const step = 500;
      const total = 3000 * curves.length + 500 * 20;
      const greedy = greedyAllocate(fns, bounds, total, step);
      const value = greedy.reduce((a, s, i) => a + fns[i](s), 0);
      const best = bruteForce(fns, bounds, total, step);
      expect(greedy.reduce((a, b) => a + b, 0)).toBe(total);
      expect(value).toBeCloseTo(best, 9);
      // Interior campaigns: moving one step from i to j cannot help (discrete equal-marginal condition).
      for (let i = 0; i < greedy.length; i++)
        for (let j = 0; j < greedy.length; j++) {
          if (i === j || greedy[i] - step < bounds[i].min || greedy[j] + step > bounds[j].max) continue;
          const moved =
            fns[i](greedy[i] - step) + fns[j](greedy[j] + step) - fns[i](greedy[i]) - fns[j](greedy[j]);
          expect(moved).toBeLessThanOrEqual(1e-12);
        }
    }
  });

  it('hits the continuous equal-marginal-return optimum to within one step', () => {
    // Two α = 1 curves: f_i'(s) = β_i γ_i/(s+γ_i)². Optimum: √(β1γ1)/(s1+γ1) = √(β2γ2)/(s2+γ2), s1+s2 = B.
    const c1 = curve({ gamma: 10_000, beta: 100 });
    const c2 = curve({ gamma: 40_000, beta: 900 });
    const B = 100_000;
    const k1 = Math.sqrt(c1.beta * c1.gamma);
    const k2 = Math.sqrt(c2.beta * c2.gamma);
    const s1 = (k1 * (B + c1.gamma + c2.gamma)) / (k1 + k2) - c1.gamma; // = 10,000 exactly here
    const plan = allocateBudget({
      campaigns: [
        { id: 'a', curve: c1, currentDailySpendMinor: 50_000, minDailySpendMinor: 0, maxDailySpendMinor: B },
        { id: 'b', curve: c2, currentDailySpendMinor: 50_000, minDailySpendMinor: 0, maxDailySpendMinor: B },
      ],
      totalDailyBudgetMinor: B,
      stepMinor: 100,
    });
    expect(Math.abs(plan.campaigns[0].after - s1)).toBeLessThanOrEqual(100);
    const [a, b] = plan.campaigns;
    expect(a.marginalReturnAfter / b.marginalReturnAfter).toBeGreaterThan(0.98);
    expect(a.marginalReturnAfter / b.marginalReturnAfter).toBeLessThan(1.02);
  });
});

describe('allocateBudget', () => {
  const saturated = curve({ gamma: 5000, beta: 200, alpha: 1.2 });
  const unsaturated = curve({ gamma: 200_000, beta: 4000, alpha: 1 });

  it('respects bounds (default ±30%) and spends the total exactly', () => {
    const plan = allocateBudget({
      campaigns: [
        { id: 'sat', curve: saturated, currentDailySpendMinor: 50_001 },
        { id: 'uns', curve: unsaturated, currentDailySpendMinor: 30_000 },
        {
          id: 'mid',
          curve: curve({}),
          currentDailySpendMinor: 12_345,
          minDailySpendMinor: 10_000,
          maxDailySpendMinor: 20_000,
        },
      ],
      totalDailyBudgetMinor: 92_346,
      stepMinor: 1000,
    });
    const byId = Object.fromEntries(plan.campaigns.map((c) => [c.id, c]));
    expect(byId.sat).toMatchObject({ min: 35_001, max: 65_001 }); // ⌈0.7·50001⌉, ⌊1.3·50001⌋
    expect(byId.uns).toMatchObject({ min: 21_000, max: 39_000 });
    for (const c of plan.campaigns) {
      expect(Number.isInteger(c.after)).toBe(true);
      expect(c.after).toBeGreaterThanOrEqual(c.min);
      expect(c.after).toBeLessThanOrEqual(c.max);
      expect(c.change).toBe(c.after - c.before);
    }
    expect(plan.totals.budgetAfter).toBe(92_346);
  });

  it('moves budget from a saturated to an unsaturated campaign with positive lift', () => {
    const plan = allocateBudget({
      campaigns: [
        { id: 'sat', curve: saturated, currentDailySpendMinor: 50_000 },
        { id: 'uns', curve: unsaturated, currentDailySpendMinor: 50_000 },
      ],
      totalDailyBudgetMinor: 100_000,
    });
    const [sat, uns] = plan.campaigns;
    expect(sat.after).toBe(35_000);
    expect(uns.after).toBe(65_000);
    const want =
      steadyStateResponse(saturated, 35_000) +
      steadyStateResponse(unsaturated, 65_000) -
      steadyStateResponse(saturated, 50_000) -
      steadyStateResponse(unsaturated, 50_000);
    expect(plan.totals.expectedLift).toBeCloseTo(want, 9);
    expect(plan.totals.expectedLift).toBeGreaterThan(0);
    expect(plan.totals.expectedLiftPercent).toBeCloseTo((100 * want) / plan.totals.expectedOutcomeBefore, 9);
    expect(plan.totals.liftInterval).toBeNull();
    const chart = sat.chart!;
    expect(chart.points).toHaveLength(41);
    expect(chart.current.spendMinor).toBe(50_000);
    expect(chart.proposed.spendMinor).toBe(35_000);
    for (let i = 1; i < chart.points.length; i++)
      expect(chart.points[i].expectedOutcome).toBeGreaterThanOrEqual(chart.points[i - 1].expectedOutcome);
  });

  it('rejects infeasible or malformed input with OMNIFY_ERR_VALIDATION', () => {
    const base = { id: 'a', curve: saturated, currentDailySpendMinor: 1000 };
    const paths = (fn: () => unknown): string[] => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(OmnifyError);
        return (e as OmnifyError).details.fields!.map((f) => f.path);
      }
      return [];
    };
    expect(paths(() => allocateBudget({ campaigns: [base], totalDailyBudgetMinor: 5000 }))).toEqual([
      '/totalDailyBudgetMinor',
    ]);
    expect(paths(() => allocateBudget({ campaigns: [base, base], totalDailyBudgetMinor: 2000 }))).toEqual([
      '/campaigns/1/id',
    ]);
    expect(
      paths(() =>
        allocateBudget({
          campaigns: [{ ...base, curve: { ...saturated, theta: 1 }, minDailySpendMinor: 10.5 }],
          totalDailyBudgetMinor: 1000,
          stepMinor: 0,
        }),
      ),
    ).toEqual(['/stepMinor', '/campaigns/0/minDailySpendMinor', '/campaigns/0/curve/theta']);
    expect(paths(() => allocateBudget({ campaigns: [], totalDailyBudgetMinor: 0 }))).toEqual(['/campaigns']);
  });
});

describe('allocateBudget: uncertainty from bootstrap draws', () => {
  const fitOf = (truth: ResponseCurveParams, seed: number): ResponseCurveFitOk => {
    const d = simulateCampaign({ truth, days: 90, spendMin: 20_000, spendMax: 200_000, noiseSd: 15, seed });
    const f = fitResponseCurve(
      { spendMinor: d.spendMinor, outcome: d.outcome },
      { bootstrapDraws: 100, seed },
    );
    if (f.status !== 'ok') throw new Error(f.reason);
    return f;
  };

  it('the lift interval contains 0 when the two curves are indistinguishable', () => {
    const truth = { theta: 0.3, alpha: 1.3, gamma: 90_000, beta: 500, baseline: 50 };
    const a = fitOf(truth, 21);
    const b = fitOf(truth, 22);
    const plan = allocateBudget({
      campaigns: [
        { id: 'a', curve: a.params, draws: a.draws, currentDailySpendMinor: 100_000 },
        { id: 'b', curve: b.params, draws: b.draws, currentDailySpendMinor: 100_000 },
      ],
      totalDailyBudgetMinor: 200_000,
    });
    console.info(
      'indistinguishable curves:',
      plan.campaigns.map((c) => [c.id, c.after]),
      plan.totals,
    );
    const iv = plan.totals.liftInterval!;
    expect(iv.draws).toBe(100);
    expect(iv.lower).toBeLessThan(0);
    expect(iv.upper).toBeGreaterThan(0);
  });

  it('the lift interval excludes 0 when one campaign is clearly more efficient at the margin', () => {
    const strong = fitOf({ theta: 0.3, alpha: 1, gamma: 150_000, beta: 1500, baseline: 50 }, 31);
    const weak = fitOf({ theta: 0.3, alpha: 1, gamma: 30_000, beta: 300, baseline: 50 }, 32);
    const plan = allocateBudget({
      campaigns: [
        { id: 'strong', curve: strong.params, draws: strong.draws, currentDailySpendMinor: 100_000 },
        { id: 'weak', curve: weak.params, draws: weak.draws, currentDailySpendMinor: 100_000 },
      ],
      totalDailyBudgetMinor: 200_000,
    });
    console.info(
      'distinguishable curves:',
      plan.campaigns.map((c) => [c.id, c.after]),
      plan.totals,
    );
    expect(plan.campaigns[0].after).toBe(130_000);
    expect(plan.totals.liftInterval!.lower).toBeGreaterThan(0);
    expect(plan.totals.probabilityPositiveLift).toBe(1);
    const band = plan.campaigns[0].chart!.points[20];
    expect(band.lower!).toBeLessThanOrEqual(band.expectedOutcome);
    expect(band.upper!).toBeGreaterThanOrEqual(band.expectedOutcome);
  });
});

describe('allocateBudget: S-shaped curves', () => {
  it('flags non-concave ranges and carries an S-curve past its convex start (matches brute force here)', () => {
    const s = curve({ theta: 0, alpha: 3, gamma: 8000, beta: 100 });
    const c = curve({ theta: 0, alpha: 1, gamma: 3000, beta: 30 });
    const fns = [s, c].map((k) => (x: number) => steadyStateResponse(k, x));
    const bounds = [
      { min: 0, max: 12_000 },
      { min: 0, max: 12_000 },
    ];
    // Plain one-step greedy never starts the S-curve (its first steps return almost nothing).
    const plain = greedyAllocate(fns, bounds, 12_000, 500);
    expect(plain).toEqual([0, 12_000]);
    const best = bruteForce(fns, bounds, 12_000, 500);
    const lookAhead = greedyAllocate(fns, bounds, 12_000, 500, [false, true]);
    expect(fns[0](lookAhead[0]) + fns[1](lookAhead[1])).toBeCloseTo(best, 9);
    expect(best).toBeGreaterThan(fns[0](0) + fns[1](12_000) + 50);
    const plan = allocateBudget({
      campaigns: [
        {
          id: 's',
          curve: s,
          currentDailySpendMinor: 6000,
          minDailySpendMinor: 0,
          maxDailySpendMinor: 12_000,
        },
        {
          id: 'c',
          curve: c,
          currentDailySpendMinor: 6000,
          minDailySpendMinor: 0,
          maxDailySpendMinor: 12_000,
        },
      ],
      totalDailyBudgetMinor: 12_000,
      stepMinor: 500,
    });
    expect(plan.campaigns.map((x) => x.concaveOnRange)).toEqual([false, true]);
    expect(plan.campaigns.map((x) => x.after)).toEqual(lookAhead);
  });
});
