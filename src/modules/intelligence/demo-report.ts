/**
 * Runs every model on the generated demo data (src/modules/intelligence/demo) and sets what each found next
 * to the truth that generated the data — the `omnify intel demo` report. Pure: no database.
 */

import { addDays } from '../../kernel/dates/calendar-day.ts';
import { currencyExponent } from '../../kernel/money/currency.ts';
import { formatMinorUnits } from '../../kernel/money/format-minor.ts';
import { scanMany } from '../../models/anomaly/scan.ts';
import { type DailySeries, fillMissingDays, sumSeries } from '../../models/daily-metrics.ts';
import { assessFatigue } from '../../models/fatigue/assess-fatigue.ts';
import { mase, seasonalNaiveForecast } from '../../models/forecast/accuracy.ts';
import { forecastSeries } from '../../models/forecast/forecast.ts';
import {
  chooseChurnThreshold,
  chooseChurnThresholdByExpectedF1,
  churnCallQuality,
} from '../../models/ltv/churn-threshold.ts';
import { ltvReport } from '../../models/ltv/ltv.report.ts';
import type { AdSeries } from './ads/ads.repository.ts';
import { type AdDemo, generateAdDemo } from './demo/ad-demo.ts';
import { generateCustomerDemo } from './demo/customer-demo.ts';
import { ANOMALY_RECENT_DAYS } from './runs/anomaly.insights.ts';
import { planBudgets } from './runs/budget.plan.ts';
import { type CampaignSeries, fitAnomaly, type WorkspaceSeries } from './runs/fits.ts';
import { CHURN_P_ALIVE, chooseChurnRule } from './runs/ltv.fit.ts';

/** Ad and campaign series of the demo account keyed by external id. */
export function demoSeries(demo: AdDemo): {
  ads: DailySeries[];
  campaigns: (DailySeries & { campaignId: string; campaignName: string })[];
} {
  const ads: DailySeries[] = [];
  const campaigns = demo.campaigns.map((c) => {
    const list = c.adSets.flatMap((s) => s.ads.map((a) => ({ ...a.series, key: a.externalId })));
    ads.push(...list);
    return {
      ...fillMissingDays(sumSeries(c.externalId, list)),
      campaignId: c.externalId,
      campaignName: c.name,
    };
  });
  return { ads, campaigns };
}

/**
 * The demo account as a model run reads it from the database (`loadWorkspaceSeries`), with the
 * external ids standing for the database ids: ads with their ad set and campaign, campaign totals.
 */
export function demoWorkspaceSeries(demo: AdDemo): WorkspaceSeries {
  const ads: AdSeries[] = [];
  const campaigns: CampaignSeries[] = [];
  for (const c of demo.campaigns) {
    const list = c.adSets.flatMap((s) =>
      s.ads.map((a) => ({
        ...a.series,
        key: a.externalId,
        adId: a.externalId,
        adName: a.name,
        adStatus: 'active',
        adSetId: s.externalId,
        adSetName: s.name,
        campaignId: c.externalId,
        campaignName: c.name,
        accountId: demo.account.externalId,
      })),
    );
    ads.push(...list);
    campaigns.push({
      ...fillMissingDays(sumSeries(c.externalId, list)),
      campaignId: c.externalId,
      campaignName: c.name,
      accountId: demo.account.externalId,
    });
  }
  return { ads, campaigns };
}

/**
 * The "likely gone" call on the demo customers against their truth. `calls`: one per repeat
 * customer, the model's P(alive) and whether the simulation had them gone. Returns, each with
 * precision, recall, F1 and share flagged among repeat customers ({@link churnCallQuality}):
 * - `rule` / `after`: the rule every workspace run uses ({@link chooseChurnRule}: highest expected
 *   F1 with an expected-precision floor, chosen from the P(alive) alone), and its call;
 * - `uncapped`: the highest expected F1 without the floor and the ½ cap
 *   ({@link chooseChurnThresholdByExpectedF1} with its defaults);
 * - `precisionTarget`: a 95 %-expected-precision rule ({@link chooseChurnThreshold}, capped at ½),
 *   which loses recall where P(alive) separates less;
 * - `before`: the fixed P(alive) < 0.5.
 */
export function churnCallReport(calls: readonly { pAlive: number; gone: boolean }[]) {
  const pAlive = calls.map((c) => c.pAlive);
  const rule = chooseChurnRule(pAlive);
  const uncapped = chooseChurnThresholdByExpectedF1(pAlive);
  const target = chooseChurnThreshold(pAlive, { targetPrecision: 0.95, maxThreshold: CHURN_P_ALIVE });
  return {
    rule,
    before: churnCallQuality(calls, CHURN_P_ALIVE),
    uncapped: { rule: uncapped, quality: churnCallQuality(calls, uncapped.threshold) },
    precisionTarget: { rule: target, quality: churnCallQuality(calls, target.threshold) },
    after: churnCallQuality(calls, rule.threshold),
  };
}

