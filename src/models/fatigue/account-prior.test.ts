import { median } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../kernel/dates/calendar-day.ts';
import { accountPriorFromTrends, fatigueAccountPrior, posteriorDailyTrend } from './account-prior.ts';
import { assessFatigue } from './assess-fatigue.ts';
import { type DailyCtrTrend, dailyCtrTrend, fitLogLinearTrend } from './daily-trend.ts';
import { simulateWearOutSeries } from './simulate.ts';

const trend = (slope: number, slopeVariance: number): DailyCtrTrend => ({
  slope,
  slopeVariance,
  levelCtr: 0.01,
  meanAge: 10,
  baselineAge: 3,
  age: 20,
  dispersion: 1,
  activeDays: 21,
  clicks: 500,
});

describe('DerSimonian–Laird prior and Efron–Morris shrinkage (hand-computed)', () => {
  it('estimates μ, τ² and Var(μ̂) by the method of moments', () => {
    // w = 1e4 each; fixed mean 0; Q = 1e4·(4e-4 + 0 + 4e-4) = 8; τ² = (8 − 2)/(3e4 − 3e8/3e4) = 3e-4;
    // w* = 1/(1e-4 + 3e-4) = 2500 each, so μ̂ = 0 and Var(μ̂) = 1/7500.
    const p = accountPriorFromTrends([trend(-0.02, 1e-4), trend(0, 1e-4), trend(0.02, 1e-4)]);
    expect(p).not.toBeNull();
    expect(p?.ads).toBe(3);
    expect(p?.meanDailyTrend).toBeCloseTo(0, 15);
    expect(p?.betweenAdVariance).toBeCloseTo(3e-4, 15);
    expect(p?.meanVariance).toBeCloseTo(1 / 7500, 15);
    // V = 3e-4 + 1/7500; B = 1e-4/(1e-4 + V) = 0.1875; posterior −0.02·0.8125 with variance 0.8125e-4.
    const post = posteriorDailyTrend({ slope: -0.02, slopeVariance: 1e-4 }, p!);
    expect(post.shrinkage).toBeCloseTo(0.1875, 12);
    expect(post.mean).toBeCloseTo(-0.01625, 12);
    expect(post.variance).toBeCloseTo(0.8125e-4, 12);
  });

  it('pools fully when the ads agree within their noise, and needs three ads', () => {
    const p = accountPriorFromTrends([trend(-0.01, 1e-4), trend(-0.011, 1e-4), trend(-0.009, 1e-4)]);
    expect(p?.betweenAdVariance).toBe(0);
    expect(p?.meanDailyTrend).toBeCloseTo(-0.01, 12);
    // A noisy ad (variance 100× the prior's) is pulled almost all the way; a precise one keeps its own.
    expect(posteriorDailyTrend({ slope: 0.05, slopeVariance: 1e-2 }, p!).mean).toBeCloseTo(-0.01, 3);
    expect(posteriorDailyTrend({ slope: 0.05, slopeVariance: 1e-9 }, p!).mean).toBeCloseTo(0.05, 4);
    expect(accountPriorFromTrends([trend(-0.01, 1e-4), trend(0, 1e-4)])).toBeNull();
  });
});

describe('daily CTR trend', () => {
  it('recovers a known log-linear slope from seeded clicks (floor-zero wear-out on the age axis)', () => {
    // c₀ = 1 %, k = 1/(50 · 20k) per impression at 20k a day: ln CTR falls 1/50 = 0.02 a day.
    const s = simulateWearOutSeries({
      seed: 11,
      days: 40,
      params: { initialCtr: 0.01, floorCtr: 0, decayRate: 1 / 1_000_000 },
    });
    const t = dailyCtrTrend(s.points, 7, 14);
    expect(t).not.toBeNull();
    expect(t!.slope).toBeCloseTo(-0.02, 2);
    expect(Math.abs(t!.slope + 0.02)).toBeLessThan(3 * Math.sqrt(t!.slopeVariance));
    expect(t!.age).toBe(39);
    expect(dailyCtrTrend(s.points.slice(0, 10), 7, 14)).toBeNull();
    expect(fitLogLinearTrend([1, 1, 1], [1, 2, 3], [10, 10, 10])).toBeNull();
  });
});

