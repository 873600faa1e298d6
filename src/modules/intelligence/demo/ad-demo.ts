/**
 * The ad half of `omnify intel demo`: one USD ad account with 3 campaigns, 6 ad sets and 14 ads, 120
 * days of {@link DailyMetrics} per ad ending on a given UTC day, and the truth that generated them.
 *
 * Process per day t (0 … 119), all known and returned in `truth`:
 * - campaign spend = base · budget(t) · weekday multiplier · exp(trend·t) · log-normal jitter (σ = 0.2,
 *   mean one) — the plan of `ad-spend-plan.ts` — split over ad sets and ads by fixed shares, in cents;
 * - impressions ~ Poisson(spend · 1000 / CPM);
 * - clicks ~ Poisson(impressions · c₀·exp(−k·I/1000)) (Poisson limit of the binomial, CTR ≤ 3%), with I
 *   the ad's cumulative impressions before the day (exponential wear-out, `ads-response.ts`);
 * - campaign conversions ~ Poisson(β·Hill(adstock(campaign spend))) (Jin et al. 2017; Robyn form),
 *   split over the campaign's ads in proportion to their clicks (multinomial);
 * - revenue = conversions · the campaign's average order value;
 * - the four anomalies of {@link DEMO_ANOMALIES}, either in the delivery (before conversions are drawn)
 *   or as reporting faults afterwards.
 */

import { addDays, isCalendarDay, weekday as weekdayOf } from '../../../kernel/dates/calendar-day.ts';
import { DEFAULT_TIME_ZONE, type TimeZone, zonedDay } from '../../../kernel/dates/time-zone.ts';
import type { DailyMetrics, DailySeries } from '../../../models/daily-metrics.ts';
import {
  applyReportingAnomalies,
  type DatedAnomaly,
  datedAnomalies,
  deliveryFactor,
} from './ad-anomalies.ts';
import { budgetMultiplier, drawSpendPlan, plannedDailySpendMinor, type SpendPlan } from './ad-spend-plan.ts';
import { decayRateForCrossing, expectedConversions, fatigueCtr } from './ads-response.ts';
import {
  type CampaignSpec,
  DEMO_CAMPAIGNS,
  DEMO_DAYS,
  FATIGUE_THRESHOLD_RATIO,
  TREND_PER_DAY,
  WEEKDAY_MULTIPLIERS,
  type Weekday,
} from './ads-spec.ts';
import { createRandom, type SeededRandom } from './rng.ts';
import { validationError } from './validate.ts';

/** Days simulated past the end date (expected values only) to date future CTR crossings. */
const FUTURE_DAYS = 365;

/** Options of {@link generateAdDemo}. */
export interface AdDemoOptions {
  /** Last day of data, `YYYY-MM-DD` UTC. Default: {@link demoEndDate} of `now`. */
  endDate?: string;
  /** Clock used only for the default end date (default `new Date()`). */
  now?: Date;
  /** Seed of the random stream (default 42). */
  seed?: number;
}

/** An ad with its daily series (key = the ad's external id, currency USD, one point per day). */
export interface DemoAd {
  externalId: string;
  name: string;
  series: DailySeries;
}
/** An ad set and its ads. */
export interface DemoAdSet {
  externalId: string;
  name: string;
  ads: DemoAd[];
}
/** A campaign with its current budget and ad sets. */
export interface DemoCampaign {
  externalId: string;
  name: string;
  /** Current daily budget (minor units): base spend × the budget multiplier of the last day, whole dollars. */
  dailyBudgetMinor: number;
  adSets: DemoAdSet[];
}

/** Truth of one ad's CTR decay: k per 1,000 impressions, c₀, and the first day below ratio·c₀. */
export interface FatigueTruth {
  adExternalId: string;
  k: number;
  baselineCtr: number;
  thresholdRatio: number;
  /** First day whose expected CTR is below thresholdRatio·c₀ (future days assume expected delivery). */
  crossingDate: string | null;
}

/** Truth of one campaign's response curve and money (minor units). */
export interface HillTruth {
  campaignExternalId: string;
  theta: number;
  alpha: number;
  gamma: number;
  beta: number;
  averageOrderValueMinor: number;
  regime: CampaignSpec['regime'];
}

