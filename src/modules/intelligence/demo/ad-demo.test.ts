import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../kernel/dates/calendar-day.ts';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { type DailyMetrics, type DailySeries, sumSeries } from '../../../models/daily-metrics.ts';
import { type AdDemo, type DemoCampaign, generateAdDemo } from './ad-demo.ts';
import { budgetMultiplier, plannedDailySpendMinor } from './ad-spend-plan.ts';
import {
  expectedConversions,
  fatigueCtr,
  hillSaturation,
  marginalConversionsPerMinor,
} from './ads-response.ts';
import { DEMO_CAMPAIGNS, WEEKDAY_MULTIPLIERS, WEEKDAYS } from './ads-spec.ts';

const END = '2026-03-31';
const demo: AdDemo = generateAdDemo({ endDate: END, seed: 42 });
const { truth } = demo;
const allAds = demo.campaigns.flatMap((c) => c.adSets.flatMap((s) => s.ads));
const adById = new Map(allAds.map((a) => [a.externalId, a]));
const campaignSeries = (c: DemoCampaign): DailySeries =>
  sumSeries(
    c.externalId,
    c.adSets.flatMap((s) => s.ads.map((a) => a.series)),
  );
const campaignById = new Map(demo.campaigns.map((c) => [c.externalId, campaignSeries(c)]));
const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const dayIndex = (date: string): number => daysBetween(truth.startDate, date);
/** Expected campaign spend (minor units) on day t from the truth: base · budget · weekday · trend. */
const expectedSpend = (campaignId: string, t: number): number =>
  plannedDailySpendMinor(truth.spend.find((x) => x.campaignExternalId === campaignId)!, truth.startDate, t);

/** Planned impressions of an ad on day t: expected campaign spend · ad share · 1000 / CPM. */
const plannedImpressions = (adId: string, t: number): number => {
  for (const c of DEMO_CAMPAIGNS) {
    for (const s of c.adSets) {
      const a = s.ads.find((x) => x.externalId === adId);
      if (a) return (expectedSpend(c.externalId, t) * s.share * a.share * 1000) / c.cpmMinor;
    }
  }
  throw new Error(`unknown ad ${adId}`);
};

describe('generateAdDemo: determinism, dates, shape', () => {
  it('same seed → identical output; another seed → different numbers, same truth parameters', () => {
    expect(generateAdDemo({ endDate: END, seed: 42 })).toEqual(demo);
    const other = generateAdDemo({ endDate: END, seed: 43 });
    expect(other.campaigns[0].adSets[0].ads[0].series.points).not.toEqual(
      demo.campaigns[0].adSets[0].ads[0].series.points,
    );
    expect(other.truth.hill).toEqual(truth.hill);
  });

  it('gives the same numbers whatever the day it runs: the default window ends on the last Saturday', () => {
    const strip = (d: AdDemo) =>
      d.campaigns.flatMap((c) =>
        c.adSets.flatMap((s) => s.ads.flatMap((a) => a.series.points.map(({ date: _, ...rest }) => rest))),
      );
    const base = generateAdDemo({ now: new Date('2026-11-22T08:00:00Z') });
    expect(base.truth.endDate).toBe('2026-11-21');
    for (const [now, end] of [
      ['2026-11-24T23:59:59Z', '2026-11-21'],
      ['2026-12-05T00:00:01Z', '2026-11-28'],
      ['2027-07-14T12:00:00Z', '2027-07-10'],
    ] as const) {
      const d = generateAdDemo({ now: new Date(now) });
      expect(d.truth.endDate).toBe(end);
      expect(strip(d)).toEqual(strip(base));
    }
  });

  it('ends on the Saturday before today (UTC) by default and rejects a bad end date', () => {
    const d = generateAdDemo({ now: new Date('2026-03-15T00:30:00Z') });
    expect(d.truth.endDate).toBe('2026-03-14');
    expect(d.truth.startDate).toBe('2025-11-15');
    expect(() => generateAdDemo({ endDate: '2026-13-01' })).toThrow(OmnifyError);
    expect(() => generateAdDemo({ endDate: END, seed: -5 })).toThrow(OmnifyError);
  });

  it('has 3 campaigns × 2 ad sets × 2–3 ads of 120 contiguous USD days with consistent money', () => {
    expect(demo.account.currency).toBe('USD');
    expect(demo.campaigns).toHaveLength(3);
    for (const c of demo.campaigns) {
      expect(c.adSets).toHaveLength(2);
      for (const s of c.adSets) expect(s.ads.length).toBeGreaterThanOrEqual(2);
      for (const s of c.adSets) expect(s.ads.length).toBeLessThanOrEqual(3);
      expect(Number.isInteger(c.dailyBudgetMinor) && c.dailyBudgetMinor > 0).toBe(true);
    }
    expect(allAds).toHaveLength(14);
    const aov = new Map(truth.hill.map((h) => [h.campaignExternalId, h.averageOrderValueMinor]));
    for (const c of demo.campaigns) {
      for (const a of c.adSets.flatMap((s) => s.ads)) {
        const pts = a.series.points;
        expect(a.series.key).toBe(a.externalId);
        expect(a.series.currency).toBe('USD');
        expect(pts).toHaveLength(120);
        expect(pts.at(-1)!.date).toBe(END);
        const bad = pts.filter(
          (p, t) =>
            p.date !== addDays(truth.startDate, t) ||
            (['impressions', 'clicks', 'spendMinor', 'conversions', 'revenueMinor'] as const).some(
              (m) => !Number.isInteger(p[m]) || p[m] < 0,
            ) ||
            p.clicks > p.impressions ||
            p.revenueMinor !== p.conversions * aov.get(c.externalId)!,
        );
        expect(bad).toEqual([]);
      }
    }
  });
});

