import gamma from '@stdlib/random-base-gamma';
import poisson from '@stdlib/random-base-poisson';
import { describe, expect, it } from 'vitest';
import type { DailySeries } from '../daily-metrics.ts';
import { devianceBound, negLog10NormalTail, unitDeviance } from './deviance.ts';
import { quasiCountTest } from './ratio-test.ts';
import { shEsd } from './s-h-esd.ts';
import { scanSeries } from './scan.ts';
import { syntheticSeries } from './synthetic.ts';

describe('deviance (McCullagh & Nelder 1989)', () => {
  it('matches hand-computed unit deviances', () => {
    // 2[3 ln(3/0.4) − (3 − 0.4)] and 2[3 ln(3/0.4) + 37 ln(37/39.6)]
    expect(unitDeviance(3, 0.4, 'poisson', 1)).toBeCloseTo(6.889418123, 8);
    expect(unitDeviance(3, 0.4, 'binomial', 40)).toBeCloseTo(7.063988908, 8);
    expect(unitDeviance(0, 0.4, 'binomial', 40)).toBeCloseTo(2 * 40 * Math.log(40 / 39.6), 12);
    expect(unitDeviance(0, 2.5, 'poisson', 1)).toBe(5);
  });

  it('band edges invert the deviance exactly', () => {
    for (const [mu, family, trials] of [
      [0.4, 'poisson', 1],
      [75, 'poisson', 1],
      [20, 'binomial', 1000],
      [950, 'binomial', 1000],
    ] as const) {
      const target = 4 * 3.5 * 3.5;
      const lo = devianceBound(mu, target, family, trials, 'lower');
      const hi = devianceBound(mu, target, family, trials, 'upper');
      expect(hi).toBeGreaterThan(mu);
      expect(unitDeviance(hi, mu, family, trials)).toBeCloseTo(target, 6);
      if (lo > 0) expect(unitDeviance(lo, mu, family, trials)).toBeCloseTo(target, 6);
      else expect(unitDeviance(0, mu, family, trials)).toBeLessThanOrEqual(target);
    }
  });

  it('−log10 of the normal tail is exact below 30 and continuous past it', () => {
    expect(negLog10NormalTail(1.959963985)).toBeCloseTo(-Math.log10(0.025), 6);
    expect(Math.abs(negLog10NormalTail(29.999) - negLog10NormalTail(30.001))).toBeLessThan(0.05);
    expect(Number.isFinite(negLog10NormalTail(1e3))).toBe(true);
  });
});

/** 28 days of 10,000 impressions at CTR 1 % (seeded Poisson clicks), Monday 2024-01-01 on. */
function ctrSeries(seed: number): DailySeries {
  return syntheticSeries(
    'ctr',
    { days: 28, impressions: 10_000, ctr: 0.01, conversionRate: 0.05, cpcMinor: 50, orderValueMinor: 4000 },
    seed,
  );
}

