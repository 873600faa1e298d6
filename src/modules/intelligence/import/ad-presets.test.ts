import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { facebookAds2017Preset, kagConversionPreset, onlineAdvertisingPreset } from './ad-presets.ts';
import { AD_PERFORMANCE_TARGET, type AdPerformanceRecord, readAdPerformanceCsv } from './ads.ts';
import { validateMapping } from './mapping.ts';
import type { ImportResult } from './types.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const valid = (r: ImportResult<AdPerformanceRecord>) => r.rows.flatMap((x) => (x.ok ? [x.record] : []));
const codes = (r: ImportResult<AdPerformanceRecord>) =>
  r.rows.map((x) => (x.ok ? [x.line, 'ok'] : [x.line, ...x.errors.map((e) => e.code)]));

describe('ad presets are JSON documents that validate', () => {
  it('round-trips through JSON and passes validateMapping', () => {
    for (const m of [
      kagConversionPreset({ date: '2017-08-30' }),
      facebookAds2017Preset(),
      onlineAdvertisingPreset(),
    ]) {
      const copy = JSON.parse(JSON.stringify(m));
      expect(copy).toEqual(m);
      expect(validateMapping(copy, AD_PERFORMANCE_TARGET)).toEqual(m);
    }
    expect(() => kagConversionPreset({ date: '30/08/2017' })).toThrow(OmnifyError);
  });
});

describe('ad presets on our look-alike fixtures', () => {
  it('KAG: bare CR endings, constant date, approved or total conversions', () => {
    const r = readAdPerformanceCsv(fixture('kag-like.csv'), kagConversionPreset({ date: '2017-08-30' }));
    expect(r.lineEnding).toBe('CR');
    expect(valid(r)).toEqual([
      expect.objectContaining({
        adExternalId: '1',
        adSetExternalId: '101',
        campaignExternalId: '916',
        date: '2017-08-30',
        impressions: 7350,
        clicks: 1,
        spendMinor: 143,
        conversions: 1,
        revenueMinor: 0,
        currency: 'USD',
      }),
      expect.objectContaining({ adExternalId: '2', spendMinor: 182, conversions: 0 }),
      expect.objectContaining({
        adExternalId: '3',
        campaignExternalId: '1178',
        spendMinor: 0,
        conversions: 1,
      }),
    ]);
    const total = readAdPerformanceCsv(
      fixture('kag-like.csv'),
      kagConversionPreset({ date: '2017-08-30', conversions: 'total' }),
    );
    expect(valid(total).map((x) => x.conversions)).toEqual([2, 3, 1]);
  });

  it('facebook 2017: DD/MM/YYYY, shifted rows and multi-day rows are reported, never loaded', () => {
    const r = readAdPerformanceCsv(fixture('facebook-2017-like.csv'), facebookAds2017Preset());
    expect(codes(r)).toEqual([
      [2, 'ok'],
      [3, 'ok'],
      [4, 'shifted_row'],
      [5, 'invalid_value'],
    ]);
    expect(valid(r).map((x) => [x.date, x.campaignExternalId, x.spendMinor])).toEqual([
      ['2017-08-17', '916', 143],
      ['2017-08-18', '936', 201],
    ]);
    const shifted = r.rows[2];
    expect(shifted.ok ? undefined : shifted.errors[0]).toMatchObject({ column: 'campaign_id', line: 4 });
  });

  it('online advertising: month names, fixed year, #N/A placement kept, invalid date reported', () => {
    const r = readAdPerformanceCsv(fixture('online-advertising-like.csv'), onlineAdvertisingPreset());
    expect(r.headers.slice(-3)).toEqual(['post_click_sales_amount', '', '']);
    expect(codes(r)).toEqual([
      [2, 'ok'],
      [3, 'ok'],
      [4, 'ok'],
      [5, 'invalid_date'],
    ]);
    expect(valid(r).map((x) => [x.date, x.adExternalId, x.adName, x.spendMinor, x.revenueMinor])).toEqual([
      ['2020-04-01', 'camp 1|High|160 x 600|abc', '160 x 600 @ abc', 1, 0],
      ['2020-04-01', 'camp 1|High|160 x 600|#N/A', '160 x 600 @ #N/A', 2678, 197246],
      ['2020-06-30', 'camp 2|Low|728 x 90|mno', '728 x 90 @ mno', 150, 1001],
    ]);
    expect(
      valid(
        readAdPerformanceCsv(fixture('online-advertising-like.csv'), onlineAdvertisingPreset({ year: 2021 })),
      )[0].date,
    ).toBe('2021-04-01');
  });
});
