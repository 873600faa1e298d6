import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { summarizeTransactions } from '../models/ltv/rfm.ts';
import { REPO_ROOT } from '../testing/fixtures.ts';
import { readTransactionsCsv, runIntelLtv } from './intel.ts';

const CDNOW = resolve(REPO_ROOT, '../shared/data/cdnow');
const hasCdnow = existsSync(join(CDNOW, 'CDNOW_sample.txt'));
if (!hasCdnow) console.warn(`${CDNOW} not found: the CDNOW CLI check is skipped`);

/** Runs the CLI function and returns what it printed as JSON. */
function runJson(csv: string, calibrationEnd: string, holdoutEnd?: string): any {
  const dir = mkdtempSync(join(tmpdir(), 'omnify-intel-'));
  const file = join(dir, 'orders.csv');
  writeFileSync(file, csv);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    expect(runIntelLtv({ transactions: file, calibrationEnd, holdoutEnd, json: true })).toBe(0);
    return JSON.parse(String(log.mock.calls.at(-1)?.[0]));
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('omnify intel ltv: reading orders', () => {
  it('reports unreadable rows by line and counts same-day orders as one occasion', () => {
    const { transactions, errors } = readTransactionsCsv(
      'customer_id,date,amount,channel\nc1,2024-01-01,10,web\nc1,2024-01-01,5,web\nc1,2024-01-15,0,shop\nc1,2024-01-22,30,web\n,2024-01-02,3,x\nc2,01/02/2024,3,x\nc2,2024-02-30,3,x\nc2,2024-01-03,ten,x\n',
    );
    expect(errors.map((e) => e.line)).toEqual([6, 7, 8, 9]);
    const [c1] = summarizeTransactions(transactions, '2024-02-05');
    expect(c1).toMatchObject({
      customerId: 'c1',
      frequency: 2,
      recency: 3,
      T: 5,
      monetaryValue: 30,
      zeroValueOccasions: 1,
    });
  });
});

describe.skipIf(!hasCdnow)('omnify intel ltv on CDNOW (published values)', () => {
  it('reproduces the BG/NBD and Gamma-Gamma parameters of the literature from raw transactions', () => {
    const rows = readFileSync(join(CDNOW, 'CDNOW_sample.txt'), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l) => {
        const [, id, d, , value] = l.trim().split(/\s+/);
        return `${id},${d!.slice(0, 4)}-${d!.slice(4, 6)}-${d!.slice(6, 8)},${value}`;
      });
    const out = runJson(`customer_id,date,amount\n${rows.join('\n')}\n`, '1997-09-30', '1998-06-30');
    const sig3 = (x: number) => Number(x.toPrecision(3));
    expect([out.bgnbd.r, out.bgnbd.alpha, out.bgnbd.a, out.bgnbd.b].map(sig3)).toEqual([
      0.243, 4.41, 0.793, 2.43,
    ]);
    expect(out.bgnbd.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect([out.gammaGamma.p, out.gammaGamma.q, out.gammaGamma.v].map(sig3)).toEqual([6.25, 3.74, 15.4]);
    expect(out.customers).toHaveLength(2357);
    // The RFM summary equals the published calibration summary for every customer.
    const ref = readFileSync(join(CDNOW, 'cdnow_customers_summary.csv'), 'utf8').trim().split('\n').slice(1);
    const byId = new Map(out.customers.map((c: any) => [Number(c.customerId), c]));
    for (const line of ref) {
      const [id, f, r, T] = line.split(',').map(Number);
      const c: any = byId.get(id!);
      expect(c.frequency).toBe(f);
      expect(c.recency).toBeCloseTo(r!, 1);
      expect(c.T).toBeCloseTo(T!, 1);
    }
    const one: any = byId.get(1);
    expect(one.pAlive).toBeGreaterThan(0);
    expect(out.holdout.actual).toBeGreaterThan(0);
    // The calibration/holdout plot (FHL 2005 Fig. 3): buckets add up to the totals, and the model
    // tracks the mean holdout purchases of each calibration-frequency group.
    const buckets: any[] = out.holdout.byFrequency;
    expect(buckets.map((b) => b.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(buckets.reduce((s, b) => s + b.customers, 0)).toBe(2357);
    expect(buckets.reduce((s, b) => s + b.customers * b.actual, 0)).toBeCloseTo(out.holdout.actual, 6);
    console.info('CDNOW calibration/holdout plot', buckets);
    for (const b of buckets.slice(0, 5)) expect(Math.abs(b.predicted - b.actual)).toBeLessThan(0.5);
    expect(one.clv).toBeGreaterThan(0);
  });
});
