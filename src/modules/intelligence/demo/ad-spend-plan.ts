/**
 * The known spend plan of each demo campaign: expected daily spend = base · budget(t) · weekday
 * multiplier · exp(trend·t), realised with a mean-one log-normal daily jitter. budget(t) interpolates
 * linearly between knots every {@link BUDGET_KNOT_DAYS} days whose values are evenly spaced over
 * {@link BUDGET_MULTIPLIER_RANGE} in a seeded random order: budgets change gradually (no steps that
 * would look like level-shift anomalies) yet every seed spans the whole range, which keeps the Hill
 * curve identifiable. Money in minor units per UTC day.
 */
import { addDays, weekday } from '../../../kernel/dates/calendar-day.ts';
import {
  BUDGET_KNOT_DAYS,
  BUDGET_MULTIPLIER_RANGE,
  type CampaignSpec,
  DEMO_DAYS,
  SPEND_JITTER_SD,
  TREND_PER_DAY,
  WEEKDAY_MULTIPLIERS,
  WEEKDAYS,
} from './ads-spec.ts';
import type { SeededRandom } from './rng.ts';

/** Truth of one campaign's spend plan (see the file docstring). */
export interface SpendPlan {
  campaignExternalId: string;
  baseDailySpendMinor: number;
  /** Minor units per 1,000 impressions. */
  cpmMinor: number;
  /** Days between budget knots; knot i sits on day index i·knotDays. */
  knotDays: number;
  /** Budget multiplier at each knot (linear in between; held at its day-119 value afterwards). */
  knotMultipliers: number[];
  /** σ of the daily log-normal jitter exp(σZ − σ²/2). */
  jitterSd: number;
  /** Log-linear growth per day. */
  trendPerDay: number;
}

/** The weekday multiplier ({@link WEEKDAY_MULTIPLIERS}) of a `YYYY-MM-DD` UTC day. */
export function weekdayMultiplier(date: string): number {
  return WEEKDAY_MULTIPLIERS[WEEKDAYS[weekday(date)]];
}

/** Draws the knot order of a campaign's plan from the seeded stream (Fisher–Yates shuffle). */
export function drawSpendPlan(c: CampaignSpec, rnd: SeededRandom): SpendPlan {
  const [lo, hi] = BUDGET_MULTIPLIER_RANGE;
  const n = Math.ceil((DEMO_DAYS - 1) / BUDGET_KNOT_DAYS) + 1;
  const knots = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd.uniform() * (i + 1));
    [knots[i], knots[j]] = [knots[j], knots[i]];
  }
  return {
    campaignExternalId: c.externalId,
    baseDailySpendMinor: c.baseDailySpendMinor,
    cpmMinor: c.cpmMinor,
    knotDays: BUDGET_KNOT_DAYS,
    knotMultipliers: knots,
    jitterSd: SPEND_JITTER_SD,
    trendPerDay: TREND_PER_DAY,
  };
}

/** Budget multiplier on day index t (≥ 0): linear between knots, constant after the last data day. */
export function budgetMultiplier(plan: SpendPlan, t: number): number {
  const u = Math.min(t, DEMO_DAYS - 1) / plan.knotDays;
  const i = Math.min(Math.floor(u), plan.knotMultipliers.length - 2);
  const w = u - i;
  return plan.knotMultipliers[i] * (1 - w) + plan.knotMultipliers[i + 1] * w;
}

/**
 * Expected (jitter-free) campaign spend in minor units on day index t of a window starting on
 * `startDate`: base · budget(t) · weekday multiplier · exp(trend·t). Valid past the window too (the
 * budget is then held), which is how future CTR crossings are dated.
 */
export function plannedDailySpendMinor(plan: SpendPlan, startDate: string, t: number): number {
  return (
    plan.baseDailySpendMinor *
    budgetMultiplier(plan, t) *
    weekdayMultiplier(addDays(startDate, t)) *
    Math.exp(plan.trendPerDay * t)
  );
}