/** Everything that generated the demo ad data. */
export interface AdDemoTruth {
  startDate: string;
  endDate: string;
  seasonality: { weekdayMultipliers: Record<Weekday, number>; trendPerDay: number };
  spend: SpendPlan[];
  fatigue: FatigueTruth[];
  hill: HillTruth[];
  anomalies: DatedAnomaly[];
}

/** Output of {@link generateAdDemo}. */
export interface AdDemo {
  account: { externalId: string; name: string; currency: 'USD'; timezone: 'UTC' };
  campaigns: DemoCampaign[];
  truth: AdDemoTruth;
}

/** Weekday (0 = Sunday … 6 = Saturday, UTC) on which the default demo window ends. */
export const DEMO_END_WEEKDAY = 6;

/**
 * Default last day of the demo window for the clock `now`: the latest day before today in
 * `timeZone` (the workspace's; UTC by default) that is a {@link DEMO_END_WEEKDAY}. Anchoring the
 * weekday keeps the window's weekly phase fixed, so the generated numbers (and every model's findings
 * on them) are the same on any date and in any time zone; only the day labels move, by whole weeks.
 * Throws `OmnifyError` (validation) for an invalid Date; RangeError for an unknown zone.
 */
export function demoEndDate(now: Date = new Date(), timeZone: TimeZone = DEFAULT_TIME_ZONE): string {
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw validationError('/now', 'must be a valid Date');
  const yesterday = addDays(zonedDay(now, timeZone), -1);
  const weekday = weekdayOf(yesterday);
  return addDays(yesterday, -((weekday - DEMO_END_WEEKDAY + 7) % 7));
}

function resolveEndDate(options: AdDemoOptions): string {
  if (options.endDate === undefined) return demoEndDate(options.now ?? new Date());
  if (!isCalendarDay(options.endDate)) {
    throw validationError('/endDate', `must be a date YYYY-MM-DD, got "${options.endDate}"`);
  }
  return options.endDate;
}

/** Per-ad working arrays over the window (t < DEMO_DAYS) plus cumulative impressions into the future. */
interface AdWork {
  spend: number[];
  impressions: number[];
  clicks: number[];
  conversions: number[];
  cumulativeBefore: number[];
}

function simulateCampaign(
  c: CampaignSpec,
  startDate: string,
  rnd: SeededRandom,
  anomalies: readonly DatedAnomaly[],
): { spend: SpendPlan; ads: Map<string, AdWork>; fatigue: FatigueTruth[] } {
  const spendPlan = drawSpendPlan(c, rnd);
  // Expected (noise-free) campaign spend for the window and the future used to date CTR crossings.
  const expectedSpend = Array.from({ length: DEMO_DAYS + FUTURE_DAYS }, (_, t) =>
    plannedDailySpendMinor(spendPlan, startDate, t),
  );
  const sd = spendPlan.jitterSd;
  const plan = Array.from(
    { length: DEMO_DAYS },
    (_, t) => expectedSpend[t] * Math.exp(rnd.normal((-sd * sd) / 2, sd)),
  );
  const ads = new Map<string, AdWork>();
  const fatigue: FatigueTruth[] = [];
  for (const set of c.adSets) {
    for (const a of set.ads) {
      const share = set.share * a.share;
      const spend = plan.map((x, t) =>
        Math.round(x * share * deliveryFactor(anomalies, a.externalId, addDays(startDate, t))),
      );
      const impressions = spend.map((s) => rnd.poisson((s * 1000) / c.cpmMinor));
      const cumulativeBefore = [0];
      for (let t = 0; t < DEMO_DAYS + FUTURE_DAYS; t++) {
        const next = t < DEMO_DAYS ? impressions[t] : (expectedSpend[t] * share * 1000) / c.cpmMinor;
        cumulativeBefore.push(cumulativeBefore[t] + next);
      }
      let k = 0;
      let crossingDate: string | null = null;
      if (a.crossingOffsetDays !== null) {
        const day = DEMO_DAYS - 1 + a.crossingOffsetDays;
        k = decayRateForCrossing(cumulativeBefore, day, FATIGUE_THRESHOLD_RATIO);
        crossingDate = addDays(startDate, day);
      }
      const clicks = impressions.map((n, t) =>
        Math.min(n, rnd.poisson(n * fatigueCtr(a.baselineCtr, k, cumulativeBefore[t]))),
      );
      ads.set(a.externalId, { spend, impressions, clicks, conversions: [], cumulativeBefore });
      fatigue.push({
        adExternalId: a.externalId,
        k,
        baselineCtr: a.baselineCtr,
        thresholdRatio: FATIGUE_THRESHOLD_RATIO,
        crossingDate,
      });
    }
  }
  // Campaign conversions from the true curve, split over ads by clicks (sequential binomials).
  const work = [...ads.values()];
  const campaignSpend = plan.map((_, t) => work.reduce((s, w) => s + w.spend[t], 0));
  const mu = expectedConversions(campaignSpend, c);
  for (const w of work) w.conversions = new Array<number>(DEMO_DAYS).fill(0);
  for (let t = 0; t < DEMO_DAYS; t++) {
    let left = rnd.poisson(mu[t]);
    let weightLeft = work.reduce((s, w) => s + w.clicks[t] + 1e-9, 0);
    work.forEach((w, i) => {
      const wt = w.clicks[t] + 1e-9;
      const last = i === work.length - 1;
      const x = last ? left : left > 0 ? rnd.binomial(left, Math.min(1, wt / weightLeft)) : 0;
      w.conversions[t] = x;
      left -= x;
      weightLeft -= wt;
    });
  }
  return { spend: spendPlan, ads, fatigue };
}

