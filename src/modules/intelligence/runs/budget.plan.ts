import { allocateBudget, type BudgetAllocation } from '../../../models/budget/allocate.ts';
import { fitResponseCurveFromSeries, type ResponseCurveFit } from '../../../models/budget/fit.ts';
import type { DailySeries } from '../../../models/daily-metrics.ts';

/** Days of history a budget plan fits its curves on (the most recent ones). */
export const BUDGET_HISTORY_DAYS = 90;
/** Days whose mean spend counts as a campaign's current daily spend when it has no recorded budget. */
const CURRENT_SPEND_DAYS = 7;
/** A plan is recommended when its expected lift is at least this (percent) and its 90 % interval is above 0. */
export const MIN_LIFT_PERCENT = 2;

/** One campaign's series with its ids (see ads.models.ts). */
export interface PlanCampaign extends DailySeries {
  campaignId: string;
  campaignName: string | null;
}

/** Budget plan of one ad account: fitted curves, the allocation and whether to recommend it. */
export interface BudgetPlan {
  summary: { recommend: boolean; reason: string; expectedLiftPercent: number | null; outcome: string };
  outcome: 'conversions' | 'revenueMinor';
  currency: string;
  lastDay: string | null;
  campaigns: {
    campaignId: string;
    name: string | null;
    currentDailySpendMinor: number;
    fit:
      | Omit<Extract<ResponseCurveFit, { status: 'ok' }>, 'draws' | 'fitted'>
      | Extract<ResponseCurveFit, { status: 'insufficient_data' }>;
    usable: boolean;
  }[];
  allocation: BudgetAllocation | null;
}

/**
 * Fits each campaign's Hill + geometric-adstock response curve (src/models/budget) to its last
 * {@link BUDGET_HISTORY_DAYS} days — revenue when the account reports any, else conversions — and,
 * with at least two campaigns whose curves are identifiable (not `poor`), reallocates today's total
 * daily spend within ±30 % per campaign by the greedy marginal-return allocator. Recommends the plan
 * when the expected lift is ≥ {@link MIN_LIFT_PERCENT} % and the bootstrap 90 % interval of the lift
 * is above zero. `budgetOf`: recorded daily budgets (minor units) that override the recent mean spend.
 */
export function planBudgets(list: readonly PlanCampaign[], budgetOf: Map<string, number | null>): BudgetPlan {
  const recent = list.map((c) => ({ ...c, points: c.points.slice(-BUDGET_HISTORY_DAYS) }));
  const revenue = recent.reduce((s, c) => s + c.points.reduce((t, p) => t + p.revenueMinor, 0), 0);
  const outcome = revenue > 0 ? 'revenueMinor' : 'conversions';
  const lastDay =
    recent
      .flatMap((c) => c.points.map((p) => p.date))
      .sort()
      .at(-1) ?? null;
  const fits = recent.map((c) => {
    const fit = fitResponseCurveFromSeries(c, outcome, { bootstrapDraws: 100, seed: 1 });
    const tail = c.points.slice(-CURRENT_SPEND_DAYS);
    const mean = tail.length ? Math.round(tail.reduce((s, p) => s + p.spendMinor, 0) / tail.length) : 0;
    const current = budgetOf.get(c.campaignId) ?? mean;
    const usable = fit.status === 'ok' && fit.identifiability.level !== 'poor' && current > 0;
    return { c, fit, current, usable };
  });
  const campaigns = fits.map(({ c, fit, current, usable }) => ({
    campaignId: c.campaignId,
    name: c.campaignName,
    currentDailySpendMinor: current,
    fit: fit.status === 'ok' ? (({ draws: _d, fitted: _f, ...rest }) => rest)(fit) : fit,
    usable,
  }));
  const usable = fits.filter((f) => f.usable);
  const base = { outcome, currency: list[0]?.currency ?? 'USD', lastDay, campaigns } as const;
  if (usable.length < 2) {
    const reason = `${usable.length} of ${list.length} campaigns have an identifiable response curve; at least 2 are needed to move budget between them.`;
    return {
      ...base,
      summary: { recommend: false, reason, expectedLiftPercent: null, outcome },
      allocation: null,
    };
  }
  const allocation = allocateBudget({
    campaigns: usable.map(({ c, fit, current }) => {
      const ok = fit as Extract<ResponseCurveFit, { status: 'ok' }>;
      return { id: c.campaignId, curve: ok.params, draws: ok.draws, currentDailySpendMinor: current };
    }),
    totalDailyBudgetMinor: usable.reduce((s, f) => s + f.current, 0),
  });
  const t = allocation.totals;
  const recommend = (t.expectedLiftPercent ?? 0) >= MIN_LIFT_PERCENT && (t.liftInterval?.lower ?? 0) > 0;
  const reason = recommend
    ? `Moving budget by marginal return is expected to lift ${outcome === 'conversions' ? 'conversions' : 'revenue'} by ${t.expectedLiftPercent?.toFixed(1)} % at the same total spend.`
    : `The best reallocation lifts the outcome by ${(t.expectedLiftPercent ?? 0).toFixed(1)} % (90 % interval ${t.liftInterval ? `${t.liftInterval.lower.toFixed(1)} to ${t.liftInterval.upper.toFixed(1)}` : 'unknown'}); not enough to recommend.`;
  return {
    ...base,
    summary: { recommend, reason, expectedLiftPercent: t.expectedLiftPercent, outcome },
    allocation,
  };
}