/** The demo report: per model, the truth and what was found. Numbers rounded for reading. */
export function demoReport(seed = 42, now = new Date()) {
  const customers = generateCustomerDemo({ seed });
  const t = customers.truth;
  const ltv = ltvReport(
    // Spend parameters (v) are in major units in the truth, so amounts are too.
    customers.orders.map((o) => ({
      customerId: o.customerId,
      date: o.date,
      amount: o.amountMinor / 10 ** currencyExponent(customers.currency),
    })),
    t.calibrationEnd,
    t.holdoutEnd,
  );
  const alive = new Map(t.perCustomer.map((c) => [c.customerId, c.aliveAtCalibrationEnd]));
  const meanP = (want: boolean) => {
    const xs = ltv.customers.filter((c) => alive.get(c.customerId) === want).map((c) => c.pAlive);
    return xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
  };

  // The call on repeat customers (P(alive) = 1 without a repeat purchase), truth at calibration end.
  const churn = churnCallReport(
    ltv.customers
      .filter((c) => c.frequency >= 1)
      .map((c) => ({ pAlive: c.pAlive, gone: !alive.get(c.customerId) })),
  );

  const ads = generateAdDemo({ seed, now });
  const { ads: adSeries, campaigns } = demoSeries(ads);
  // What the anomaly model turns into insights: recent findings at campaign and ad level (one
  // insight each before events were grouped) and the events they form.
  const anomalyFit = fitAnomaly(demoWorkspaceSeries(ads));
  const since = addDays(ads.truth.endDate, -ANOMALY_RECENT_DAYS + 1);
  const recentFindings = anomalyFit.results
    .filter((r) => r.subjectType !== 'ad_set')
    .reduce(
      (n, r) =>
        n + (r.result as { anomalies: { date: string }[] }).anomalies.filter((a) => a.date >= since).length,
      0,
    );
  const scans = new Map(
    [...scanMany(adSeries, { bands: false }), ...scanMany(campaigns, { bands: false })].map((s) => [
      s.key,
      s,
    ]),
  );
  const anomalies = ads.truth.anomalies.map((a) => {
    // Scanned series are keyed by external id, ads and campaigns alike.
    const hits = (scans.get(a.key)?.anomalies ?? []).filter(
      (x) => x.date >= a.date && x.date <= a.endDate && a.affects.includes(x.metric),
    );
    return {
      truth: `${a.kind} ×${a.factor} of ${a.metric} on ${a.key} ${a.date}${a.days > 1 ? `…${a.endDate}` : ''}`,
      detected: hits.length > 0,
      flags: hits.map((h) => `${h.metric} ${h.date}`),
    };
  });
  const injectedDays = (key: string, date: string) =>
    ads.truth.anomalies.some((a) => a.key === key && date >= a.date && date <= a.endDate);
  const otherFlags = [...scans.values()].reduce(
    (n, s) => n + s.anomalies.filter((x) => !injectedDays(s.key, x.date)).length,
    0,
  );

  const fatigue = ads.truth.fatigue.map((f) => {
    const series = adSeries.find((s) => s.key === f.adExternalId)!;
    const got = assessFatigue(series);
    return {
      ad: f.adExternalId,
      truthCrossing: f.crossingDate,
      status: got.status,
      predictedCrossing: got.predictedCrossingDate,
      interval: got.interval,
    };
  });

  const forecast = campaigns.map((c) => {
    const h = 28;
    const spend = c.points.map((p) => p.conversions);
    const train = spend.slice(0, -h);
    const test = spend.slice(-h);
    const f = forecastSeries(train, { horizon: h });
    const ets =
      f.status === 'ok'
        ? mase(
            test,
            f.forecast.map((p) => p.mean),
            train,
          )
        : null;
    const naive = mase(test, seasonalNaiveForecast(train, h), train);
    return {
      campaign: c.campaignId,
      metric: 'conversions',
      horizon: h,
      model: f.status === 'ok' ? f.model : f.status,
      maseEts: ets,
      maseSeasonalNaive: naive,
    };
  });

  const budgetOf = new Map(ads.campaigns.map((c) => [c.externalId, c.dailyBudgetMinor] as [string, number]));
  const plan = planBudgets(campaigns, budgetOf);
  const budget = ads.truth.hill.map((h) => {
    const a = plan.allocation?.campaigns.find((c) => c.id === h.campaignExternalId);
    return {
      campaign: h.campaignExternalId,
      regime: h.regime,
      before: a?.before ?? null,
      after: a?.after ?? null,
    };
  });

  return {
    ltv: {
      truth: { r: t.r, alpha: t.alpha, a: t.a, b: t.b, p: t.p, q: t.q, v: t.v },
      fitted: { ...ltv.bgnbd, ...(ltv.gammaGamma ?? {}) },
      holdout: ltv.holdout && { predicted: ltv.holdout.predicted, actual: ltv.holdout.actual },
      meanPAliveOfAlive: meanP(true),
      meanPAliveOfChurned: meanP(false),
      churn,
    },
    anomalies: {
      injected: anomalies,
      otherFlags,
      insights: {
        recentFindings,
        events: anomalyFit.insights.length,
        titles: anomalyFit.insights.map((i) => i.title),
      },
    },
    fatigue,
    forecast,
    budget: { summary: plan.summary, currency: plan.currency, campaigns: budget },
  };
}

