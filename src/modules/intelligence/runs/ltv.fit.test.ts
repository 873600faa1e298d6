import { describe, expect, it } from 'vitest';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import { churnCallQuality } from '../../../models/ltv/churn-threshold.ts';
import { ltvReport } from '../../../models/ltv/ltv.report.ts';
import { generateCustomerDemo } from '../demo/customer-demo.ts';
import { churnCallReport } from '../demo-report.ts';
import { CHURN_P_ALIVE, chooseChurnRule, fitLtv, ltvOrderRows, mostValuable } from './ltv.fit.ts';

/**
 * The churn call measured against the demo's truth (docs/intelligence.md, "Churn: how good is
 * 'likely gone'"). Everything is seeded and the dates are pinned, so the figures are the same on
 * any date and in any time zone.
 */
describe('chooseChurnRule (highest expected F1, expected precision ≥ 0.8, P(alive) < ½)', () => {
  it('is "more likely gone than not" where P(alive) separates well', () => {
    const p = [
      ...Array(90).fill(0.05),
      ...Array(10).fill(0.3),
      ...Array(3).fill(0.49),
      ...Array(10).fill(0.95),
    ];
    expect(chooseChurnRule(p)).toMatchObject({ method: 'expected-f1', threshold: 0.5, flagged: 103 });
  });

  it('narrows the call when everyone below ½ would be less than 80 % gone', () => {
    // Below ½ as a whole: expected precision (0.9 + 0.55) / 2 = 72.5 %, under the floor.
    const p = [...Array(100).fill(0.1), ...Array(100).fill(0.45), ...Array(50).fill(0.9)];
    const rule = chooseChurnRule(p);
    expect(rule).toMatchObject({ threshold: 0.11, flagged: 100, minExpectedPrecision: 0.8 });
    expect(rule.expectedPrecision).toBeCloseTo(0.9, 10);
  });

  it('calls nobody gone when no group below ½ reaches the floor', () => {
    expect(chooseChurnRule(Array(40).fill(0.4))).toMatchObject({ threshold: 0, flagged: 0 });
  });
});

describe('the churn threshold on the demo data (truth known)', () => {
  it('as the dashboard demo loads it (78 weeks of orders, run the day after): precision up, fewer flagged', () => {
    // demo-loader.ts: 78 weeks ending on the anchored Saturday; the run's asOf is a later day.
    const end = '2026-03-07';
    const demo = generateCustomerDemo({ seed: 42, start: addDays(end, -78 * 7 + 1), weeks: 78 });
    const orders = ltvOrderRows(demo.orders);
    const fit = fitLtv({ orders, asOf: addDays(end, 1) });
    if (fit.status !== 'completed') throw new Error(fit.reason);
    const gone = new Map(demo.truth.perCustomer.map((c) => [c.customerId, !c.aliveAtEnd]));
    const calls = fit.customers
      .filter((c) => c.frequency >= 1)
      .map((c) => ({ pAlive: c.pAlive, gone: gone.get(c.customerId)! }));

    const before = churnCallQuality(calls, CHURN_P_ALIVE);
    expect(before).toMatchObject({ customers: 1921, gone: 1566, flagged: 1591 });
    expect(before.precision).toBeCloseTo(0.931, 3);
    expect(before.recall).toBeCloseTo(0.946, 3);

    // The one rule (highest expected F1, expected precision ≥ 0.8, P(alive) < ½): here the cap binds.
    expect(fit.churn).toMatchObject({ method: 'expected-f1', threshold: 0.5, flagged: 1591 });
    const after = churnCallQuality(calls, fit.churn.threshold);
    expect(after.flagged).toBe(1591);
    expect(after.shareFlagged).toBeCloseTo(0.828, 3);
    expect(after.precision).toBeCloseTo(0.931, 3);
    expect(after.recall).toBeCloseTo(0.946, 3);
    // The model's own expectations are close to what the truth says.
    expect(Math.abs(fit.churn.expectedPrecision! - after.precision!)).toBeLessThan(0.01);
    expect(Math.abs(fit.churn.expectedRecall! - after.recall!)).toBeLessThan(0.01);
    expect(Math.abs(fit.churn.expectedGone - before.gone)).toBeLessThan(10);

    // The insight flags exactly these customers and says by which rule.
    expect(fit.atRisk).toBe(1591);
    expect(fit.insight).toMatchObject({
      kind: 'churn_risk',
      title: '1,591 repeat customers are likely to have churned',
      evidence: {
        threshold: 0.5,
        thresholdMethod: 'expected-f1',
        atRisk: 1591,
        repeatCustomers: 1921,
        minExpectedPrecision: 0.8,
      },
    });
    expect(fit.insight!.summary).toMatch(
      /^1,591 of 1,921 repeat customers \(82\.8 %\) are likely gone: P\(alive\) below 0\.5, the threshold that best balances finding them against flagging customers who still buy \(highest expected F1\); the model expects 92\.4 % of those flagged to have truly stopped buying\. In all, the model expects 1,562 \(81\.3 %\) to have stopped; those flagged spent about \$[\d,]+\.\d{2} before going quiet\.$/,
    );
    // Stored with the result, with the check on the workspace's own orders (no truth needed).
    const stored = fit.result.churn as { threshold: number; holdoutCheck: Record<string, number> };
    expect(stored.threshold).toBe(0.5);
    expect(stored.holdoutCheck).toMatchObject({ threshold: 0.5, flagged: 1408, boughtAgain: 117 });
  });

  it('at the calibration end of `omnify intel demo` (39 weeks): the target holds where P(alive) separates less', () => {
    const demo = generateCustomerDemo({ seed: 42 });
    const t = demo.truth;
    const ltv = ltvReport(
      demo.orders.map((o) => ({ customerId: o.customerId, date: o.date, amount: o.amountMinor / 100 })),
      t.calibrationEnd,
      t.holdoutEnd,
    );
    const alive = new Map(t.perCustomer.map((c) => [c.customerId, c.aliveAtCalibrationEnd]));
    const r = churnCallReport(
      ltv.customers
        .filter((c) => c.frequency >= 1)
        .map((c) => ({ pAlive: c.pAlive, gone: !alive.get(c.customerId) })),
    );
    expect(r.before).toMatchObject({ customers: 1808, gone: 1244, flagged: 1285 });
    expect(r.before.precision).toBeCloseTo(0.844, 3);
    expect(r.before.recall).toBeCloseTo(0.871, 3);
    // Omnify's rule, as in workspace runs: highest expected F1 under the floor and the ½ cap.
    expect(r.rule).toMatchObject({ method: 'expected-f1', threshold: 0.5, minExpectedPrecision: 0.8 });
    expect(r.after.flagged).toBe(1285);
    expect(r.after.precision).toBeCloseTo(0.844, 3);
    expect(r.after.recall).toBeCloseTo(0.871, 3);
    expect(Math.abs(r.rule.expectedPrecision! - r.after.precision!)).toBeLessThan(0.01);
    // Without the cap, expected F1 flags more (P(alive) < 0.57) at a lower precision.
    expect(r.uncapped.rule.threshold).toBe(0.57);
    expect(r.uncapped.quality.flagged).toBe(1385);
    expect(r.uncapped.quality.precision).toBeCloseTo(0.817, 3);
    expect(r.uncapped.quality.recall).toBeCloseTo(0.91, 3);
    // A 95 %-expected-precision rule loses recall on this shorter history.
    expect(r.precisionTarget.rule.threshold).toBe(0.08);
    expect(r.precisionTarget.quality.flagged).toBe(498);
    expect(r.precisionTarget.quality.precision).toBeCloseTo(0.948, 3);
    expect(r.precisionTarget.quality.recall).toBeCloseTo(0.379, 3);
  });
});

