/**
 * The ad models' runs for one workspace: each reads the stored daily metrics, runs the model of
 * src/intelligence/{anomaly,fatigue,forecast,budget}, stores the result and chart data per subject
 * (`model_results`) and turns what needs attention into insights. Every write is an upsert, so a run
 * can be repeated (a crashed job is retried from the start).
 */
import type { Database } from '../../db/database.ts';
import { type AdSeries, loadAdSeries } from '../ads/ads.repository.ts';
import { type DailySeries, fillMissingDays, sumSeries } from '../ads/daily-metrics.ts';
import { scanMany } from '../anomaly/scan.ts';
import { assessFatigue } from '../fatigue/assess-fatigue.ts';
import {
  DEFAULT_FORECAST_METRICS,
  forecastMetrics,
  type SeriesForecast,
} from '../forecast/forecast-metrics.ts';
import { type NewInsight, upsertInsights } from '../insights/insights.repository.ts';
import { anomalyInsights, budgetInsight, fatigueInsight } from './ads.insights.ts';
import { planBudgets } from './budget.plan.ts';
import { type ModelResult, saveModelResults } from './model-results.ts';

/** Every ad's series and every campaign's total, as the ad models read them. */
export interface WorkspaceSeries {
  ads: AdSeries[];
  campaigns: CampaignSeries[];
}

/** A campaign's total series with the ids insights refer to. */
export interface CampaignSeries extends DailySeries {
  campaignId: string;
  campaignName: string | null;
  accountId: string;
}

/** Ad series plus campaign totals, each gap-filled from its first to its last day. */
export async function loadWorkspaceSeries(db: Database, workspaceId: string): Promise<WorkspaceSeries> {
  const ads = (await loadAdSeries(db, workspaceId)).map((s) => ({ ...s, ...fillMissingDays(s) }) as AdSeries);
  const byCampaign = new Map<string, AdSeries[]>();
  for (const a of ads) byCampaign.set(a.campaignId, [...(byCampaign.get(a.campaignId) ?? []), a]);
  const campaigns: CampaignSeries[] = [...byCampaign.values()].map((list) => ({
    ...fillMissingDays(sumSeries(list[0].campaignId, list)),
    campaignId: list[0].campaignId,
    campaignName: list[0].campaignName,
    accountId: list[0].accountId,
  }));
  return { ads, campaigns };
}

/** Anomaly scan (S-H-ESD + count-aware ratio tests) of every campaign and ad. */
export async function runAnomalyModel(
  db: Database,
  workspaceId: string,
  runId: string,
  { ads, campaigns }: WorkspaceSeries,
) {
  const campaignScans = scanMany(campaigns);
  const adScans = scanMany(ads);
  const results: ModelResult[] = [
    ...campaigns.map((c, i) => ({
      subjectType: 'campaign',
      subjectId: c.campaignId,
      result: withSummary(campaignScans[i]),
    })),
    ...ads.map((a, i) => ({ subjectType: 'ad', subjectId: a.adId, result: withSummary(adScans[i]) })),
  ];
  const insights = anomalyInsights(
    campaigns.map((c, i) => ({
      subjectType: 'campaign' as const,
      id: c.campaignId,
      name: c.campaignName,
      scan: campaignScans[i],
    })),
    ads.map((a, i) => ({ subjectType: 'ad' as const, id: a.adId, name: a.adName, scan: adScans[i] })),
  );
  let created = 0;
  await db.transaction(async (tx) => {
    await saveModelResults(tx, workspaceId, 'anomaly', runId, results);
    created = await upsertInsights(tx, workspaceId, runId, insights);
  });
  const anomalies = [...campaignScans, ...adScans].reduce((n, s) => n + s.anomalies.length, 0);
  return {
    status: 'completed',
    series: results.length,
    anomalies,
    insights: insights.length,
    newInsights: created,
  };
}

function withSummary<T extends { anomalies: { date: string }[] }>(scan: T) {
  const last = scan.anomalies.at(-1);
  return { summary: { anomalies: scan.anomalies.length, lastAnomalyDate: last?.date ?? null }, ...scan };
}

