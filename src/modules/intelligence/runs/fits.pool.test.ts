import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { siblingWorkerFile } from '../../../kernel/workers/thread-pool.ts';
import { fillMissingDays, sumSeries } from '../../../models/daily-metrics.ts';
import type { AdSeries } from '../ads/ads.repository.ts';
import { generateAdDemo } from '../demo/ad-demo.ts';
import type { WorkspaceSeries } from './ads.models.ts';
import { createFitPool } from './fits.pool.ts';
import { type AdFit, localFits } from './fits.ts';

/** The demo's 14 ads in two campaigns of one account, as `loadWorkspaceSeries` shapes them. */
function demoSeries(): WorkspaceSeries {
  const demo = generateAdDemo({ endDate: '2026-11-21', seed: 3 });
  const ads: AdSeries[] = demo.campaigns.flatMap((c) =>
    c.adSets.flatMap((s) =>
      s.ads.map((a) => ({
        ...a.series,
        adId: a.externalId,
        adName: a.name,
        adStatus: 'active',
        campaignId: c.externalId,
        campaignName: c.name,
        accountId: 'acc-1',
      })),
    ),
  );
  const campaigns = demo.campaigns.map((c) => {
    const list = ads.filter((a) => a.campaignId === c.externalId);
    return {
      ...fillMissingDays(sumSeries(c.externalId, list)),
      campaignId: c.externalId,
      campaignName: c.name,
      accountId: 'acc-1',
    };
  });
  return { ads, campaigns };
}

describe('model fits in worker threads', () => {
  const pool = createFitPool(1);
  afterAll(() => pool.close());

  it('runs the anomaly fit in a worker thread, with the same answer as on the main thread', async () => {
    const series = demoSeries();
    const inWorker = await pool.runTask<AdFit>('anomaly', series);
    expect(threadId).toBe(0);
    expect(inWorker.threadId).toBeGreaterThan(0);
    const here = await localFits('anomaly', series);
    expect(inWorker.out.counts).toEqual(here.counts);
    expect(inWorker.out.insights.map((i) => i.fingerprint)).toEqual(here.insights.map((i) => i.fingerprint));
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
    const series = demoSeries();
    const out = await pool.fits('fatigue', series);
    expect(out.results).toHaveLength(series.ads.length);
    const a = await pool.runTask('forecast', series);
    const b = await pool.runTask('budget', { series, budgets: [] });
    expect(b.threadId).toBe(a.threadId);
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
