/**
 * The CPU-heavy part of each model run as pure functions over plain data (no database, no clock):
 * they run on the main thread ({@link localFits}) or in a worker thread (fits.worker.ts through
 * fits.pool.ts), with the same inputs and outputs. Database reads and writes stay in ads.models.ts
 * and ltv.model.ts.
 */

import { withBandColumns } from '../../../models/anomaly/band-columns.ts';
import { type SeriesScan, scanManyWith } from '../../../models/anomaly/scan.ts';
import { type DailySeries, fillMissingDays, sumSeries } from '../../../models/daily-metrics.ts';
import { fatigueAccountPrior } from '../../../models/fatigue/account-prior.ts';
import { assessFatigue } from '../../../models/fatigue/assess-fatigue.ts';
import {
  DEFAULT_FORECAST_METRICS,
  forecastMetrics,
  type SeriesForecast,
} from '../../../models/forecast/forecast-metrics.ts';
import type { AdSeries } from '../ads/ads.repository.ts';
import type { NewInsight, ResolvedInsight } from '../insights/insights.repository.ts';
import { budgetInsight, fatigueInsight, fatigueResolution } from './ads.insights.ts';
import { anomalyInsightsWithCalendar } from './anomaly.insights.ts';
import { planBudgets } from './budget.plan.ts';
import { fitLtvColumns } from './ltv.transfer.ts';
import type { ModelResult } from './model-results.ts';
import {
  type CampaignSeries,
  fromWorkspaceSeriesColumns,
  type WorkspaceSeries,
  type WorkspaceSeriesColumns,
} from './workspace-series.ts';

export type { CampaignSeries, WorkspaceSeries } from './workspace-series.ts';

/** A {@link forecastMetrics} answer as `{ [metric]: { history, ...result } }`, the stored and served shape. */
export function keyedByMetric(f: SeriesForecast): Record<string, unknown> {
  return Object.fromEntries(f.metrics.map((m) => [m.metric, { history: m.history, ...m.result }]));
}
/** Forecast horizon of stored forecasts (days). */
export const FORECAST_HORIZON = 28;

/** Results to store, insights to upsert (and to resolve: no longer found), and counts for the run's summary. */
export interface AdFit {
  results: ModelResult[];
  insights: NewInsight[];
  resolved?: ResolvedInsight[];
  counts: Record<string, unknown>;
}

/**
 * Anomaly scan (S-H-ESD + count-aware ratio tests) of every campaign, ad set and ad, and the recent
 * findings as one insight per event ({@link anomalyInsights}). Ad sets are scanned only where their
 * total is a series of its own: at least 2 ads, in a campaign of at least 2 ad sets (otherwise it
 * equals an ad's or the campaign's series). Results are stored per campaign, ad set (`ad_set`) and
 * ad: the chart data of `GET /intelligence/models/anomaly/{subjectType}/{id}`.
 */
export function fitAnomaly({ ads, campaigns, calendar = [] }: WorkspaceSeries): AdFit {
  const adSets = adSetSeries(ads);
  const results: ModelResult[] = [];
  // Each scan becomes its stored result at once, and is kept for the insights with only the bands of
  // the metrics it flagged: holding every series' bands (about ten million day objects for ten
  // thousand ads) until the last scan made a third of this fit's time garbage collection.
  const scanned = (subjectType: string, idOf: (i: number) => string) => (scan: SeriesScan, i: number) => {
    results.push({ subjectType, subjectId: idOf(i), result: withSummary(withBandColumns(scan)) });
    return flaggedBandsOnly(scan);
  };
  const campaignScans = scanManyWith(
    campaigns,
    scanned('campaign', (i) => campaigns[i].campaignId),
  );
  const adSetScans = scanManyWith(
    adSets,
    scanned('ad_set', (i) => adSets[i].adSetId),
  );
  const adScans = scanManyWith(
    ads,
    scanned('ad', (i) => ads[i].adId),
  );
  const scannedSets = new Set(adSets.map((s) => s.adSetId));
  const insights = anomalyInsightsWithCalendar(
    [
      campaigns.map((c, i) => ({
        type: 'campaign' as const,
        id: c.campaignId,
        name: c.campaignName,
        ancestors: [],
        lastDate: c.points.at(-1)?.date ?? null,
        scan: campaignScans[i],
      })),
      adSets.map((s, i) => ({
        type: 'ad_set' as const,
        id: s.adSetId,
        name: s.adSetName,
        ancestors: [`campaign:${s.campaignId}`],
        lastDate: s.points.at(-1)?.date ?? null,
        scan: adSetScans[i],
      })),
      ads.map((a, i) => ({
        type: 'ad' as const,
        id: a.adId,
        name: a.adName,
        ancestors: [
          `campaign:${a.campaignId}`,
          ...(a.adSetId && scannedSets.has(a.adSetId) ? [`ad_set:${a.adSetId}`] : []),
        ],
        lastDate: a.points.at(-1)?.date ?? null,
        scan: adScans[i],
      })),
    ],
    calendar,
  );
  const anomalies = [...campaignScans, ...adSetScans, ...adScans].reduce((n, s) => n + s.anomalies.length, 0);
  return {
    results,
    insights,
    counts: { series: results.length, anomalies, events: insights.length },
  };
}