/** Creative fatigue assessment of every ad. */
export async function runFatigueModel(
  db: Database,
  workspaceId: string,
  runId: string,
  { ads }: WorkspaceSeries,
) {
  const assessed = ads.map((a) => ({ ad: a, fatigue: assessFatigue(a) }));
  const insights = assessed.flatMap(({ ad, fatigue }) => {
    const i = fatigueInsight(ad, fatigue);
    return i ? [i] : [];
  });
  let created = 0;
  await db.transaction(async (tx) => {
    await saveModelResults(
      tx,
      workspaceId,
      'fatigue',
      runId,
      assessed.map(({ ad, fatigue }) => ({
        subjectType: 'ad',
        subjectId: ad.adId,
        result: {
          summary: {
            name: ad.adName,
            status: fatigue.status,
            baselineCtr: fatigue.baselineCtr,
            currentCtr: fatigue.currentCtr,
            predictedCrossingDate: fatigue.predictedCrossingDate,
            daysUntilCrossing: fatigue.daysUntilCrossing,
          },
          ...fatigue,
        },
      })),
    );
    created = await upsertInsights(tx, workspaceId, runId, insights);
  });
  const byStatus: Record<string, number> = {};
  for (const { fatigue } of assessed) byStatus[fatigue.status] = (byStatus[fatigue.status] ?? 0) + 1;
  return { status: 'completed', ads: ads.length, byStatus, insights: insights.length, newInsights: created };
}

const FORECAST_METRICS = DEFAULT_FORECAST_METRICS;

/** A {@link forecastMetrics} answer as `{ [metric]: { history, ...result } }`, the stored and served shape. */
export function keyedByMetric(f: SeriesForecast): Record<string, unknown> {
  return Object.fromEntries(f.metrics.map((m) => [m.metric, { history: m.history, ...m.result }]));
}
/** Forecast horizon of stored forecasts (days). */
export const FORECAST_HORIZON = 28;

/** 28-day ETS forecasts of spend, conversions and revenue per campaign and per account. */
export async function runForecastModel(
  db: Database,
  workspaceId: string,
  runId: string,
  { campaigns }: WorkspaceSeries,
) {
  const byAccount = new Map<string, CampaignSeries[]>();
  for (const c of campaigns) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);
  const subjects = [
    ...campaigns.map((c) => ({ subjectType: 'campaign', subjectId: c.campaignId, series: c as DailySeries })),
    ...[...byAccount.entries()].map(([id, list]) => ({
      subjectType: 'account',
      subjectId: id,
      series: fillMissingDays(sumSeries(id, list)),
    })),
  ];
  let ok = 0;
  const results: ModelResult[] = subjects.map(({ subjectType, subjectId, series }) => {
    const f = forecastMetrics(series, FORECAST_METRICS, FORECAST_HORIZON);
    const summary: Record<string, unknown> = { lastDay: f.lastDate, horizon: FORECAST_HORIZON };
    for (const m of f.metrics) {
      if (m.result.status !== 'ok') continue;
      ok++;
      summary[m.metric] = {
        model: m.result.model,
        next7: Math.round(m.result.forecast.slice(0, 7).reduce((t, p) => t + p.mean, 0)),
      };
    }
    return {
      subjectType,
      subjectId,
      result: { summary, currency: series.currency, metrics: keyedByMetric(f) },
    };
  });
  await saveModelResults(db, workspaceId, 'forecast', runId, results);
  return { status: 'completed', subjects: subjects.length, forecasts: ok };
}

/** Budget reallocation per ad account: Hill + adstock curves per campaign and the greedy allocator. */
export async function runBudgetModel(
  db: Database,
  workspaceId: string,
  runId: string,
  { campaigns }: WorkspaceSeries,
) {
  const budgets = await db.query<{ id: string; daily_budget_minor: string | null }>(
    'SELECT id, daily_budget_minor::text FROM ad_campaigns WHERE workspace_id = $1',
    [workspaceId],
  );
  const budgetOf = new Map(
    budgets.rows.map((r) => [r.id, r.daily_budget_minor === null ? null : Number(r.daily_budget_minor)]),
  );
  const byAccount = new Map<string, CampaignSeries[]>();
  for (const c of campaigns) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);
  const results: ModelResult[] = [];
  const insights: NewInsight[] = [];
  for (const [accountId, list] of byAccount) {
    const plan = planBudgets(list, budgetOf);
    results.push({ subjectType: 'account', subjectId: accountId, result: plan });
    const insight = budgetInsight(accountId, plan);
    if (insight) insights.push(insight);
  }
  let created = 0;
  await db.transaction(async (tx) => {
    await saveModelResults(tx, workspaceId, 'budget', runId, results);
    created = await upsertInsights(tx, workspaceId, runId, insights);
  });
  return { status: 'completed', accounts: byAccount.size, insights: insights.length, newInsights: created };
}
