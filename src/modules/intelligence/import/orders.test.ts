import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_ADS_DIR } from '../../../testing/ad-datasets.ts';
import { validateMapping } from './mapping.ts';
import {
  cdnowMasterPreset,
  cdnowSamplePreset,
  defaultOrdersMapping,
  ORDER_TARGET,
  readOrdersCsv,
} from './orders.ts';
import { previewImport } from './preview.ts';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const CDNOW_DIR = resolve(SHARED_ADS_DIR, '../cdnow');
const hasCdnow = existsSync(join(CDNOW_DIR, 'CDNOW_master.txt'));
if (!hasCdnow)
  console.warn(`${CDNOW_DIR} not found: CDNOW import tests are skipped (fixture tests still run)`);

describe('orders: default mapping', () => {
  it('matches headers case-insensitively, keeps zero amounts, reports bad rows', () => {
    const r = readOrdersCsv(fixture('orders.csv'));
    expect(r.rows.map((x) => (x.ok ? [x.line, 'ok'] : [x.line, ...x.errors.map((e) => e.code)]))).toEqual([
      [2, 'ok'],
      [3, 'ok'],
      [4, 'negative_value'],
      [5, 'invalid_email'],
      [6, 'invalid_date'],
      [7, 'missing_value'],
    ]);
    const ok = r.rows.flatMap((x) => (x.ok ? [x.record] : []));
    expect(ok).toEqual([
      {
        customerId: 'c1',
        date: '2024-01-05',
        currency: 'USD',
        orderId: 'o1',
        email: 'a@example.com',
        name: 'Doe, Jane',
        amountMinor: 1999,
      },
      {
        customerId: 'c1',
        date: '2024-02-05',
        currency: 'USD',
        orderId: 'o2',
        email: 'a@example.com',
        name: 'Doe, Jane',
        amountMinor: 0,
      },
    ]);
    const neg = r.rows[2];
    expect(neg.ok ? '' : neg.errors[0].message).toBe(
      'Column "Amount" (amountMinor): "-5.00" is negative (set format.allowNegativeAmounts to accept refunds).',
    );
  });

  it('accepts refunds when the mapping allows them', () => {
    const r = readOrdersCsv(fixture('orders.csv'), defaultOrdersMapping({ allowRefunds: true }));
    const row = r.rows[2];
    expect(row.ok ? row.record : row.errors).toMatchObject({
      customerId: 'c2',
      amountMinor: -500,
      name: 'Bob',
    });
  });

  it('reads a tab-separated CRLF file with a currency column (JPY 0, EUR 2, KWD 3 decimals)', () => {
    const r = readOrdersCsv(fixture('orders-tab.tsv'));
    expect([r.delimiter, r.lineEnding]).toEqual(['\t', 'CRLF']);
    expect(
      r.rows.map((x) => (x.ok ? [x.record.customerId, x.record.currency, x.record.amountMinor] : x.errors)),
    ).toEqual([
      ['007', 'JPY', 1500],
      ['007', 'EUR', 1250],
      ['008', 'KWD', 100],
    ]);
    const p = previewImport(r);
    expect(Object.keys(p.totals).sort()).toEqual(['EUR', 'JPY', 'KWD']);
    expect(p.distinct.customerId).toBe(2);
  });

  it('reads ISO date-times as UTC days', () => {
    const csv = 'customer_id,date,amount\nA,2024-01-01T23:30:00-05:00,1\nB,2024-01-01T10:00:00Z,2\n';
    const r = readOrdersCsv(csv, defaultOrdersMapping({ dateFormat: 'ISO-DATETIME', currency: 'EUR' }));
    expect(r.rows.map((x) => (x.ok ? [x.record.date, x.record.currency] : x.errors))).toEqual([
      ['2024-01-02', 'EUR'],
      ['2024-01-01', 'EUR'],
    ]);
  });

  it('CDNOW presets on a look-alike fixture (whitespace, CRLF, YYYYMMDD)', () => {
    const r = readOrdersCsv(fixture('cdnow-like.txt'), cdnowMasterPreset());
    expect(
      r.rows.map((x) =>
        x.ok
          ? [x.line, x.record.customerId, x.record.date, x.record.amountMinor]
          : [x.line, x.errors[0].code],
      ),
    ).toEqual([
      [2, '00001', '1997-01-01', 1177],
      [3, '00002', '1997-01-12', 1200],
      [4, '00002', '1997-01-12', 7700],
      [5, 'invalid_date'],
    ]);
    for (const m of [cdnowMasterPreset(), cdnowSamplePreset(), defaultOrdersMapping()]) {
      expect(validateMapping(JSON.parse(JSON.stringify(m)), ORDER_TARGET)).toEqual(m);
    }
  });
});

describe.skipIf(!hasCdnow)('orders: CDNOW files (../shared/data/cdnow, SOURCE.md)', () => {
  it('CDNOW_master.txt: 69,659 transactions of 23,570 customers', () => {
    const p = previewImport(
      readOrdersCsv(readFileSync(join(CDNOW_DIR, 'CDNOW_master.txt')), cdnowMasterPreset()),
    );
    expect([p.totalRows, p.validRows, p.errorRows, p.distinct.customerId]).toEqual([
      69_659, 69_659, 0, 23_570,
    ]);
    expect(p.totals.USD).toMatchObject({ rows: 69_659, firstDate: '1997-01-01', lastDate: '1998-06-30' });
    expect(p.totals.USD.sums.amountMinor).toBe(250_031_563); // $2,500,315.63 (80 orders of $0.00 kept)
  });

  it('CDNOW_sample.txt (no header): 6,919 transactions of 2,357 customers', () => {
    const p = previewImport(
      readOrdersCsv(readFileSync(join(CDNOW_DIR, 'CDNOW_sample.txt')), cdnowSamplePreset()),
    );
    expect([p.totalRows, p.validRows, p.distinct.customerId]).toEqual([6_919, 6_919, 2_357]);
    expect(p.totals.USD.sums.amountMinor).toBe(24_409_194);
  });
});
