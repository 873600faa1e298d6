/**
 * Budget reallocation across campaigns by greedy marginal return on a spend grid, the optimiser of
 * Meridian (Google, "Meridian" MMM, budget optimisation: spend grid per channel, increments given one
 * at a time to the channel with the highest marginal ROI). Each campaign starts at its lower bound and
 * the budget left is handed out in steps of `stepMinor` to the campaign whose steady-state response
 * (baseline + β·hill(s), response-curve.ts; Jin, Wang, Sun, Chan & Koehler 2017; Robyn) gains most per
 * minor unit, until the total is spent exactly. For concave curves on the feasible ranges the greedy is
 * optimal on the grid (separable concave resource allocation: Gross 1956; Ibaraki & Katoh, "Resource
 * Allocation Problems", 1988, §4), so marginal returns are equalised up to one step; S-shaped curves
 * (α > 1 with a bound below the inflection point) are flagged with `concaveOnRange: false`.
 */
import { quantileSorted } from 'simple-statistics';
import { type AllocateBudgetInput, type ResolvedCampaign, resolveAllocationInput } from './allocate-input.ts';
import { type CurveChart, responseCurveChart } from './chart.ts';
import {
  hillInflection,
  marginalResponse,
  type ResponseCurveParams,
  steadyStateResponse,
} from './response-curve.ts';

export type { AllocateBudgetInput, AllocationCampaign } from './allocate-input.ts';

/** Plan for one campaign. Spend in minor units/day; outcomes in outcome units/day. */
export interface CampaignAllocation {
  id: string;
  /** Current daily spend. */
  before: number;
  /** Proposed daily spend, within [min, max]. */
  after: number;
  /** after − before. */
  change: number;
  min: number;
  max: number;
  expectedOutcomeBefore: number;
  expectedOutcomeAfter: number;
  /** Outcome per extra minor unit of daily spend at `before` / `after` (β·hill'). */
  marginalReturnBefore: number;
  marginalReturnAfter: number;
  /** False when the curve is convex somewhere in [min, max] (greedy may then be suboptimal). */
  concaveOnRange: boolean;
  /** Chart data (absent when `chartPoints` = 0). */
  chart?: CurveChart;
}

/** Totals of a plan. */
export interface AllocationTotals {
  budgetBefore: number;
  budgetAfter: number;
  expectedOutcomeBefore: number;
  expectedOutcomeAfter: number;
  /** expectedOutcomeAfter − expectedOutcomeBefore (outcome units/day). */
  expectedLift: number;
  /** 100·expectedLift / expectedOutcomeBefore; null when that is 0. */
  expectedLiftPercent: number | null;
  /** 5%–95% of the lift over bootstrap draws for the same plan; null when no campaign has draws. */
  liftInterval: { lower: number; upper: number; level: 0.9; draws: number } | null;
  /** Share of draws with a positive lift; null without draws. */
  probabilityPositiveLift: number | null;
}

/** Result of {@link allocateBudget}. */
export interface BudgetAllocation {
  campaigns: CampaignAllocation[];
  totals: AllocationTotals;
  stepMinor: number;
}

/**
 * Greedy allocation core: returns daily spends with Σ = total, each in [min, max], given
 * f_i(s) (expected outcome/day). Each round gives the next increment to the campaign with the highest
 * gain per minor unit. For a campaign marked non-concave (`concave[i] = false`) the increment looks
 * ahead over its whole remaining grid and takes the chunk with the best *average* gain, so an S-shaped
 * curve can be carried past its convex start (greedy on the concave envelope); for concave curves the
 * best chunk is always one step, which is the plain Meridian greedy. Exposed for tests.
 *
 * @param step grid step (positive integer, minor units); `total` must lie in [Σ min, Σ max]
 */
export function greedyAllocate(
  fns: readonly ((s: number) => number)[],
  bounds: readonly { min: number; max: number }[],
  total: number,
  step: number,
  concave?: readonly boolean[],
): number[] {
  const s = bounds.map((b) => b.min);
  let remaining = total - s.reduce((a, v) => a + v, 0);
  /** Best increment of campaign i: gain per minor unit, size (0 = cannot grow), and the room it saw. */
  const bestMove = (i: number): { gain: number; size: number; room: number } => {
    const room = Math.min(bounds[i].max - s[i], remaining);
    const move = { gain: Number.NEGATIVE_INFINITY, size: 0, room };
    if (room <= 0) return move;
    const f0 = fns[i](s[i]);
    const lookAhead = concave?.[i] === false;
    for (let d = Math.min(step, room); ; d = Math.min(d + step, room)) {
      const g = (fns[i](s[i] + d) - f0) / d;
      if (g > move.gain) [move.gain, move.size] = [g, d];
      if (!lookAhead || d >= room) break;
    }
    return move;
  };
  const moves = s.map((_, i) => bestMove(i));
  while (remaining > 0) {
    let best = -1;
    for (let i = 0; i < s.length; i++)
      if (moves[i].size > 0 && (best < 0 || moves[i].gain > moves[best].gain)) best = i;
    if (best < 0) break; // unreachable after validation (total ≤ Σ max)
    s[best] += moves[best].size;
    remaining -= moves[best].size;
    // A move depends only on s_i and its room min(max_i − s_i, remaining): refresh those that changed.
    for (let i = 0; i < s.length; i++)
      if (i === best || Math.min(bounds[i].max - s[i], remaining) !== moves[i].room) moves[i] = bestMove(i);
  }
  return s;
}