describe('assessFatigue with the account prior (seeded accounts)', () => {
  // Five ads at 50k impressions a day and one low-volume ad at 400 a day (≈ 4 clicks), all with
  // c₀ = 1 % and the same daily wear-out 1/60 (k per impression = 1/(60 · pace)); as of day 14 the
  // small ad has ≈ 5,600 impressions and ≈ 50 clicks, below the 10,000 / 100 minimums.
  const account = (seed: number, perDay: number) => [
    ...[0, 1, 2, 3, 4].map((i) =>
      simulateWearOutSeries({
        key: `big-${i}`,
        seed: seed * 10 + i,
        impressionsPerDay: 50_000,
        params: { initialCtr: 0.01, floorCtr: 0, decayRate: perDay / 50_000 },
      }),
    ),
  ];
  const small = (seed: number, perDay: number) =>
    simulateWearOutSeries({
      key: 'small',
      seed: seed * 10 + 9,
      impressionsPerDay: 400,
      params: { initialCtr: 0.01, floorCtr: 0, decayRate: perDay / 400 },
    });
  const asOf = '2020-04-14';
  // True crossing: CTR = 70 % of the first week's (mean age ≈ 3) at age 3 + 60·ln(1/0.7) ≈ 24.4 → day 25.
  const trueCrossing = '2020-04-26';

  it('dates a low-volume ad from the account instead of insufficient_data, near the true crossing', () => {
    const errors: number[] = [];
    let warned = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const ad = small(seed, 1 / 60);
      const prior = fatigueAccountPrior([...account(seed, 1 / 60), ad], { asOf });
      expect(assessFatigue(ad, { asOf }).status).toBe('insufficient_data');
      const a = assessFatigue(ad, { asOf, prior });
      expect(a.evidence.basis).toBe('account_prior');
      expect(a.evidence.dailyTrend?.shrinkage as number).toBeGreaterThan(0.5);
      if (a.status === 'warning') warned++;
      if (a.predictedCrossingDate) errors.push(Math.abs(daysBetween(trueCrossing, a.predictedCrossingDate)));
    }
    console.info(`low-volume ad with the prior: warned ${warned}/20, median |error| ${median(errors)} d`);
    // Measured: all 20 dated (none without the prior), warned 14/20 (the other 6 dated 15–23 days
    // ahead: 14 days of five ads give μ̂ between 1/90 and 1/50 a day), median |error| 2 days.
    expect(errors).toHaveLength(20);
    expect(warned).toBeGreaterThanOrEqual(12);
    expect(median(errors)).toBeLessThanOrEqual(3);
  });

  it('does not warn about a low-volume ad of an account whose ads do not wear out', () => {
    let warned = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const ad = small(seed, 0);
      const prior = fatigueAccountPrior([...account(seed, 0), ad], { asOf });
      const a = assessFatigue(ad, { asOf, prior, includeChart: false });
      if (a.status !== 'healthy') warned++;
    }
    // Measured: 0/20.
    expect(warned).toBeLessThanOrEqual(1);
  });

  it('shows the trend on the chart and in the summary', () => {
    const ad = small(3, 1 / 60);
    const prior = fatigueAccountPrior([...account(3, 1 / 60), ad], { asOf });
    const a = assessFatigue(ad, { asOf, prior });
    expect(a.decayRateUnit).toBe('per_day');
    expect(a.timeline).toHaveLength(14);
    expect(a.timeline[0].fittedCtr as number).toBeGreaterThan(a.timeline[13].fittedCtr as number);
    expect(a.projection.find((p) => p.fittedCtr < (a.thresholdCtr as number))?.date).toBe(
      a.predictedCrossingDate,
    );
    expect(a.evidence.summary).toContain("shrunk toward the account's");
  });
});
