import normal from '@stdlib/random-base-normal';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../kernel/dates/calendar-day.ts';
import type { DailySeries } from '../daily-metrics.ts';
import { scanSeries } from './scan.ts';
import { yearlyEffects } from './seasonal-yearly.ts';

/** Daily impressions from 2023-01-01 to 2025-12-31 (8 % noise); a 3-day dip to 40 % every Christmas. */
function history(extraDips: string[] = []): DailySeries {
  const g = normal.factory(0, 0.08, { seed: 2024 });
  const points = [];
  for (let d = '2023-01-01'; d <= '2025-12-31'; d = addDays(d, 1)) {
    const md = d.slice(5);
    const factor = md >= '12-24' && md <= '12-26' ? 0.4 : extraDips.includes(d) ? 0.4 : 1;
    const impressions = Math.round(10_000 * factor * Math.exp(g()));
    points.push({ date: d, impressions, clicks: 0, spendMinor: 0, conversions: 0, revenueMinor: 0 });
  }
  return { key: 'a', currency: 'USD', points };
}

const flagged = (s: DailySeries) =>
  scanSeries(s, { metrics: ['impressions'], bands: false, direction: 'negative' }).anomalies.map(
    (a) => a.date,
  );

describe('yearly seasonality in the anomaly scan', () => {
  it('learns a holiday seen in earlier years, and still flags a dip that is new', () => {
    const s = history(['2025-07-10']);
    const days = flagged(s);
    expect(days).toContain('2025-07-10');
    for (const d of ['2025-12-24', '2025-12-25', '2025-12-26']) expect(days).not.toContain(d);
  });

  it('needs two years: on the last 400 days alone the same Christmas is flagged', () => {
    const s = history();
    const short = { ...s, points: s.points.slice(-400) };
    expect(flagged(short)).toEqual(expect.arrayContaining(['2025-12-24', '2025-12-25', '2025-12-26']));
    expect(yearlyEffects(new Float64Array(3), Int32Array.from([0, 400, 729]))).toBeNull();
    expect(() => yearlyEffects(new Float64Array(2), Int32Array.from([0]))).toThrow(RangeError);
  });
});
