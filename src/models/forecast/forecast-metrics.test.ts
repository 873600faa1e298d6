import { describe, expect, it } from 'vitest';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { DailyMetrics, DailySeries } from '../daily-metrics.ts';
import { forecastMetrics } from './forecast-metrics.ts';

const weekly = [1.3, 1.2, 1.1, 1.0, 0.9, 0.7, 0.8];

/** 35 days from 2020-04-01 with a weekly pattern; day 10 is missing (the ad did not run). */
function series(): DailySeries {
  const points: DailyMetrics[] = [];
  for (let t = 0; t < 35; t++) {
    if (t === 10) continue;
    const f = weekly[t % 7] * (1 + 0.05 * Math.sin(t * 1.7));
    points.push({
      date: addDays('2020-04-01', t),
      impressions: Math.round(10_000 * f),
      clicks: Math.round(100 * f),
      spendMinor: Math.round(50_000 * f),
      conversions: Math.round(20 * f),
      revenueMinor: Math.round(400_000 * f),
    });
  }
  return { key: 'camp 1', currency: 'USD', points };
}

describe('forecastMetrics', () => {
  it('returns gap-filled history, aligned fitted values and dated bands per metric', () => {
    const out = forecastMetrics(series(), undefined, 7);
    expect(out).toMatchObject({ key: 'camp 1', currency: 'USD', lastDate: '2020-05-05', horizon: 7 });
    expect(out.metrics.map((m) => m.metric)).toEqual(['spendMinor', 'conversions', 'revenueMinor']);
    for (const m of out.metrics) {
      expect(m.history).toHaveLength(35);
      expect(m.history[10]).toEqual({ date: '2020-04-11', value: 0 });
      if (m.result.status !== 'ok') throw new Error(m.result.reason);
      expect(m.result.fitted).toHaveLength(35);
      expect(m.result.forecast[0].date).toBe('2020-05-06');
      expect(m.result.forecast[6].date).toBe('2020-05-12');
    }
    const spend = out.metrics[0].result;
    if (spend.status !== 'ok') throw new Error('spend');
    // 2020-05-06 is day 35 → weekday index 0 (factor 1.3); 2020-05-11 is index 5 (factor 0.7).
    expect(spend.forecast[0].median).toBeGreaterThan(spend.forecast[5].median);
  });

  it('reports insufficient data per metric for short or empty series', () => {
    const short = { ...series(), points: series().points.slice(0, 10) };
    const out = forecastMetrics(short, ['clicks']);
    expect(out.metrics[0].result).toMatchObject({ status: 'insufficient_data', n: 10, required: 18 });
    const empty = forecastMetrics({ key: 'x', currency: 'EUR', points: [] });
    expect(empty.lastDate).toBeNull();
    expect(empty.metrics.every((m) => m.result.status === 'insufficient_data')).toBe(true);
  });

  it('rejects unknown metrics and unsorted dates', () => {
    expect(() => forecastMetrics(series(), ['ctr' as 'clicks'])).toThrow(OmnifyError);
    const s = series();
    const swapped = { ...s, points: [s.points[1], s.points[0], ...s.points.slice(2)] };
    expect(() => forecastMetrics(swapped)).toThrow(/sorted/);
    expect(() => forecastMetrics(s, undefined, 40)).toThrow(OmnifyError);
  });
});
