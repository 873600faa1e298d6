import poisson from '@stdlib/random-base-poisson';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import type { DailyMetrics } from '../daily-metrics.ts';
import { costPerResultTrend } from './cost-trend.ts';

const day = (i: number, spendMinor: number, clicks: number, conversions = 0): DailyMetrics => ({
  date: addDays('2020-04-01', i),
  impressions: 10_000,
  clicks,
  spendMinor,
  conversions,
  revenueMinor: 0,
});

describe('costPerResultTrend (quasi-Poisson log-linear trend)', () => {
  it('recovers an exact exponential trend: clicks per dollar × e^(−0.02·t) ⇒ CPC +15.03 % a week', () => {
    // Noise-free expected counts are fitted exactly (Poisson MLE with an offset is exact here).
    const pts = Array.from({ length: 28 }, (_, t) =>
      day(t, 1000 * (1 + (t % 3)), 50 * (1 + (t % 3)) * Math.exp(-0.02 * t)),
    );
    const trend = costPerResultTrend(pts, 'cpc');
    expect(trend.changePerWeek as number).toBeCloseTo(Math.exp(0.14) - 1, 8);
    expect(trend.status).toBe('rising');
    // φ is floored at 1 (no underdispersion), so the interval keeps its Poisson width.
    expect(trend.interval?.from as number).toBeCloseTo(0.1055, 3);
    expect(trend.interval?.to as number).toBeCloseTo(0.1969, 3);
    // Last 7 days: spend / clicks by hand.
    const last = pts.slice(-7);
    const cpc = last.reduce((s, p) => s + p.spendMinor, 0) / last.reduce((s, p) => s + p.clicks, 0);
    expect(trend.currentMinor as number).toBeCloseTo(cpc, 10);
    expect(trend.days).toBe(28);
  });

  it('on seeded Poisson conversions: interval covers the true change, and a flat CPA reads flat', () => {
    const pois = poisson.factory({ seed: 11 });
    const rising = Array.from({ length: 28 }, (_, t) => day(t, 20_000, 400, pois(40 * Math.exp(-0.03 * t))));
    const r = costPerResultTrend(rising, 'cpa');
    const truth = Math.exp(0.21) - 1; // +23.4 % a week
    expect(r.status).toBe('rising');
    expect(r.interval?.from as number).toBeLessThan(truth);
    expect(r.interval?.to as number).toBeGreaterThan(truth);
    expect(Math.abs((r.changePerWeek as number) - truth)).toBeLessThan(0.06);
    let flatCalls = 0;
    for (let k = 0; k < 40; k++) {
      const flat = Array.from({ length: 28 }, (_, t) => day(t, 20_000, 400, pois(40)));
      if (costPerResultTrend(flat, 'cpa').status === 'flat') flatCalls++;
    }
    // 95 % intervals: about 38 of 40 flat series read flat.
    expect(flatCalls).toBeGreaterThanOrEqual(35);
  });

  it('reports insufficient data below 7 spending days or 20 results, and skips zero-spend days', () => {
    const short = Array.from({ length: 6 }, (_, t) => day(t, 1000, 50));
    expect(costPerResultTrend(short, 'cpc').status).toBe('insufficient_data');
    const fewConversions = Array.from({ length: 28 }, (_, t) => day(t, 1000, 50, t % 3 === 0 ? 1 : 0));
    const cpa = costPerResultTrend(fewConversions, 'cpa');
    expect(cpa.status).toBe('insufficient_data');
    expect(cpa.results).toBe(10);
    expect(cpa.changePerWeek).toBeNull();
    const paused = Array.from({ length: 14 }, (_, t) => day(t, t < 7 ? 0 : 1000, t < 7 ? 0 : 50));
    const p = costPerResultTrend(paused, 'cpc');
    expect(p.days).toBe(7);
    expect(p.changePerWeek as number).toBeCloseTo(0, 10);
    expect(p.currentMinor).toBe(20);
  });
});
