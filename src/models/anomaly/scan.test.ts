import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { DailyMetrics, DailySeries } from '../daily-metrics.ts';
import { buildFrame } from './daily-frame.ts';
import { scanMany, scanSeries } from './scan.ts';
import { dayNumber, SCAN_METRICS, validateSeries } from './scan-options.ts';
import { type SyntheticSpec, syntheticSeries } from './synthetic.ts';

const BIG: SyntheticSpec = {
  days: 63,
  impressions: 40_000,
  ctr: 0.02,
  conversionRate: 0.1,
  cpcMinor: 60,
  orderValueMinor: 5000,
  weekly: [0.7, 1, 1.05, 1.1, 1.05, 1, 0.75],
  trafficNoise: 0.08,
};

function catchError(f: () => unknown): OmnifyError {
  try {
    f();
  } catch (e) {
    if (e instanceof OmnifyError) return e;
    throw e;
  }
  throw new Error('expected an OmnifyError');
}

describe('scan input validation', () => {
  const point = (date: string, over: Partial<DailyMetrics> = {}): DailyMetrics => ({
    date,
    impressions: 10,
    clicks: 1,
    spendMinor: 5,
    conversions: 0,
    revenueMinor: 0,
    ...over,
  });

  it('reports bad dates, order and values with JSON-pointer paths', () => {
    const s: DailySeries = {
      key: 'k',
      currency: 'USD',
      points: [
        point('2024-01-02'),
        point('2024-02-30'),
        point('2024-01-01'),
        point('2024-01-05', { clicks: -1, spendMinor: Number.NaN }),
      ],
    };
    const e = catchError(() => scanSeries(s));
    expect(e.code).toBe('OMNIFY_ERR_VALIDATION');
    expect(e.details.fields).toEqual([
      { path: '/points/1/date', message: 'must be a calendar date YYYY-MM-DD' },
      { path: '/points/2/date', message: 'dates must be strictly ascending' },
      { path: '/points/3/clicks', message: 'must be a finite number ≥ 0' },
      { path: '/points/3/spendMinor', message: 'must be a finite number ≥ 0' },
    ]);
    const many = catchError(() => scanMany([syntheticSeries('ok', BIG, 1), s]));
    expect(many.details.fields?.[0].path).toBe('/series/1/points/1/date');
  });

  it('lists every invalid option', () => {
    const e = catchError(() =>
      scanSeries(syntheticSeries('ok', BIG, 1), {
        alpha: 2,
        maxAnomalies: 0.9,
        metrics: ['ctr', 'roas' as never],
        trendWindow: -1,
        baselineWindow: 3,
      }),
    );
    expect(e.details.fields?.map((f) => f.path)).toEqual([
      '/metrics/1',
      '/alpha',
      '/maxAnomalies',
      '/trendWindow',
      '/baselineWindow',
    ]);
  });

  it('parses calendar days without Date rollover', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-01', '2024-01-0x', '1969-12-31']) {
      expect(dayNumber(bad)).toBeNaN();
    }
  });
});

describe('scanSeries', () => {
  it('returns insufficient_data for every metric of a 10-day series, without throwing', () => {
    const r = scanSeries(syntheticSeries('short', { ...BIG, days: 10 }, 2));
    expect(r.anomalies).toEqual([]);
    expect(r.metrics.map((m) => m.metric)).toEqual([...SCAN_METRICS]);
    expect(r.metrics.every((m) => m.status === 'insufficient_data' && m.reason)).toBe(true);
  });

  it('finds an injected spike and drop, honours direction, and charts every tested day', () => {
    const s = syntheticSeries('big', BIG, 3);
    s.points[30].impressions *= 4;
    s.points[45].impressions = Math.round(s.points[45].impressions / 5);
    const both = scanSeries(s, { metrics: ['impressions'] });
    const found = both.anomalies.map((a) => [a.date, a.direction]);
    expect(found).toContainEqual([s.points[30].date, 'spike']);
    expect(found).toContainEqual([s.points[45].date, 'drop']);
    expect(both.bands.impressions).toHaveLength(63);
    const band = both.bands.impressions![30];
    expect(band.value).toBe(s.points[30].impressions);
    expect(band.upper!).toBeLessThan(band.value!);
    const up = scanSeries(s, { metrics: ['impressions'], direction: 'positive' });
    expect(up.anomalies.every((a) => a.direction === 'spike')).toBe(true);
    expect(up.anomalies.map((a) => a.date)).toContain(s.points[30].date);
    const down = scanSeries(s, { metrics: ['impressions'], direction: 'negative', bands: false });
    expect(down.anomalies.map((a) => a.date)).toEqual([s.points[45].date]);
    expect(down.bands).toEqual({});
  });

  it('skips paused days by default instead of flagging every zero', () => {
    const s = syntheticSeries('paused', BIG, 4);
    const zero = { impressions: 0, clicks: 0, spendMinor: 0, conversions: 0, revenueMinor: 0 };
    for (let t = 14; t < 21; t++) Object.assign(s.points[t], zero); // a paused week
    s.points.splice(40, 3); // three days missing from the feed
    const skip = scanSeries(s, { metrics: ['impressions', 'clicks', 'ctr'] });
    const pausedDates = new Set(s.points.slice(14, 21).map((p) => p.date));
    expect(skip.anomalies.filter((a) => pausedDates.has(a.date))).toEqual([]);
    expect(skip.bands.impressions).toHaveLength(60 - 7);
    expect(skip.metrics.find((m) => m.metric === 'impressions')?.testedDays).toBe(53);
    // Filling with zeros instead turns the pause into drops.
    const zeros = scanSeries(s, { metrics: ['impressions'], inactiveDays: 'zero' });
    expect(zeros.bands.impressions).toHaveLength(63);
    expect(
      zeros.anomalies.filter((a) => pausedDates.has(a.date) && a.direction === 'drop').length,
    ).toBeGreaterThan(0);
  });

  it('keeps weekday phase across missing days', () => {
    const s = syntheticSeries('gap', { ...BIG, days: 10 }, 5); // 2024-01-01 is a Monday
    s.points.splice(2, 3);
    const frame = buildFrame(s, validateSeries(s), 'skip');
    expect(frame.dates.slice(0, 3)).toEqual(['2024-01-01', '2024-01-02', '2024-01-06']);
    expect(Array.from(frame.weekdays.subarray(0, 3))).toEqual([1, 2, 6]);
  });

  it('routes low-volume counts to the count test and reports CPA without conversions as null', () => {
    const small = scanSeries(syntheticSeries('small', { ...BIG, impressions: 600 }, 6), { bands: false });
    const method = Object.fromEntries(small.metrics.map((m) => [m.metric, m.method]));
    expect(method).toMatchObject({
      impressions: 's-h-esd',
      clicks: 'count-test',
      conversions: 'count-test',
      spendMinor: 'count-test',
      ctr: 'ratio-test',
      cpa: 'ratio-test',
    });
    const s = syntheticSeries('cpa', BIG, 7);
    s.points[33].conversions = 0;
    s.points[33].revenueMinor = 0;
    const r = scanSeries(s, { metrics: ['cpa'] });
    const a = r.anomalies.find((x) => x.date === s.points[33].date);
    expect(a).toMatchObject({ metric: 'cpa', value: null, direction: 'spike', method: 'ratio-test' });
    expect(a!.upper).not.toBeNull();
    expect(a!.expected).toBeGreaterThan(500); // ≈ CPC / conversion rate = 600 minor units
    expect(a!.expected).toBeLessThan(720);
  });
});
