import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../kernel/dates/calendar-day.ts';
import { siblingWorkerFile } from '../../../kernel/workers/thread-pool.ts';
import { generateCustomerDemo } from '../demo/customer-demo.ts';
import { createFitPool } from './fits.pool.ts';
import { demoWorkspaceSeriesColumns } from './fits.test-support.ts';
import { type AdFit, localFits } from './fits.ts';
import { ltvOrderColumnsOf } from './ltv.columns.ts';
import { ltvOrderRows } from './ltv.fit.ts';
import type { LtvColumnsFit } from './ltv.transfer.ts';

describe('model fits in worker threads', () => {
  const pool = createFitPool(1);
  afterAll(() => pool.close());

  it('runs the anomaly fit in a worker thread, with the same answer as on the main thread', async () => {
    const series = await demoWorkspaceSeriesColumns();
    const inWorker = await pool.runTask<AdFit>('anomaly', series);
    expect(threadId).toBe(0);
    expect(inWorker.threadId).toBeGreaterThan(0);
    const here = await localFits('anomaly', series);
    expect(inWorker.out.counts).toEqual(here.counts);
    expect(inWorker.out.insights.map((i) => i.fingerprint)).toEqual(here.insights.map((i) => i.fingerprint));
    // Insight charts come back as the JSON text that is stored, the same content.
    expect(here.insights.some((i) => i.chart)).toBe(true);
    expect(inWorker.out.insights.map((i) => i.chartJson)).toEqual(
      here.insights.map((i) => (i.chart ? JSON.stringify(i.chart) : undefined)),
    );
    expect((inWorker.out.counts as { anomalies: number }).anomalies).toBeGreaterThan(0);
    // Stored results come back encoded as JSON (no object rebuilt on this thread), the same content.
    expect(
      inWorker.out.results.every((r) => r.result === undefined && typeof r.resultJson === 'string'),
    ).toBe(true);
    expect(inWorker.out.results.map((r) => JSON.parse(r.resultJson!))).toEqual(
      here.results.map((r) => JSON.parse(JSON.stringify(r.result))),
    );
  });

  it('answers the fit output through `fits` and reuses its one thread', async () => {
    const series = await demoWorkspaceSeriesColumns();
    const out = await pool.fits('fatigue', series);
    expect(out.results).toHaveLength(series.ads.meta.length);
    const a = await pool.runTask('forecast', series);
    const b = await pool.runTask('budget', { series, budgets: [] });
    expect(b.threadId).toBe(a.threadId);
  });

  it('runs the LTV fit in a worker thread on moved columns, with the same answer as here', async () => {
    const end = '2026-03-07';
    const demo = generateCustomerDemo({ seed: 3, start: addDays(end, -40 * 7 + 1), weeks: 40 });
    const input = () => ({ orders: ltvOrderColumnsOf(ltvOrderRows(demo.orders)), asOf: addDays(end, 1) });
    const inWorker = await pool.runTask<LtvColumnsFit>('ltv', input());
    expect(inWorker.threadId).toBeGreaterThan(0);
    const here = await localFits('ltv', input());
    if (here.status !== 'completed' || inWorker.out.status !== 'completed') throw new Error('not fitted');
    // The ids come back packed, decoded a slice at a time when read (as the run writes them).
    const ids = inWorker.out.customers.customerIds;
    expect(Array.isArray(ids)).toBe(false);
    expect(ids.slice()).toEqual(here.customers.customerIds);
    expect(ids.slice(2, 5)).toEqual(here.customers.customerIds.slice(2, 5));
    expect(ids.slice(-3)).toEqual(here.customers.customerIds.slice(-3));
    const withIds = { ...inWorker.out, customers: { ...inWorker.out.customers, customerIds: ids.slice() } };
    expect(withIds).toEqual(here);
  });

  it('rejects with the fit error, not a hang', async () => {
    await expect(pool.runTask('ltv', { orders: null, asOf: '2026-11-21' })).rejects.toThrow();
  });
});

describe('siblingWorkerFile', () => {
  it('keeps the extension of the calling module (.ts from source, .js compiled)', () => {
    expect(siblingWorkerFile('file:///app/src/x/pool.ts', 'w')).toEqual({
      url: new URL('file:///app/src/x/w.ts'),
      typescript: true,
    });
    expect(siblingWorkerFile('file:///app/dist/x/pool.js', 'w')).toEqual({
      url: new URL('file:///app/dist/x/w.js'),
      typescript: false,
    });
  });
});
