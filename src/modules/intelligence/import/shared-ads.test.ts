import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  hasSharedAds,
  loadOnlineAdvertisingSeries,
  SHARED_ADS_DIR,
  sharedAdsSkipReason,
} from '../../../testing/ad-datasets.ts';
import { facebookAds2017Preset, kagConversionPreset, onlineAdvertisingPreset } from './ad-presets.ts';
import { readAdPerformanceCsv } from './ads.ts';
import { previewImport } from './preview.ts';

if (!hasSharedAds) console.warn(sharedAdsSkipReason);
const file = (name: string) => readFileSync(join(SHARED_ADS_DIR, name));

/** Independent check: plain split on the raw text, float sums (no mapping, no exact decimals). */
function naiveColumnSum(name: string, column: string, split: RegExp): number {
  const lines = readFileSync(join(SHARED_ADS_DIR, name), 'utf8')
    .split(split)
    .filter((l) => l !== '');
  const i = lines[0].split(',').indexOf(column);
  return lines.slice(1).reduce((s, l) => s + Number(l.split(',')[i]), 0);
}

describe.skipIf(!hasSharedAds)('presets on the public ad datasets (../shared/data/ads, SOURCE.md)', () => {
  it('KAG_conversion_data.csv: 1,143 rows, SOURCE.md totals, bare CR', () => {
    const r = readAdPerformanceCsv(
      file('KAG_conversion_data.csv'),
      kagConversionPreset({ date: '2017-08-30' }),
    );
    const p = previewImport(r);
    expect(r.lineEnding).toBe('CR');
    expect([p.totalRows, p.validRows, p.errorRows]).toEqual([1143, 1143, 0]);
    expect(p.totals.USD.sums).toEqual({
      impressions: 213_434_828,
      clicks: 38_165,
      spendMinor: 5_870_523, // 58,705.23
      conversions: 1_079,
      revenueMinor: 0,
    });
    expect(naiveColumnSum('KAG_conversion_data.csv', 'Spent', /\r/)).toBeCloseTo(58_705.23, 2);
    expect(p.distinct).toMatchObject({ campaignExternalId: 3, adExternalId: 1143 });
    const byCampaign = new Map<string, number>();
    for (const x of r.rows)
      if (x.ok)
        byCampaign.set(x.record.campaignExternalId, (byCampaign.get(x.record.campaignExternalId) ?? 0) + 1);
    expect(Object.fromEntries(byCampaign)).toEqual({ '916': 54, '936': 464, '1178': 625 });
    const total = previewImport(
      readAdPerformanceCsv(
        file('KAG_conversion_data.csv'),
        kagConversionPreset({ date: '2017-08-30', conversions: 'total' }),
      ),
    );
    expect(total.totals.USD.sums.conversions).toBe(3_264);
  });

  it('facebook_ad_campaign_2017_data.csv: 761 rows load, the 382 shifted rows are reported one by one', () => {
    const r = readAdPerformanceCsv(file('facebook_ad_campaign_2017_data.csv'), facebookAds2017Preset());
    const p = previewImport(r, { errorLimit: 1000 });
    expect([p.totalRows, p.validRows, p.errorRows]).toEqual([1143, 761, 382]);
    expect(p.errorsByCode).toEqual({ shifted_row: 382 });
    // Data row 762 is physical line 763; the shifted rows run to the end of the file.
    expect(p.errors.map((e) => e.line)).toEqual(Array.from({ length: 382 }, (_, k) => 763 + k));
    expect(p.totals.USD.sums.spendMinor).toBe(1_962_024); // 19,620.24
    expect(p.totals.USD.sums.impressions).toBe(78_513_588);
    expect([p.totals.USD.firstDate, p.totals.USD.lastDate]).toEqual(['2017-08-17', '2017-08-30']);
    const counts: Record<string, number> = {};
    for (const x of r.rows)
      if (x.ok) counts[x.record.campaignExternalId] = (counts[x.record.campaignExternalId] ?? 0) + 1;
    expect(counts).toEqual({ '916': 54, '936': 464, '1178': 243 });
  });

  it('online_advertising_performance_data.csv: 15,408 rows, 244 ads, SOURCE.md totals; timed', () => {
    const bytes = file('online_advertising_performance_data.csv');
    const t0 = performance.now();
    const r = readAdPerformanceCsv(bytes, onlineAdvertisingPreset());
    const ms = performance.now() - t0;
    console.log(`online_advertising_performance_data.csv (15,408 rows) read in ${ms.toFixed(0)} ms`);
    const p = previewImport(r);
    expect([p.totalRows, p.validRows, p.errorRows]).toEqual([15_408, 15_408, 0]);
    expect(p.totals.USD.sums.impressions).toBe(239_017_725);
    // Exact sum of `cost` is 175,192.9957 (SOURCE.md: 175,193.0); rounding each row to cents loses
    // the sub-cent costs: 17,519,170 cents.
    expect(naiveColumnSum('online_advertising_performance_data.csv', 'cost', /\n/)).toBeCloseTo(
      175_192.9957,
      3,
    );
    expect(p.totals.USD.sums.spendMinor).toBe(17_519_170);
    expect(p.totals.USD.sums.clicks).toBe(2_492_837);
    expect(p.totals.USD.sums.conversions).toBe(651_768);
    expect(p.totals.USD.sums.revenueMinor).toBe(3_271_562_240);
    expect([p.totals.USD.firstDate, p.totals.USD.lastDate]).toEqual(['2020-04-01', '2020-06-30']);
    expect(p.distinct).toMatchObject({ campaignExternalId: 3, adSetExternalId: 8, adExternalId: 244 });
    const ok = r.rows.flatMap((x) => (x.ok ? [x.record] : []));
    expect(ok.filter((x) => x.adExternalId?.endsWith('|#N/A')).length).toBe(413);
    expect(new Set(ok.map((x) => x.date)).size).toBe(91);
    const keyDays = new Set(ok.map((x) => `${x.adExternalId} ${x.date}`));
    expect(ok.length - keyDays.size).toBe(5); // rows repeated for the same ad and day are all kept
    // Same keys, dates and impressions as the test-only reader in src/testing/ad-datasets.ts.
    const series = loadOnlineAdvertisingSeries();
    expect([...new Set(ok.map((x) => x.adExternalId))].sort()).toEqual(series.map((s) => s.key));
    const perKey = new Map<string, number>();
    for (const x of ok) perKey.set(x.adExternalId!, (perKey.get(x.adExternalId!) ?? 0) + x.impressions);
    for (const s of series) expect(perKey.get(s.key)).toBe(s.points.reduce((a, q) => a + q.impressions, 0));
  });
});
