import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { scanMany } from '../models/anomaly/scan.ts';
import { type DailySeries, fillMissingDays, sumSeries } from '../models/daily-metrics.ts';
import { assessFatigue } from '../models/fatigue/assess-fatigue.ts';
import { DEFAULT_FORECAST_METRICS, forecastMetrics } from '../models/forecast/forecast-metrics.ts';
import { keyedByMetric } from '../modules/intelligence/runs/ads.models.ts';
import { planBudgets } from '../modules/intelligence/runs/budget.plan.ts';
import { type AD_PRESETS, runImportPreview } from './intel-read.ts';

/** Options shared by the ad-model commands (`omnify intel anomalies|fatigue|forecast|budget`). */
export interface IntelAdsOptions {
  /** The ads CSV. */
  ads: string;
  /** A preset name (see `omnify help`) or none with `mapping`. */
  preset?: (typeof AD_PRESETS)[number];
  /** Path of a mapping JSON document (docs/intelligence/import.md). */
  mapping?: string;
  /** Preset parameters from the command line: date, year, currency. */
  presetOptions: Record<string, unknown>;
  level: 'campaign' | 'ad';
  horizon: number;
  json: boolean;
}

/** Ad and campaign series from the CSV (gap-filled), with the rows that could not be read reported. */
export function readAdSeries(opts: IntelAdsOptions): {
  ads: DailySeries[];
  campaigns: DailySeries[];
  errors: number;
} {
  const mapping = opts.mapping ? JSON.parse(readFileSync(opts.mapping, 'utf8')) : undefined;
  const { records, errors } = runImportPreview(readFileSync(opts.ads), {
    preset: opts.preset,
    mapping,
    options: { accountExternalId: basename(opts.ads), ...opts.presetOptions },
  });
  const byAd = new Map<string, DailySeries>();
  for (const r of records) {
    const key = `${r.campaignExternalId}/${r.adSetExternalId ?? '(all)'}/${r.adExternalId ?? '(all)'}`;
    const s = byAd.get(key) ?? { key, currency: r.currency, points: [] };
    s.points.push({
      date: r.date,
      impressions: r.impressions,
      clicks: r.clicks,
      spendMinor: r.spendMinor,
      conversions: r.conversions,
      revenueMinor: r.revenueMinor,
    });
    byAd.set(key, s);
  }
  const ads = [...byAd.values()].map((s) => fillMissingDays(sumSeries(s.key, [s])));
  const groups = new Map<string, DailySeries[]>();
  for (const a of ads) {
    const c = a.key.split('/')[0];
    groups.set(c, [...(groups.get(c) ?? []), a]);
  }
  const campaigns = [...groups.entries()].map(([k, list]) => fillMissingDays(sumSeries(k, list)));
  return { ads, campaigns, errors };
}

/** `omnify intel anomalies`: S-H-ESD and count-aware ratio tests per campaign (or ad). */
export function runIntelAnomalies(opts: IntelAdsOptions): number {
  const { ads, campaigns, errors } = readAdSeries(opts);
  const scans = scanMany(opts.level === 'ad' ? ads : campaigns, { bands: false });
  if (opts.json) {
    console.log(
      JSON.stringify({
        skippedRows: errors,
        series: scans.map(({ key, anomalies, metrics }) => ({ key, anomalies, metrics })),
      }),
    );
    return 0;
  }
  for (const s of scans) {
    console.log(`${s.key}: ${s.anomalies.length} anomalies`);
    for (const a of s.anomalies.slice(-10)) {
      console.log(
        `  ${a.date} ${a.metric} ${a.direction}: ${a.value} (expected ${a.expected.toFixed(2)}, ${a.method}, score ${a.score.toFixed(1)})`,
      );
    }
  }
  return 0;
}

/** `omnify intel fatigue`: wear-out assessment of every ad. */
export function runIntelFatigue(opts: IntelAdsOptions): number {
  const { ads, errors } = readAdSeries(opts);
  const out = ads.map((a) => assessFatigue(a));
  if (opts.json) {
    console.log(
      JSON.stringify({
        skippedRows: errors,
        ads: out.map(({ timeline: _t, projection: _p, ...rest }) => rest),
      }),
    );
    return 0;
  }
  const counts: Record<string, number> = {};
  for (const f of out) counts[f.status] = (counts[f.status] ?? 0) + 1;
  console.log(
    `${out.length} ads: ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );
  for (const f of out.filter((x) => x.status === 'warning' || x.status === 'fatigued')) {
    console.log(`  ${f.key}: ${f.status} — ${f.evidence.summary}`);
  }
  return 0;
}

/** `omnify intel forecast`: ETS forecasts of spend, conversions and revenue per campaign (or ad). */
export function runIntelForecast(opts: IntelAdsOptions): number {
  const { ads, campaigns, errors } = readAdSeries(opts);
  const list = opts.level === 'ad' ? ads : campaigns;
  const out = list.map((s) => forecastMetrics(s, DEFAULT_FORECAST_METRICS, opts.horizon));
  if (opts.json) {
    const series = out.map((f) => ({
      key: f.key,
      currency: f.currency,
      lastDay: f.lastDate,
      metrics: keyedByMetric(f),
    }));
    console.log(JSON.stringify({ skippedRows: errors, series }));
    return 0;
  }
  for (const f of out) {
    for (const { metric, result } of f.metrics) {
      if (result.status === 'insufficient_data') console.log(`${f.key} ${metric}: ${result.reason}`);
      else {
        const total = result.forecast.reduce((t, p) => t + p.mean, 0);
        console.log(`${f.key} ${metric}: ${result.model}, next ${opts.horizon} days ≈ ${total.toFixed(0)}`);
      }
    }
  }
  return 0;
}

/** `omnify intel budget`: response curves per campaign and the reallocation of today's daily spend. */
export function runIntelBudget(opts: IntelAdsOptions): number {
  const { campaigns, errors } = readAdSeries(opts);
  const plan = planBudgets(
    campaigns.map((c) => ({ ...c, campaignId: c.key, campaignName: c.key })),
    new Map(),
  );
  if (opts.json) {
    console.log(JSON.stringify({ skippedRows: errors, ...plan }));
    return 0;
  }
  console.log(plan.summary.reason);
  for (const c of plan.allocation?.campaigns ?? []) {
    console.log(
      `  ${c.id}: ${(c.before / 100).toFixed(2)} → ${(c.after / 100).toFixed(2)} per day (${plan.currency})`,
    );
  }
  return 0;
}