/**
 * Generates the demo ad account: pure and deterministic for a given end date and seed. Throws
 * `OmnifyError('OMNIFY_ERR_VALIDATION')` for an end date that is not `YYYY-MM-DD`, an invalid `now` or
 * seed. See the file docstring for the process and {@link AdDemoTruth} for what is returned as truth.
 */
export function generateAdDemo(options: AdDemoOptions = {}): AdDemo {
  const endDate = resolveEndDate(options);
  const startDate = addDays(endDate, -(DEMO_DAYS - 1));
  const rnd = createRandom(options.seed ?? 42);
  const anomalies = datedAnomalies(startDate);
  const truth: AdDemoTruth = {
    startDate,
    endDate,
    seasonality: { weekdayMultipliers: { ...WEEKDAY_MULTIPLIERS }, trendPerDay: TREND_PER_DAY },
    spend: [],
    fatigue: [],
    hill: [],
    anomalies,
  };
  const campaigns: DemoCampaign[] = [];
  for (const c of DEMO_CAMPAIGNS) {
    const sim = simulateCampaign(c, startDate, rnd, anomalies);
    truth.spend.push(sim.spend);
    truth.fatigue.push(...sim.fatigue);
    const { theta, alpha, gamma, beta, averageOrderValueMinor, regime } = c;
    truth.hill.push({
      campaignExternalId: c.externalId,
      theta,
      alpha,
      gamma,
      beta,
      averageOrderValueMinor,
      regime,
    });
    const current = budgetMultiplier(sim.spend, DEMO_DAYS - 1);
    campaigns.push({
      externalId: c.externalId,
      name: c.name,
      dailyBudgetMinor: Math.round((c.baseDailySpendMinor * current) / 100) * 100,
      adSets: c.adSets.map((set) => ({
        externalId: set.externalId,
        name: set.name,
        ads: set.ads.map((a) => {
          const w = sim.ads.get(a.externalId)!;
          const points: DailyMetrics[] = w.spend.map((spendMinor, t) => ({
            date: addDays(startDate, t),
            impressions: w.impressions[t],
            clicks: w.clicks[t],
            spendMinor,
            conversions: w.conversions[t],
            revenueMinor: w.conversions[t] * averageOrderValueMinor,
          }));
          applyReportingAnomalies(points, anomalies, a.externalId, c.externalId, averageOrderValueMinor);
          return {
            externalId: a.externalId,
            name: a.name,
            series: { key: a.externalId, currency: 'USD', points },
          };
        }),
      })),
    });
  }
  return {
    account: { externalId: 'act_omnify_demo', name: 'Omnify Demo Store', currency: 'USD', timezone: 'UTC' },
    campaigns,
    truth,
  };
}