/** An ad set's total series with the ids insights refer to. */
interface AdSetSeries extends DailySeries {
  adSetId: string;
  adSetName: string | null;
  campaignId: string;
}

/** Totals of the ad sets that are series of their own (≥ 2 ads, in a campaign of ≥ 2 ad sets), gap-filled. */
function adSetSeries(ads: readonly AdSeries[]): AdSetSeries[] {
  const bySet = new Map<string, AdSeries[]>();
  for (const a of ads) if (a.adSetId) bySet.set(a.adSetId, [...(bySet.get(a.adSetId) ?? []), a]);
  const setsPerCampaign = new Map<string, number>();
  for (const list of bySet.values())
    setsPerCampaign.set(list[0].campaignId, (setsPerCampaign.get(list[0].campaignId) ?? 0) + 1);
  return [...bySet.entries()]
    .filter(([, list]) => list.length >= 2 && (setsPerCampaign.get(list[0].campaignId) ?? 0) >= 2)
    .map(([id, list]) => ({
      ...fillMissingDays(sumSeries(id, list)),
      adSetId: id,
      adSetName: list[0].adSetName ?? null,
      campaignId: list[0].campaignId,
    }));
}

/** `scan` with the bands of only the metrics it has anomalies in (what the insights chart). */
function flaggedBandsOnly(scan: SeriesScan): SeriesScan {
  const flagged = new Set(scan.anomalies.map((a) => a.metric));
  const bands: SeriesScan['bands'] = {};
  for (const m of flagged) if (scan.bands[m]) bands[m] = scan.bands[m];
  return { ...scan, bands };
}

function withSummary<T extends { anomalies: { date: string }[] }>(scan: T) {
  const last = scan.anomalies.at(-1);
  return { summary: { anomalies: scan.anomalies.length, lastAnomalyDate: last?.date ?? null }, ...scan };
}

/**
 * Creative fatigue assessment of every ad: an insight per fatigued or warned-about ad, and the
 * insight to resolve of every ad now found healthy ({@link fatigueResolution}).
 */
export function fitFatigue({ ads }: WorkspaceSeries): AdFit {
  // Each ad account's creatives share an empirical-Bayes prior on the daily CTR trend
  // (account-prior.ts), so a low-volume ad gets a usable estimate; each series as of its own last day.
  const byAccount = new Map<string, AdSeries[]>();
  for (const a of ads) {
    const list = byAccount.get(a.accountId);
    if (list) list.push(a);
    else byAccount.set(a.accountId, [a]);
  }
  const priors = new Map([...byAccount].map(([id, list]) => [id, fatigueAccountPrior(list)]));
  const assessed = ads.map((a) => {
    const prior = priors.get(a.accountId);
    return { ad: a, fatigue: assessFatigue(a, prior ? { prior } : {}) };
  });
  const insights = assessed.flatMap(({ ad, fatigue }) => {
    const i = fatigueInsight(ad, fatigue);
    return i ? [i] : [];
  });
  const resolved = assessed.flatMap(({ ad, fatigue }) => {
    const r = fatigueResolution(ad, fatigue);
    return r ? [r] : [];
  });
  const results = assessed.map(({ ad, fatigue }) => ({
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
  }));
  const byStatus: Record<string, number> = {};
  for (const { fatigue } of assessed) byStatus[fatigue.status] = (byStatus[fatigue.status] ?? 0) + 1;
  return { results, insights, resolved, counts: { ads: ads.length, byStatus } };
}

