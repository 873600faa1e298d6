import { describe, expect, it } from 'vitest';
import { readOrdersCsv } from './orders.ts';
import { previewImport } from './preview.ts';

const csv = [
  'customer_id,date,amount,currency',
  'a,2024-01-03,10.00,USD',
  'a,2024-01-01,0.50,USD',
  'b,2024-02-01,-1,USD',
  'c,2024-13-01,x,USD',
  'd,2024-01-09,100,JPY',
  'e,2024-01-10,,USD',
].join('\n');

describe('previewImport', () => {
  it('counts rows and errors, samples records and totals per currency', () => {
    const p = previewImport(readOrdersCsv(csv), { sampleSize: 2, errorLimit: 3 });
    expect([p.totalRows, p.validRows, p.errorRows]).toEqual([6, 3, 3]);
    expect(p.errorsByCode).toEqual({
      negative_value: 1,
      invalid_date: 1,
      invalid_number: 1,
      missing_value: 1,
    });
    expect(p.errors.map((e) => [e.line, e.code])).toEqual([
      [4, 'negative_value'],
      [5, 'invalid_date'],
      [5, 'invalid_number'],
    ]);
    expect(p.sample.map((r) => r.amountMinor)).toEqual([1000, 50]);
    expect(p.totals).toEqual({
      USD: { rows: 2, sums: { amountMinor: 1050 }, firstDate: '2024-01-01', lastDate: '2024-01-03' },
      JPY: { rows: 1, sums: { amountMinor: 100 }, firstDate: '2024-01-09', lastDate: '2024-01-09' },
    });
    expect(p.distinct).toEqual({ customerId: 2, orderId: 0 });
    expect(p.truncated).toBe(false);
  });

  it('lists file-level errors first', () => {
    const p = previewImport(readOrdersCsv('customer,when\n1,2\n'));
    expect([p.totalRows, p.errorsByCode]).toEqual([0, { missing_column: 3 }]);
    expect(p.errors.map((e) => e.column)).toEqual(['customer_id', 'date', 'amount']);
  });
});