/** The report as readable text lines. */
export function formatDemoReport(r: ReturnType<typeof demoReport>): string[] {
  const f3 = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x.toPrecision(3));
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);
  const out: string[] = [];
  const L = r.ltv;
  out.push('LTV (BG/NBD + Gamma-Gamma) on simulated customers — truth → fitted');
  for (const k of ['r', 'alpha', 'a', 'b', 'p', 'q', 'v'] as const)
    out.push(`  ${k.padEnd(5)} ${f3(L.truth[k])} → ${f3((L.fitted as Record<string, number>)[k])}`);
  if (L.holdout)
    out.push(
      `  holdout repeat purchases: predicted ${L.holdout.predicted.toFixed(0)}, actual ${L.holdout.actual}`,
    );
  out.push(
    `  mean P(alive): ${f3(L.meanPAliveOfAlive)} for customers truly alive, ${f3(L.meanPAliveOfChurned)} for those who churned`,
  );
  const c = L.churn;
  const q = (x: typeof c.before) =>
    `P(alive) < ${x.threshold}: ${x.flagged} flagged (${pct(x.shareFlagged)}), precision ${pct(x.precision)}, recall ${pct(x.recall)}`;
  out.push(
    `  likely gone at the calibration end (${c.before.gone} of ${c.before.customers} repeat customers truly gone):`,
  );
  out.push(`    fixed            ${q(c.before)}`);
  out.push(
    `    95 % precision   ${q(c.precisionTarget.quality)} (chosen for an expected precision of ${pct(c.precisionTarget.rule.targetPrecision)})`,
  );
  out.push(`    uncapped F1      ${q(c.uncapped.quality)} (highest expected F1, no floor, no ½ cap)`);
  out.push(
    `    Omnify's rule    ${q(c.after)} (highest expected F1 with expected precision ≥ ${pct(c.rule.minExpectedPrecision)}, P(alive) < ½; chosen from P(alive) alone: expected precision ${pct(c.rule.expectedPrecision)}, recall ${pct(c.rule.expectedRecall)})`,
  );
  out.push('Anomalies — injected → found');
  for (const a of r.anomalies.injected)
    out.push(
      `  ${a.detected ? 'found ' : 'MISSED'} ${a.truth}${a.flags.length ? ` (${a.flags.slice(0, 3).join(', ')})` : ''}`,
    );
  out.push(`  other flagged days (natural noise or false alarms): ${r.anomalies.otherFlags}`);
  const ai = r.anomalies.insights;
  out.push(
    `  insights: ${ai.events} events from ${ai.recentFindings} flagged days of campaigns and ads in the last ${ANOMALY_RECENT_DAYS} days`,
  );
  for (const title of ai.titles) out.push(`    ${title}`);
  out.push('Creative fatigue — true crossing → assessed');
  for (const f of r.fatigue)
    out.push(
      `  ${f.ad}: truth ${f.truthCrossing ?? 'none'} → ${f.status}${f.predictedCrossing ? `, predicted ${f.predictedCrossing} (${f.interval?.from} … ${f.interval?.to ?? 'later'})` : ''}`,
    );
  out.push('Forecast — 28-day holdout MASE (lower is better), ETS vs seasonal naive');
  for (const f of r.forecast)
    out.push(`  ${f.campaign} ${f.metric}: ${f.model} ${f3(f.maseEts)} vs ${f3(f.maseSeasonalNaive)}`);
  out.push('Budget — true regime → proposed daily budget');
  // Daily budgets in whole units of the account's currency (scaled by its own ISO 4217 exponent).
  const money = (minor: number | null) => formatMinorUnits(minor, r.budget.currency, { whole: true });
  for (const b of r.budget.campaigns)
    out.push(
      `  ${b.campaign} (${b.regime}): ${b.before === null ? 'not moved' : `${money(b.before)} → ${money(b.after)}`}`,
    );
  out.push(`  ${r.budget.summary.reason}`);
  return out;
}