/** 28-day ETS forecasts of spend, conversions and revenue per campaign and per account. */
export function fitForecast({ campaigns }: WorkspaceSeries): AdFit {
  const byAccount = groupByAccount(campaigns);
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
    const f = forecastMetrics(series, DEFAULT_FORECAST_METRICS, FORECAST_HORIZON);
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
  return { results, insights: [], counts: { subjects: subjects.length, forecasts: ok } };
}

/**
 * Budget reallocation per ad account: Hill + adstock curves per campaign and the greedy allocator.
 * `budgets`: `[campaignId, recorded daily budget in minor units or null]` pairs.
 */
export function fitBudget(input: { series: WorkspaceSeries; budgets: [string, number | null][] }): AdFit {
  const budgetOf = new Map(input.budgets);
  const byAccount = groupByAccount(input.series.campaigns);
  const results: ModelResult[] = [];
  const insights: NewInsight[] = [];
  for (const [accountId, list] of byAccount) {
    const plan = planBudgets(list, budgetOf);
    results.push({ subjectType: 'account', subjectId: accountId, result: plan });
    const insight = budgetInsight(accountId, plan);
    if (insight) insights.push(insight);
  }
  return { results, insights, counts: { accounts: byAccount.size } };
}

function groupByAccount(campaigns: readonly CampaignSeries[]): Map<string, CampaignSeries[]> {
  const byAccount = new Map<string, CampaignSeries[]>();
  for (const c of campaigns) byAccount.set(c.accountId, [...(byAccount.get(c.accountId) ?? []), c]);
  return byAccount;
}

/** Every fit by model name: what a worker thread exposes and {@link Fits} dispatches to. */
export const FIT_FUNCTIONS = {
  ltv: fitLtvColumns,
  anomaly: fitAnomaly,
  fatigue: fitFatigue,
  forecast: fitForecast,
  budget: fitBudget,
} as const;
export type FitName = keyof typeof FIT_FUNCTIONS;

type FitArgument<N extends FitName> = Parameters<(typeof FIT_FUNCTIONS)[N]>[0];

/** What each fit is given through {@link Fits}: the ad fits' series as columns (workspace-series.ts). */
export interface FitInputs {
  ltv: FitArgument<'ltv'>;
  anomaly: WorkspaceSeriesColumns;
  fatigue: WorkspaceSeriesColumns;
  forecast: WorkspaceSeriesColumns;
  budget: Omit<FitArgument<'budget'>, 'series'> & { series: WorkspaceSeriesColumns };
}

/** `input` as fit `name`'s function takes it: the ad series' points rebuilt from their columns. */
export function fitArgument<N extends FitName>(name: N, input: FitInputs[N]): FitArgument<N> {
  if (name === 'ltv') return input as FitArgument<N>;
  if (name === 'budget') {
    const budget = input as FitInputs['budget'];
    return { ...budget, series: fromWorkspaceSeriesColumns(budget.series) } as FitArgument<N>;
  }
  return fromWorkspaceSeriesColumns(input as WorkspaceSeriesColumns) as FitArgument<N>;
}

/** Runs a fit by name, here or in a worker thread; inputs and outputs are plain data either way. */
export type Fits = <N extends FitName>(
  name: N,
  input: FitInputs[N],
) => Promise<ReturnType<(typeof FIT_FUNCTIONS)[N]>>;

/** Fits on the calling thread (the CLI, tests, and servers configured with `INTEL_THREADS=0`). */
export const localFits: Fits = async <N extends FitName>(name: N, input: FitInputs[N]) =>
  (FIT_FUNCTIONS[name] as (i: FitArgument<N>) => ReturnType<(typeof FIT_FUNCTIONS)[N]>)(
    fitArgument(name, input),
  );
