/**
 * A workspace's ad series as a model run holds them on the API's thread and sends them to its fits:
 * each list as {@link SeriesColumns} (typed arrays on SharedArrayBuffers, see series-columns.ts),
 * rebuilt into {@link WorkspaceSeries} objects only where a fit runs.
 */
import type { KnownEvent } from '../../../models/anomaly/known-events.ts';
import type { DailySeries } from '../../../models/daily-metrics.ts';
import type { AdSeries } from '../ads/ads.repository.ts';
import {
  emptySeriesColumns,
  fromSeriesColumns,
  type SeriesColumns,
  toSeriesColumns,
} from './series-columns.ts';

/**
 * Every ad's series and every campaign's total, as the ad models read them, and the workspace's
 * calendar of known events (labels anomaly insights; absent = none).
 */
export interface WorkspaceSeries {
  ads: AdSeries[];
  campaigns: CampaignSeries[];
  calendar?: KnownEvent[];
}

/** A campaign's total series with the ids insights refer to. */
export interface CampaignSeries extends DailySeries {
  campaignId: string;
  campaignName: string | null;
  accountId: string;
}

/** {@link WorkspaceSeries} with each list as columns; `calendar` as it is (absent = none). */
export interface WorkspaceSeriesColumns {
  ads: SeriesColumns<AdSeries>;
  campaigns: SeriesColumns<CampaignSeries>;
  calendar?: KnownEvent[];
}

/**
 * `ws` as columns, built a slice at a time (awaits macrotasks).
 *
 * @throws RangeError when a point's date is not a `YYYY-MM-DD` calendar day.
 */
export async function toWorkspaceSeriesColumns(ws: WorkspaceSeries): Promise<WorkspaceSeriesColumns> {
  return {
    ads: await toSeriesColumns(ws.ads),
    campaigns: await toSeriesColumns(ws.campaigns),
    ...(ws.calendar ? { calendar: ws.calendar } : {}),
  };
}

/** The inverse of {@link toWorkspaceSeriesColumns}: every series with its points rebuilt. */
export function fromWorkspaceSeriesColumns(c: WorkspaceSeriesColumns): WorkspaceSeries {
  return {
    ads: fromSeriesColumns(c.ads),
    campaigns: fromSeriesColumns(c.campaigns),
    ...(c.calendar ? { calendar: c.calendar } : {}),
  };
}

/**
 * The part of `series` model `model` reads, what a run sends to its fit (the less a worker thread
 * rebuilds, the sooner it starts): forecast and budget read the campaigns' totals, fatigue the ads,
 * anomaly everything (with the calendar).
 */
export function seriesInput(
  model: 'anomaly' | 'fatigue' | 'forecast' | 'budget',
  series: WorkspaceSeriesColumns,
): WorkspaceSeriesColumns {
  if (model === 'forecast' || model === 'budget')
    return { ads: emptySeriesColumns(), campaigns: series.campaigns };
  if (model === 'fatigue') return { ads: series.ads, campaigns: emptySeriesColumns() };
  return series;
}