describe('count-aware ratio test', () => {
  it('does not flag 3 clicks out of 40 impressions, which S-H-ESD on the CTR values does flag', () => {
    const s = ctrSeries(21);
    const day = s.points[12];
    Object.assign(day, { impressions: 40, clicks: 3, spendMinor: 150, conversions: 0, revenueMinor: 0 });
    const scan = scanSeries(s, { metrics: ['ctr'] });
    expect(scan.metrics[0]).toMatchObject({
      metric: 'ctr',
      method: 'ratio-test',
      status: 'ok',
      testedDays: 28,
    });
    expect(scan.anomalies).toEqual([]);
    const band = scan.bands.ctr!.find((b) => b.date === day.date)!;
    expect(band.value).toBeCloseTo(0.075, 12);
    expect(band.upper!).toBeGreaterThan(0.075); // 3/40 lies inside what 40 impressions allow
    // The same day as a plain number among CTRs of ~0.01 is a gross outlier for S-H-ESD.
    const ctr = s.points.map((p) => p.clicks / p.impressions);
    const wd = Uint8Array.from(s.points, (_, t) => (1 + t) % 7);
    const fit = shEsd(ctr, wd, { transform: 'none' });
    if (fit.status !== 'ok') throw new Error('expected a fit');
    expect(fit.flags[12]).toBe(1);
  });

  it('flags a full-volume day whose CTR doubled, as a spike with the band below it', () => {
    const s = ctrSeries(22);
    s.points[20].clicks = 200; // 10,000 impressions: CTR 2 % against 1 %
    const scan = scanSeries(s, { metrics: ['ctr'] });
    expect(scan.anomalies).toHaveLength(1);
    const a = scan.anomalies[0];
    expect(a).toMatchObject({
      metric: 'ctr',
      date: s.points[20].date,
      direction: 'spike',
      method: 'ratio-test',
    });
    expect(a.value).toBeCloseTo(0.02, 12);
    expect(a.expected).toBeGreaterThan(0.009);
    expect(a.expected).toBeLessThan(0.011);
    expect(a.upper!).toBeLessThan(0.02);
    expect(a.score).toBeGreaterThan(8); // p < 1e-8
  });

  it('S-H-ESD flags an injected 5× spike on a large-count series (impressions)', () => {
    const s = syntheticSeries(
      'big',
      {
        days: 63,
        impressions: 50_000,
        ctr: 0.01,
        conversionRate: 0.05,
        cpcMinor: 50,
        orderValueMinor: 4000,
        weekly: [0.7, 1, 1.05, 1.1, 1.05, 1, 0.75],
        trafficNoise: 0.1,
      },
      5,
    );
    s.points[40].impressions *= 5;
    const scan = scanSeries(s, { metrics: ['impressions'] });
    expect(scan.metrics[0].method).toBe('s-h-esd');
    const hit = scan.anomalies.find((a) => a.date === s.points[40].date);
    expect(hit).toMatchObject({ metric: 'impressions', direction: 'spike', method: 's-h-esd' });
    expect(hit!.score).toBeGreaterThan(5);
    expect(hit!.value! / hit!.expected).toBeGreaterThan(3.5);
  });

  it('recovers a known overdispersion φ = 1 + μ/a from gamma-Poisson counts (μ = 1000, a = 100 → 11)', () => {
    const g = gamma.factory({ seed: 9 });
    const pois = poisson.factory({ seed: 10 });
    const counts = Array.from({ length: 364 }, () => pois(1000 * g(100, 100)));
    const fit = quasiCountTest(counts, new Array(364).fill(1), 'poisson', { bands: false });
    if (fit.status !== 'ok') throw new Error('expected a fit');
    // Leave-one-out baselines over 28 days add ≈ 1/27 of the variance.
    expect(fit.dispersion).toBeGreaterThan(11 * 0.85);
    expect(fit.dispersion).toBeLessThan(11 * 1.2);
  });

  it('keeps the family-wise false-alarm rate near α on anomaly-free binomial series (Bonferroni)', () => {
    const pois = poisson.factory({ seed: 77 });
    let withFlag = 0;
    for (let r = 0; r < 300; r++) {
      const trials = Array.from({ length: 90 }, (_, t) => 3000 + 500 * (t % 7));
      const clicks = trials.map((n) => Math.min(n, pois(n * 0.02)));
      const fit = quasiCountTest(clicks, trials, 'binomial', { bands: false });
      if (fit.status === 'ok' && fit.flags.includes(1)) withFlag++;
    }
    expect(withFlag / 300).toBeLessThan(0.08);
  });

  it('needs 14 days with exposure', () => {
    const fit = quasiCountTest([1, 2, 3], [10, 0, 10], 'binomial');
    expect(fit).toEqual({ status: 'insufficient_data', reason: '2 days with exposure; the test needs 14' });
  });
});