function concaveOn(c: ResponseCurveParams, min: number): boolean {
  return min >= hillInflection(c);
}

function liftDraws(campaigns: readonly ResolvedCampaign[], after: readonly number[]): number[] {
  const nDraws = Math.max(0, ...campaigns.map((c) => c.draws?.length ?? 0));
  const lifts: number[] = [];
  for (let j = 0; j < nDraws; j++) {
    let lift = 0;
    campaigns.forEach((c, i) => {
      const d = c.draws && c.draws.length > 0 ? c.draws[j % c.draws.length] : c.curve;
      lift += steadyStateResponse(d, after[i]) - steadyStateResponse(d, c.currentDailySpendMinor);
    });
    lifts.push(lift);
  }
  return lifts;
}

/**
 * Reallocates a daily budget across campaigns.
 *
 * @param input campaigns with curves, current spend and optional bounds (default ±30% of current,
 *   rounded inwards to whole minor units; a campaign at 0 stays at 0 unless bounds are given), the
 *   total daily budget and the grid step (see {@link AllocateBudgetInput})
 * @returns per-campaign plan (Σ after = totalDailyBudgetMinor exactly) and totals; the lift interval
 *   evaluates the one proposed plan under each bootstrap draw (draw j of every campaign together,
 *   cycling shorter draw lists; campaigns without draws use their point curve)
 * @throws OmnifyError OMNIFY_ERR_VALIDATION on invalid input (see `resolveAllocationInput`)
 */
export function allocateBudget(input: AllocateBudgetInput): BudgetAllocation {
  const { campaigns, step } = resolveAllocationInput(input);
  const concave = campaigns.map((c) => concaveOn(c.curve, c.min));
  const after = greedyAllocate(
    campaigns.map((c) => (s: number) => steadyStateResponse(c.curve, s)),
    campaigns,
    input.totalDailyBudgetMinor,
    step,
    concave,
  );
  const chartPoints = input.chartPoints ?? 41;
  const rows: CampaignAllocation[] = campaigns.map((c, i) => {
    const before = c.currentDailySpendMinor;
    const row: CampaignAllocation = {
      id: c.id,
      before,
      after: after[i],
      change: after[i] - before,
      min: c.min,
      max: c.max,
      expectedOutcomeBefore: steadyStateResponse(c.curve, before),
      expectedOutcomeAfter: steadyStateResponse(c.curve, after[i]),
      marginalReturnBefore: marginalResponse(c.curve, before),
      marginalReturnAfter: marginalResponse(c.curve, after[i]),
      concaveOnRange: concave[i],
    };
    if (chartPoints > 0)
      row.chart = responseCurveChart(c.curve, {
        currentDailySpendMinor: before,
        proposedDailySpendMinor: after[i],
        draws: c.draws,
        maxSpendMinor: Math.max(2 * Math.max(before, after[i]), c.max) || undefined,
        points: chartPoints,
      });
    return row;
  });
  const sum = (f: (r: CampaignAllocation) => number): number => rows.reduce((a, r) => a + f(r), 0);
  const outBefore = sum((r) => r.expectedOutcomeBefore);
  const outAfter = sum((r) => r.expectedOutcomeAfter);
  const lifts = liftDraws(campaigns, after).sort((a, b) => a - b);
  const lift = outAfter - outBefore;
  return {
    campaigns: rows,
    totals: {
      budgetBefore: sum((r) => r.before),
      budgetAfter: sum((r) => r.after),
      expectedOutcomeBefore: outBefore,
      expectedOutcomeAfter: outAfter,
      expectedLift: lift,
      expectedLiftPercent: outBefore !== 0 ? (100 * lift) / outBefore : null,
      liftInterval:
        lifts.length > 0
          ? {
              lower: quantileSorted(lifts, 0.05),
              upper: quantileSorted(lifts, 0.95),
              level: 0.9,
              draws: lifts.length,
            }
          : null,
      probabilityPositiveLift: lifts.length > 0 ? lifts.filter((v) => v > 0).length / lifts.length : null,
    },
    stepMinor: step,
  };
}