describe('generateAdDemo: totals and seasonality match the truth', () => {
  it('campaign spend totals are within 4% of the planned spend; impressions = spend/CPM within 1.5%', () => {
    for (const s of truth.spend) {
      const pts = campaignById.get(s.campaignExternalId)!.points;
      const planned = sum(pts.map((_, t) => expectedSpend(s.campaignExternalId, t)));
      const spent = sum(pts.map((p) => p.spendMinor));
      expect(Math.abs(spent / planned - 1)).toBeLessThan(0.04);
      const impressions = sum(pts.map((p) => p.impressions));
      expect(Math.abs(impressions / ((spent * 1000) / s.cpmMinor) - 1)).toBeLessThan(0.015);
    }
  });

  it('impressions follow the known weekday multipliers (within 0.065; noise sd ≈ 0.021)', () => {
    const byWeekday = new Map<number, number[]>();
    for (const s of truth.spend) {
      const pts = campaignById.get(s.campaignExternalId)!.points;
      pts.forEach((p, t) => {
        const level =
          (s.baseDailySpendMinor * budgetMultiplier(s, t) * Math.exp(s.trendPerDay * t) * 1000) / s.cpmMinor;
        const wd = new Date(`${p.date}T00:00:00Z`).getUTCDay();
        byWeekday.set(wd, [...(byWeekday.get(wd) ?? []), p.impressions / level]);
      });
    }
    const measured = WEEKDAYS.map((_, wd) => sum(byWeekday.get(wd)!) / byWeekday.get(wd)!.length);
    console.info('weekday multipliers (sun…sat) measured', measured.map((x) => x.toFixed(3)).join(' '));
    WEEKDAYS.forEach((name, wd) => {
      expect(Math.abs(measured[wd] - WEEKDAY_MULTIPLIERS[name])).toBeLessThan(0.065);
    });
    expect(sum(Object.values(truth.seasonality.weekdayMultipliers))).toBeCloseTo(7, 10);
  });

  it('campaign conversions follow β·Hill(adstock(spend)) within 4 Poisson sd; regimes as stated', () => {
    for (const h of truth.hill) {
      const pts = campaignById.get(h.campaignExternalId)!.points;
      // Undo the reporting faults that are not in the response model before comparing.
      const faults = truth.anomalies.filter((a) => !a.inResponseModel);
      const spend = pts.map((p) => {
        const spike = faults.find((a) => a.metric === 'spendMinor' && a.date === p.date);
        if (!spike) return p.spendMinor;
        return (
          p.spendMinor -
          adById.get(spike.key)!.series.points[dayIndex(p.date)].spendMinor * (1 - 1 / spike.factor)
        );
      });
      const mu = expectedConversions(spend, h);
      const keep = pts.map(
        (p) =>
          !faults.some(
            (a) => a.metric === 'conversions' && a.key === h.campaignExternalId && a.date === p.date,
          ),
      );
      const observed = sum(pts.filter((_, t) => keep[t]).map((p) => p.conversions));
      const expected = sum(mu.filter((_, t) => keep[t]));
      expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
    const curve = (id: string) => DEMO_CAMPAIGNS.find((c) => c.externalId === id)!;
    const sat = curve('cmp_prospecting');
    const under = curve('cmp_retargeting');
    expect(hillSaturation(sat.baseDailySpendMinor, sat.alpha, sat.gamma)).toBeGreaterThan(0.9);
    expect(hillSaturation(under.baseDailySpendMinor, under.alpha, under.gamma)).toBeLessThan(0.25);
    // Marginal conversions per extra dollar: under-spent ≫ saturated.
    const mSat = marginalConversionsPerMinor(sat.baseDailySpendMinor, sat) * 100;
    const mUnder = marginalConversionsPerMinor(under.baseDailySpendMinor, under) * 100;
    console.info(
      `marginal conversions per $: saturated ${mSat.toFixed(4)}, under-spent ${mUnder.toFixed(4)}`,
    );
    expect(mUnder).toBeGreaterThan(10 * mSat);
    // Spend varies enough for the curve to be identified: daily campaign spend spans ≥ 1.8× (p5…p95;
    // the budget plan alone spans 0.6…1.4, weekdays 0.86…1.10, trend +27%).
    for (const c of demo.campaigns) {
      const s = campaignById
        .get(c.externalId)!
        .points.map((p) => p.spendMinor)
        .sort((a, b) => a - b);
      expect(s[Math.floor(0.95 * s.length)] / s[Math.floor(0.05 * s.length)]).toBeGreaterThan(1.8);
    }
  });
});

describe('generateAdDemo: fatigue truth', () => {
  const ctrOver = (pts: DailyMetrics[]): number =>
    sum(pts.map((p) => p.clicks)) / sum(pts.map((p) => p.impressions));

  it('one ad crosses 70% of baseline CTR 10 days after the end, one 30 days before, flat ads stay flat', () => {
    const f = new Map(truth.fatigue.map((x) => [x.adExternalId, x]));
    expect(f.get('ad_interests_ugc')!.crossingDate).toBe(addDays(END, 10));
    expect(f.get('ad_lookalike_carousel')!.crossingDate).toBe(addDays(END, -30));
    expect(truth.fatigue.filter((x) => x.k === 0 && x.crossingDate === null)).toHaveLength(11);
    const last7 = (id: string) => ctrOver(adById.get(id)!.series.points.slice(-7)) / f.get(id)!.baselineCtr;
    // Expected CTR at the end (truth on the realised cumulative impressions) is just above 70%;
    // the observed last-7-day CTR is close to it (±1.5% Poisson noise on ~4,000 clicks).
    const ugc = f.get('ad_interests_ugc')!;
    const ugcImpressions = sum(adById.get('ad_interests_ugc')!.series.points.map((p) => p.impressions));
    const expectedEnd = fatigueCtr(1, ugc.k, ugcImpressions);
    expect(expectedEnd).toBeGreaterThan(0.7);
    expect(expectedEnd).toBeLessThan(0.75);
    expect(last7('ad_interests_ugc')).toBeGreaterThan(0.67);
    expect(last7('ad_interests_ugc')).toBeLessThan(0.8);
    expect(last7('ad_lookalike_carousel')).toBeLessThan(0.7);
    expect(f.get('ad_interests_static')!.crossingDate).toBe(addDays(END, 45));
    expect(last7('ad_interests_static')).toBeGreaterThan(0.72);
    for (const x of truth.fatigue.filter((y) => y.k === 0)) {
      const pts = adById
        .get(x.adExternalId)!
        .series.points.filter(
          (p) =>
            !truth.anomalies.some((a) => a.key === x.adExternalId && a.metric === 'ctr' && a.date === p.date),
        );
      const ratio = ctrOver(pts.slice(-30)) / ctrOver(pts.slice(0, 30));
      expect(Math.abs(ratio - 1)).toBeLessThan(0.12);
    }
  });

  it('clicks match c₀·exp(−k·I/1000) on cumulative impressions within 4 Poisson sd per ad', () => {
    for (const x of truth.fatigue) {
      let cum = 0;
      let expected = 0;
      let observed = 0;
      for (const p of adById.get(x.adExternalId)!.series.points) {
        const fault = truth.anomalies.some(
          (a) => a.key === x.adExternalId && a.metric === 'ctr' && a.date === p.date,
        );
        if (!fault) {
          expected += p.impressions * fatigueCtr(x.baselineCtr, x.k, cum);
          observed += p.clicks;
        }
        cum += p.impressions;
      }
      expect(Math.abs(observed - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });
});

describe('generateAdDemo: injected anomalies are where the truth says', () => {
  const around = (pts: DailyMetrics[], date: string, f: (p: DailyMetrics) => number, days = 7): number => {
    const t = dayIndex(date);
    return median(pts.filter((_, i) => i !== t && Math.abs(i - t) <= days).map(f));
  };

  it('lists the four kinds with dates inside the window', () => {
    expect(truth.anomalies.map((a) => `${a.kind}:${a.metric}:${a.factor}`).sort()).toEqual(
      ['drop:conversions:0.2', 'drop:ctr:0.2', 'level_shift:impressions:0.6', 'spike:spendMinor:3'].sort(),
    );
    for (const a of truth.anomalies) {
      expect(a.date >= truth.startDate && a.endDate <= truth.endDate).toBe(true);
      expect(dayIndex(a.endDate) - dayIndex(a.date) + 1).toBe(a.days);
    }
  });

  it('each anomaly is visible in its series on its dates', () => {
    const byKind = (kind: string, metric: string) =>
      truth.anomalies.find((a) => a.kind === kind && a.metric === metric)!;
    const spike = byKind('spike', 'spendMinor');
    const sp = adById.get(spike.key)!.series.points;
    const relSpend = sp.map((p, t) => ({
      ...p,
      spendMinor: p.spendMinor / plannedImpressions(spike.key, t),
    }));
    expect(
      relSpend[dayIndex(spike.date)].spendMinor / around(relSpend, spike.date, (p) => p.spendMinor),
    ).toBeGreaterThan(1.9);

    const drop = byKind('drop', 'conversions');
    const cp = campaignById.get(drop.key)!.points;
    expect(cp[dayIndex(drop.date)].conversions / around(cp, drop.date, (p) => p.conversions)).toBeLessThan(
      0.4,
    );
    expect(cp[dayIndex(drop.date)].revenueMinor / around(cp, drop.date, (p) => p.revenueMinor)).toBeLessThan(
      0.4,
    );

    // Level shift: impressions relative to the planned level (the budget plan moves the raw level).
    const shift = byKind('level_shift', 'impressions');
    const lp = adById.get(shift.key)!.series.points;
    const rel = lp.map((p, t) => p.impressions / plannedImpressions(shift.key, t));
    const t0 = dayIndex(shift.date);
    const during = median(rel.slice(t0, t0 + shift.days));
    const outside = median([...rel.slice(t0 - 14, t0), ...rel.slice(t0 + shift.days, t0 + shift.days + 14)]);
    console.info(`level shift: impressions/plan during ${during.toFixed(3)}, around ${outside.toFixed(3)}`);
    expect(Math.abs(during / outside - 0.6)).toBeLessThan(0.15);

    const ctr = byKind('drop', 'ctr');
    const ap = adById.get(ctr.key)!.series.points;
    const day = ap[dayIndex(ctr.date)];
    expect(day.impressions).toBeGreaterThan(5000);
    const usual = around(ap, ctr.date, (p) => p.clicks / p.impressions);
    expect(day.clicks / day.impressions / usual).toBeLessThan(0.3);
  });
});