describe('CLV horizon and discount rate (CLV_HORIZON_MONTHS, CLV_MONTHLY_DISCOUNT_RATE)', () => {
  it('values the same customers more over a longer, undiscounted horizon, and records the setting', () => {
    const end = '2026-03-07';
    const demo = generateCustomerDemo({ seed: 7, start: addDays(end, -52 * 7 + 1), weeks: 52 });
    const orders = ltvOrderRows(demo.orders);
    const total = (f: ReturnType<typeof fitLtv>) =>
      f.status === 'completed' ? f.customers.reduce((s, c) => s + (c.clv ?? 0), 0) : Number.NaN;
    const base = fitLtv({ orders, asOf: addDays(end, 1) });
    const steep = fitLtv({ orders, asOf: addDays(end, 1), clv: { months: 12, monthlyDiscountRate: 0.05 } });
    const long = fitLtv({ orders, asOf: addDays(end, 1), clv: { months: 24, monthlyDiscountRate: 0 } });
    expect(base.status === 'completed' && base.result.clv).toEqual({ months: 12, monthlyDiscountRate: 0.01 });
    expect(long.status === 'completed' && long.result.clv).toEqual({ months: 24, monthlyDiscountRate: 0 });
    expect(total(steep)).toBeLessThan(total(base));
    expect(total(long)).toBeGreaterThan(total(base) * 1.5);
  });
});

describe('a customer whose first order is on the run’s day', () => {
  it('is fitted with the rest (T = 0), alive, instead of failing the run', () => {
    const end = '2026-03-07';
    const demo = generateCustomerDemo({ seed: 7, start: addDays(end, -52 * 7 + 1), weeks: 52 });
    const asOf = addDays(end, 1);
    // A new customer orders on the run's day (a workspace run calibrates to today).
    const orders = ltvOrderRows([
      ...demo.orders,
      { customerId: 'newcomer', date: asOf, amountMinor: 4_200, currency: demo.orders[0]!.currency },
    ]);
    const fit = fitLtv({ orders, asOf });
    expect(fit.status).toBe('completed');
    if (fit.status !== 'completed') return;
    const newcomer = fit.customers.find((c) => c.customerId === 'newcomer');
    expect(newcomer).toMatchObject({ frequency: 0, T: 0, pAlive: 1 });
    expect(newcomer!.expectedPurchases365).toBeGreaterThan(0);
  });
});

describe("mostValuable (the churn insight's top customers and segment)", () => {
  it('equals the first k of a stable sort by past spend, ties kept in their order', () => {
    let state = 7;
    const uniform = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    // Few distinct values, so that the k-th highest is tied with many.
    const customers = Array.from({ length: 3_000 }, (_, i) => ({
      customerId: `c${i}`,
      frequency: Math.floor(uniform() * 4),
      monetaryValue: [500, 1_000, 2_500][Math.floor(uniform() * 3)],
      recency: 0,
      T: 10,
      pAlive: 0.1,
    })) as unknown as Parameters<typeof mostValuable>[0];
    const spend = (c: (typeof customers)[number]) => c.monetaryValue * (c.frequency + 1);
    const reference = customers.slice().sort((a, b) => spend(b) - spend(a));
    for (const k of [1, 20, 777, 2_999, 3_000, 5_000]) {
      expect(mostValuable(customers, k).map((c) => c.customerId)).toEqual(
        reference.slice(0, k).map((c) => c.customerId),
      );
    }
  });
});
