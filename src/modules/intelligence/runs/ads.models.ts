/**
 * The ad models' runs for one workspace: each reads the stored daily metrics, runs the model of
 * src/modules/intelligence/{anomaly,fatigue,forecast,budget}, stores the result and chart data per subject
 * (`model_results`) and turns what needs attention into insights. Every write is an upsert, so a run
 * can be repeated (a crashed job is retried from the start). The fits themselves (fits.ts) run through
 * `fits`: in a worker thread in a server, on the calling thread otherwise.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import type { Database } from '../../../kernel/db/database.ts';
import { statementSizes } from '../../../kernel/db/statement-size.ts';
import { fillMissingDays, sumSeries } from '../../../models/daily-metrics.ts';
import { type AdSeries, loadAdSeries } from '../ads/ads.repository.ts';
import { loadCalendar } from '../calendar/known-events.repository.ts';
import { resolveInsights, upsertInsights } from '../insights/insights.repository.ts';
import { type AdFit, type CampaignSeries, type Fits, localFits } from './fits.ts';
import { saveModelResults } from './model-results.ts';
import { seriesInput, toWorkspaceSeriesColumns, type WorkspaceSeriesColumns } from './workspace-series.ts';

export { type CampaignSeries, FORECAST_HORIZON, keyedByMetric, type WorkspaceSeries } from './fits.ts';
export type { WorkspaceSeriesColumns } from './workspace-series.ts';

/**
 * Ad series plus campaign totals, each gap-filled from its first to its last day, as columns
 * (workspace-series.ts: what a run holds through its four ad fits), and the workspace's calendar of
 * known events (`intel_known_events`, by start day), which labels anomaly insights. The series are
 * objects only while they load.
 */
export async function loadWorkspaceSeries(
  db: Database,
  workspaceId: string,
): Promise<WorkspaceSeriesColumns> {
  const [stored, calendar] = await Promise.all([
    loadAdSeries(db, workspaceId, statementSizes(db.kind).readRows),
    loadCalendar(db, workspaceId),
  ]);
  // Gap-filled a slice of ads at a time, so a large workspace's series don't hold the API's thread.
  const ads: AdSeries[] = [];
  for (let i = 0; i < stored.length; i++) {
    if (i > 0 && i % 500 === 0) await nextMacrotask();
    ads.push({ ...stored[i], ...fillMissingDays(stored[i]) } as AdSeries);
  }
  const byCampaign = new Map<string, AdSeries[]>();
  for (const a of ads) byCampaign.set(a.campaignId, [...(byCampaign.get(a.campaignId) ?? []), a]);
  const campaigns: CampaignSeries[] = [...byCampaign.values()].map((list) => ({
    ...fillMissingDays(sumSeries(list[0].campaignId, list)),
    campaignId: list[0].campaignId,
    campaignName: list[0].campaignName,
    accountId: list[0].accountId,
  }));
  return toWorkspaceSeriesColumns({ ads, campaigns, calendar });
}

/**
 * Stores a fit's results, then its insights in one transaction, and resolves the insights it no
 * longer finds (fatigue); returns the summary for the run record. The results are upserted a
 * statement at a time, not in one transaction: on the embedded database a transaction holds the
 * only connection, and so the API, until it ends (kernel/db/statement-size.ts); each result is its
 * subject's latest, so a run repeated after a crash rewrites them all.
 */
async function store(db: Database, workspaceId: string, model: string, runId: string, fit: AdFit) {
  let created = 0;
  let resolved = 0;
  await saveModelResults(db, workspaceId, model, runId, fit.results, statementSizes(db.kind));
  await db.transaction(async (tx) => {
    if (fit.insights.length > 0) created = await upsertInsights(tx, workspaceId, runId, fit.insights);
    if (fit.resolved) resolved = await resolveInsights(tx, workspaceId, runId, fit.resolved);
  });
  if (model === 'forecast') return { status: 'completed', ...fit.counts };
  return {
    status: 'completed',
    ...fit.counts,
    insights: fit.insights.length,
    newInsights: created,
    ...(fit.resolved ? { resolvedInsights: resolved } : {}),
  };
}

/**
 * One of the ad models that read only the series: `anomaly` (S-H-ESD + count-aware ratio tests of
 * every campaign and ad), `fatigue` (creative fatigue of every ad) or `forecast` (28-day ETS forecasts
 * of spend, conversions and revenue per campaign and per account). Stores results and insights.
 */
export async function runSeriesModel(
  model: 'anomaly' | 'fatigue' | 'forecast',
  db: Database,
  workspaceId: string,
  runId: string,
  series: WorkspaceSeriesColumns,
  fits: Fits = localFits,
) {
  return store(db, workspaceId, model, runId, await fits(model, seriesInput(model, series)));
}

/** Budget reallocation per ad account: Hill + adstock curves per campaign and the greedy allocator. */
export async function runBudgetModel(
  db: Database,
  workspaceId: string,
  runId: string,
  series: WorkspaceSeriesColumns,
  fits: Fits = localFits,
) {
  const budgets = await db.query<{ id: string; daily_budget_minor: string | null }>(
    'SELECT id, daily_budget_minor::text FROM ad_campaigns WHERE workspace_id = $1',
    [workspaceId],
  );
  const pairs = budgets.rows.map(
    (r) =>
      [r.id, r.daily_budget_minor === null ? null : Number(r.daily_budget_minor)] as [string, number | null],
  );
  const input = { series: seriesInput('budget', series), budgets: pairs };
  return store(db, workspaceId, 'budget', runId, await fits('budget', input));
}
