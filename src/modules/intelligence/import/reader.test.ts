import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OmnifyError } from '../../../kernel/errors/catalog.ts';
import { readAdPerformanceCsv } from './ads.ts';
import type { ImportMapping } from './mapping.ts';
import { previewImport } from './preview.ts';
import { readMappedCsv } from './reader.ts';

const FIX = join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name));

/** A user's mapping for fixtures/ads-*.csv (header names partly in other case on purpose). */
const adsMapping: ImportMapping = {
  fields: {
    accountExternalId: { value: 'acct-1' },
    campaignExternalId: { column: 'Campaign ID' },
    campaignName: { column: 'campaign name' },
    adExternalId: { column: 'Ad ID' },
    date: { column: 'Date' },
    impressions: { column: 'Impressions' },
    clicks: { column: 'Clicks' },
    spendMinor: { column: 'Spend' },
    conversions: { column: 'Conversions' },
    revenueMinor: { column: 'Revenue' },
    currency: { column: 'Currency' },
  },
};

const summary = (name: string) => {
  const r = readAdPerformanceCsv(fixture(name), adsMapping);
  return r.rows.map((row) => (row.ok ? [row.line, 'ok'] : [row.line, ...row.errors.map((e) => e.code)]));
};

describe('readMappedCsv on our fixtures', () => {
  const expected = [
    [2, 'ok'],
    [3, 'ok'],
    [4, 'ok'],
    [5, 'ok'],
    [6, 'missing_value'],
    [7, 'invalid_number'],
    [8, 'invalid_date'],
    [9, 'negative_value'],
    [10, 'column_count'],
    [11, 'invalid_currency'],
    [12, 'invalid_date', 'negative_value', 'invalid_number'],
    [14, 'ok'],
    [15, 'ok'],
    [17, 'ok'],
  ];

  it('reads LF, CRLF and bare-CR files to the same rows, with physical line numbers', () => {
    expect(fixture('ads-crlf.csv').includes('\r\n')).toBe(true);
    expect(fixture('ads-cr.csv').includes('\n')).toBe(false);
    for (const f of ['ads-lf.csv', 'ads-crlf.csv', 'ads-cr.csv']) expect(summary(f), f).toEqual(expected);
    const lf = readAdPerformanceCsv(fixture('ads-lf.csv'), adsMapping);
    const cr = readAdPerformanceCsv(fixture('ads-cr.csv'), adsMapping);
    expect(cr.lineEnding).toBe('CR');
    expect(lf.lineEnding).toBe('LF');
    expect(lf.skippedEmptyLines).toBe(1);
    const recs = (r: typeof lf) => r.rows.flatMap((x) => (x.ok ? [x.record] : []));
    expect(recs(cr).map((r) => ({ ...r, campaignName: r.campaignName?.replace(/\r/g, '\n') }))).toEqual(
      recs(lf),
    );
  });

  it('normalizes values: quoted commas, doubled quotes, money per currency exponent', () => {
    const r = readAdPerformanceCsv(fixture('ads-lf.csv'), adsMapping);
    const ok = r.rows.flatMap((x) => (x.ok ? [x.record] : []));
    expect(ok[0]).toEqual({
      accountExternalId: 'acct-1',
      campaignExternalId: 'c1',
      campaignName: 'Spring, sale',
      adExternalId: 'a1',
      date: '2024-03-01',
      impressions: 1000,
      clicks: 10,
      conversions: 1,
      currency: 'USD',
      spendMinor: 1234,
      revenueMinor: 5000,
    });
    expect(ok[1]).toMatchObject({ spendMinor: 101, currency: 'USD' }); // 1.005 half away from zero; 'usd'
    expect(ok[2]).toMatchObject({ campaignName: 'He said "hi"', currency: 'JPY', spendMinor: 0 });
    expect(ok[3]).toMatchObject({ currency: 'JPY', spendMinor: 1235 }); // 1234.5 JPY, exponent 0
    expect(ok[5]).toMatchObject({ campaignName: 'Two\nlines', spendMinor: 200 });
  });

  it('explains each error with line, column, code, raw value and raw row', () => {
    const r = readAdPerformanceCsv(fixture('ads-lf.csv'), adsMapping);
    const errs = r.rows.flatMap((x) => (x.ok ? [] : x.errors));
    expect(errs.find((e) => e.line === 7)).toEqual({
      line: 7,
      column: 'Impressions',
      code: 'invalid_number',
      message: 'Column "Impressions" (impressions): "12a" is not a whole non-negative number.',
      raw: ['2024-03-03', 'c3', 'x', 'b3', '12a', '1', '1', '0', '0', 'USD'],
    });
    expect(errs.find((e) => e.line === 6)?.message).toBe(
      'Column "Campaign ID" (campaignExternalId) is empty.',
    );
    expect(errs.find((e) => e.line === 8)?.message).toContain('"2024-02-30" is not a date in YYYY-MM-DD');
    expect(errs.find((e) => e.line === 9)?.message).toContain('"-2.50" is negative');
    expect(errs.find((e) => e.line === 10)?.message).toBe('The row has 6 fields but the header has 10.');
    expect(errs.find((e) => e.line === 11)?.column).toBe('Currency');
  });

  it('reads a BOM, semicolon-delimited file with decimal comma and day.month.year dates', () => {
    const mapping: ImportMapping = {
      format: { decimalSeparator: ',', thousandsSeparator: '.', dateFormat: 'DD/MM/YYYY' },
      fields: {
        accountExternalId: { value: 'de' },
        campaignExternalId: { column: 'Kampagne' },
        date: { column: 'Datum' },
        impressions: { column: 'Impressionen' },
        clicks: { column: 'Klicks' },
        spendMinor: { column: 'Kosten' },
        conversions: { value: 0 },
        revenueMinor: { value: 0 },
        currency: { column: 'Währung' },
      },
    };
    const r = readAdPerformanceCsv(fixture('ads-bom-semicolon.csv'), mapping);
    expect([r.hadBom, r.delimiter, r.headers[0]]).toEqual([true, ';', 'Datum']);
    expect(
      r.rows.map((x) => (x.ok ? [x.record.date, x.record.impressions, x.record.spendMinor] : x.errors)),
    ).toEqual([
      ['2024-03-01', 1234, 123456],
      ['2024-03-02', 10, 99],
      ['2024-03-03', 10, 100],
    ]);
  });

  it('reports missing columns and empty files at file level, and stops at maxRows', () => {
    const r = readAdPerformanceCsv('Date,Campaign ID\n2024-01-01,c\n', adsMapping);
    expect(r.rows).toEqual([]);
    expect(r.fileErrors.map((e) => [e.line, e.code, e.column])).toContainEqual([
      1,
      'missing_column',
      'Ad ID',
    ]);
    expect(r.fileErrors).toHaveLength(8);
    expect(readAdPerformanceCsv('\n\n', adsMapping).fileErrors[0].code).toBe('empty_file');
    const hdr = readFileSync(join(FIX, 'ads-lf.csv'), 'utf8').split('\n')[0];
    expect(readAdPerformanceCsv(`${hdr}\n`, adsMapping).fileErrors[0]).toMatchObject({
      code: 'empty_file',
      line: 1,
    });
    const t = readAdPerformanceCsv(fixture('ads-lf.csv'), adsMapping, { maxRows: 3 });
    expect([t.rows.length, t.truncated]).toEqual([3, true]);
  });

  it('throws OMNIFY_ERR_VALIDATION with JSON pointers for a bad mapping', () => {
    const bad = (m: unknown) => {
      try {
        readAdPerformanceCsv('a\n1', m);
      } catch (e) {
        expect(e).toBeInstanceOf(OmnifyError);
        return (e as OmnifyError).details.fields?.map((f) => f.path);
      }
      throw new Error('expected a validation error');
    };
    expect(bad({ fields: { ...adsMapping.fields, bogus: { column: 'x' } } })).toEqual(['/fields/bogus']);
    const { date: _date, ...noDate } = adsMapping.fields;
    expect(bad({ fields: noDate })).toEqual(['/fields/date']);
    expect(bad({ fields: { ...adsMapping.fields, clicks: { value: -1 } } })).toEqual([
      '/fields/clicks/value',
    ]);
    expect(
      bad({ fields: { ...adsMapping.fields, clicks: { column: 'Clicks', format: 'YYYYMMDD' } } }),
    ).toEqual(['/fields/clicks/format']);
    expect(bad({ fields: adsMapping.fields, format: { header: false } })).toEqual(['/format/columns']);
    expect(bad({ fields: adsMapping.fields, format: { columns: ['a'] } })).toEqual(['/format/columns']);
    const sameAs = { column: 'Date', expect: 'sameAs', code: 'invalid_value' };
    expect(bad({ fields: adsMapping.fields, shapeChecks: [sameAs] })).toEqual(['/shapeChecks/0/other']);
    expect(bad({ fields: adsMapping.fields, extra: 1 })?.length).toBeGreaterThan(0);
    expect(bad('not an object')?.length).toBeGreaterThan(0);
  });

  it('reports an unclosed quote on its row and keeps the rows before it', () => {
    const r = readMappedCsv(
      fixture('orders-unclosed.csv'),
      {
        fields: {
          customerId: { column: 'customer_id' },
          date: { column: 'date' },
          amountMinor: { column: 'amount' },
          currency: { value: 'USD' },
        },
      },
      {
        target: {
          name: 'orders',
          fields: {
            customerId: { kind: 'text', required: true },
            date: { kind: 'date', required: true },
            amountMinor: { kind: 'money', required: true },
            currency: { kind: 'currency', required: true },
          },
        },
      },
    );
    expect(r.rows.map((x) => (x.ok ? [x.line, 'ok'] : [x.line, x.errors[0].code]))).toEqual([
      [2, 'ok'],
      [3, 'unclosed_quote'],
    ]);
  });

  it('reads 100,000 rows quickly', () => {
    const lines = [
      'Date,Campaign ID,Campaign Name,Ad ID,Impressions,Clicks,Spend,Conversions,Revenue,Currency',
    ];
    for (let i = 0; i < 100_000; i++) {
      lines.push(
        `2024-03-${String(1 + (i % 28)).padStart(2, '0')},c${i % 7},"Name, ${i % 13}",a${i},${i},${i % 50},${(i % 997) / 10},${i % 3},${i % 11}.5,USD`,
      );
    }
    const t0 = performance.now();
    const r = readAdPerformanceCsv(lines.join('\n'), adsMapping);
    const ms = performance.now() - t0;
    const p = previewImport(r);
    console.log(`100,000 rows read in ${ms.toFixed(0)} ms`);
    expect(p.validRows).toBe(100_000);
    expect(p.totals.USD.sums.impressions).toBe((99_999 * 100_000) / 2);
    expect(ms).toBeLessThan(10_000); // a guard against quadratic behaviour, not a benchmark
  });
});
