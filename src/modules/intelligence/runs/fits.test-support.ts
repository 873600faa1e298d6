/**
 * Test support of the fit tests: the ad demo's series shaped as `loadWorkspaceSeries` shapes a
 * workspace's (ads.models.ts).
 */
import { fillMissingDays, sumSeries } from '../../../models/daily-metrics.ts';
import type { AdSeries } from '../ads/ads.repository.ts';
import { generateAdDemo } from '../demo/ad-demo.ts';
import type { WorkspaceSeries } from './fits.ts';
import { toWorkspaceSeriesColumns, type WorkspaceSeriesColumns } from './workspace-series.ts';

/** The demo's 14 ads in two campaigns of one account, as `loadWorkspaceSeries` shapes them. */
export function demoWorkspaceSeries(): WorkspaceSeries {
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

/** {@link demoWorkspaceSeries} as columns, as a run holds them (workspace-series.ts). */
export function demoWorkspaceSeriesColumns(): Promise<WorkspaceSeriesColumns> {
  return toWorkspaceSeriesColumns(demoWorkspaceSeries());
}
