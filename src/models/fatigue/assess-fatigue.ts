import { addDays, daysBetween } from '../../kernel/dates/calendar-day.ts';
import type { DailySeries } from '../daily-metrics.ts';
import { cutToAsOf } from './ad-life.ts';
import { assessWithPrior } from './assess-with-prior.ts';
import { costPerResultTrend as fitCostTrend } from './cost-trend.ts';
import { predictCrossingExposure } from './crossing.ts';
import {
  type CrossingTimeInput,
  crossingDayQuantile,
  crossingProbabilityBy,
  paceLogSd,
} from './crossing-time.ts';
import { dailyCtrTrend } from './daily-trend.ts';
import type { FatigueAssessment, FatigueEvidence, FatigueStatus } from './fatigue-assessment.ts';
import { type FatigueOptions, resolveFatigueOptions } from './fatigue-options.ts';
import { buildProjection, buildTimeline, formatSummary } from './fatigue-timeline.ts';
import { fitWearOut, wearOutCovariance } from './wear-out-fit.ts';
import { ctrAt, exposureDays } from './wear-out-model.ts';

/**
 * Creative-fatigue assessment of one ad (one {@link DailySeries}) as of one day: fits the wear-out
 * curve CTR(E) = c∞ + (c₀ − c∞)·e^(−kE) by quasi-binomial maximum likelihood (`wear-out-fit.ts`),
 * tests it against a flat CTR, and, when significant, dates the crossing of thresholdRatio × baseline
 * by extrapolating exposure at the recent daily pace (`crossing.ts`). The crossing-date interval
 * carries both the delta-method uncertainty of the crossing exposure and that of the future pace
 * (`crossing-time.ts`, Hahn & Meeker's prediction interval for a future mean), and
 * `evidence.crossingProbability` is P(crossing within the warning window).
 * With `options.prior` (the account's empirical-Bayes prior, `account-prior.ts`), an ad short only of
 * impressions or clicks is dated from its posterior daily CTR trend (`prior-crossing.ts`) instead of
 * `insufficient_data` (`evidence.basis: 'account_prior'`).
 * Also reports the cost-per-click and cost-per-conversion trends (`cost-trend.ts`) and the chart data.
 * Method and sources: docs/intelligence/fatigue.md.
 *
 * Status: `fatigued` needs the fitted curve past the threshold and the recent observed CTR below it
 * (a fitted crossing the recent data contradict is a `warning`); `warning` also when the predicted
 * (median) crossing is at most `warningWindowDays` ahead. Missing days count as days without
 * impressions. The ad's life starts at its first day with impressions; the baseline is its first
 * `baselineDays` calendar days. Throws `OMNIFY_ERR_VALIDATION` on invalid options or points (see
 * `resolveFatigueOptions`); too little data is not an error but status `insufficient_data` with a
 * reason.
 */
export function assessFatigue(series: DailySeries, options: FatigueOptions = {}): FatigueAssessment {
  const o = resolveFatigueOptions(series, options);
  const perDay = o.exposureAxis === 'impressions';
  const decayRateUnit = perDay ? 'per_1000_impressions' : 'per_day';
  const points = cutToAsOf(series, o.asOf);
  const asOf = o.asOf ?? points[points.length - 1]?.date ?? null;
  const first = points.findIndex((p) => p.impressions > 0);
  const life = first < 0 ? [] : points.slice(first);
  const n = life.map((p) => p.impressions);
  const y = life.map((p) => Math.min(p.clicks, p.impressions));
  const days = exposureDays(n, y, o.exposureAxis);
  const activeDays = n.filter((v) => v > 0).length;
  const impressions = n.reduce((s, v) => s + v, 0);
  const clicks = y.reduce((s, v) => s + v, 0);
  const costWindow = life.slice(-o.costTrendDays);
  const costPerResultTrend = {
    cpc: fitCostTrend(costWindow, 'cpc'),
    cpa: fitCostTrend(costWindow, 'cpa'),
  };
  const recent = life.slice(-o.recentDays);
  const recentImpressions = recent.reduce((s, p) => s + p.impressions, 0);
  const currentCtr =
    recentImpressions > 0
      ? y.slice(life.length - recent.length).reduce((s, v) => s + v, 0) / recentImpressions
      : null;
  const baselineWindow = life.slice(0, o.baselineDays);
  const baseImpressions = baselineWindow.reduce((s, p) => s + p.impressions, 0);
  const observedBaselineCtr =
    baseImpressions > 0 ? y.slice(0, o.baselineDays).reduce((s, v) => s + v, 0) / baseImpressions : null;
  const evidence: FatigueEvidence = {
    activeDays,
    impressions,
    clicks,
    observedBaselineCtr,
    fittedCurrentCtr: null,
    ctrChange: null,
    initialCtr: null,
    floorCtr: null,
    halfLifeExposure: null,
    dispersion: null,
    lrStatistic: null,
    pValue: null,
    significant: false,
    impressionsPerDay: recent.length > 0 ? recentImpressions / o.recentDays : null,
    exposureAxis: o.exposureAxis,
    cumulativeExposure: days.length > 0 ? days[days.length - 1].exposureEnd : null,
    crossingExposure: null,
    crossingExposureInterval: null,
    intervalLevel: o.intervalLevel,
    paceLogSd: null,
    crossingProbability: null,
    basis: null,
    dailyTrend: null,
    summary: '',
  };
  const base = {
    key: series.key,
    asOf,
    baselineCtr: null,
    currentCtr,
    thresholdCtr: null,
    decayRate: null,
    decayRateUnit: decayRateUnit as FatigueAssessment['decayRateUnit'],
    predictedCrossingDate: null,
    interval: null,
    daysUntilCrossing: null,
    costPerResultTrend,
    projection: [],
  };

  const short = [
    activeDays < o.minActiveDays ? `${activeDays} active days (< ${o.minActiveDays})` : '',
    life.length <= o.baselineDays ? `no days after the ${o.baselineDays}-day baseline window` : '',
    impressions < o.minImpressions ? `${impressions} impressions (< ${o.minImpressions})` : '',
    clicks < o.minClicks ? `${clicks} clicks (< ${o.minClicks})` : '',
  ].filter((s) => s !== '');
  // With the account prior, an ad short only of volume is dated from its posterior trend.
  const volumeOnly = activeDays >= o.minActiveDays && life.length > o.baselineDays;
  const trend =
    short.length > 0 && o.prior && volumeOnly ? dailyCtrTrend(life, o.baselineDays, o.minActiveDays) : null;
  if (trend && o.prior)
    return assessWithPrior({
      base,
      evidence,
      life,
      asOf: asOf!,
      trend,
      prior: o.prior,
      options: o,
      currentCtr,
    });
  if (short.length > 0) {
    const reason = `Not enough data to fit wear-out: ${short.join(', ')}.`;
    evidence.summary = reason;
    const timeline = o.includeChart ? buildTimeline(life, days, null) : [];
    return { ...base, status: 'insufficient_data', reason, timeline, evidence };
  }

  const fit = fitWearOut(days, { covariance: false });
  const significant = fit.pValue < o.significanceLevel;
  // The observed information is only needed to put an interval on a crossing.
  if (significant) fit.covariance = wearOutCovariance(fit, days);
  const baselineExposure = days[Math.min(o.baselineDays, days.length) - 1].exposureEnd;
  const crossing = predictCrossingExposure(fit, baselineExposure, o.thresholdRatio, o.intervalLevel);
  const eNow = days[days.length - 1].exposureEnd;
  const k = fit.params.decayRate;
  Object.assign(evidence, {
    fittedCurrentCtr: significant ? ctrAt(fit.params, eNow) : fit.flatCtr,
    ctrChange: currentCtr === null ? null : currentCtr / crossing.baselineCtr - 1,
    initialCtr: fit.params.initialCtr,
    floorCtr: fit.params.floorCtr,
    halfLifeExposure: k > 0 ? Math.LN2 / k : null,
    dispersion: fit.dispersion,
    lrStatistic: fit.lrStatistic,
    pValue: fit.pValue,
    significant,
    basis: 'wear_out_fit',
  });
  const pace = perDay ? recentImpressions / o.recentDays : 1;
  evidence.paceLogSd = perDay ? paceLogSd(recent.map((p) => p.impressions)) : null;
  const toDay = (e: number): number | null => {
    if (e <= eNow) return daysBetween(asOf!, life[days.findIndex((d) => d.exposureEnd >= e)].date);
    if (pace <= 0) return null;
    const ahead = Math.ceil((e - eNow) / pace);
    return ahead <= o.horizonDays ? ahead : null;
  };
  let status: FatigueStatus = 'healthy';
  let reason: string;
  let daysUntilCrossing: number | null = null;
  let interval: FatigueAssessment['interval'] = null;
  if (!significant) {
    reason = `No significant wear-out (p = ${fit.pValue.toPrecision(2)} ≥ ${o.significanceLevel}).`;
  } else if (crossing.exposure === null) {
    reason = 'CTR is wearing out but levels off above the threshold.';
  } else {
    evidence.crossingExposure = crossing.exposure;
    evidence.crossingExposureInterval = crossing.interval;
    daysUntilCrossing = toDay(crossing.exposure);
    const future = crossing.exposure > eNow && pace > 0;
    const time: CrossingTimeInput | null = future
      ? {
          crossingExposure: crossing.exposure,
          logSe: crossing.logSe ?? 0,
          exposureNow: eNow,
          pace,
          paceLogSd: evidence.paceLogSd ?? 0,
          paceDays: recent.filter((p) => p.impressions > 0).length,
        }
      : null;
    evidence.crossingProbability = time
      ? crossingProbabilityBy(time, o.warningWindowDays)
      : future
        ? null
        : 1;
    if (crossing.interval) {
      // Quantiles already passed map to the day the exposure passed them; later ones carry the pace too.
      const qLo = (1 - o.intervalLevel) / 2;
      const qHi = (1 + o.intervalLevel) / 2;
      const passed = time ? crossingProbabilityBy(time, 0) : 1;
      const day = (q: number, e: number) =>
        time && passed < q ? crossingDayQuantile(time, q, o.horizonDays) : toDay(e);
      const from = day(qLo, crossing.interval.from);
      const to = day(qHi, crossing.interval.to);
      if (from !== null)
        interval = { from: addDays(asOf!, from), to: to === null ? null : addDays(asOf!, to) };
    }
    if (daysUntilCrossing === null) {
      reason =
        pace > 0
          ? `Wearing out; the threshold is more than ${o.horizonDays} days away at the current pace.`
          : 'Wearing out, but the ad served no impressions recently, so the crossing cannot be dated.';
    } else if (crossing.exposure <= eNow && (currentCtr === null || currentCtr < crossing.thresholdCtr)) {
      status = 'fatigued';
      reason = 'The fitted CTR and the recent observed CTR are below the threshold.';
    } else if (crossing.exposure <= eNow) {
      status = 'warning';
      const recentCtrText = `the last ${o.recentDays} days' CTR`;
      reason = `The fitted CTR has crossed the threshold; ${recentCtrText} is still above it.`;
    } else if (daysUntilCrossing <= o.warningWindowDays) {
      status = 'warning';
      reason = `The CTR is predicted to fall below the threshold within ${o.warningWindowDays} days.`;
    } else reason = `The threshold is ${daysUntilCrossing} days away at the current pace.`;
  }
  const assessment: FatigueAssessment = {
    ...base,
    status,
    reason,
    baselineCtr: crossing.baselineCtr,
    thresholdCtr: crossing.thresholdCtr,
    decayRate: significant ? (perDay ? k * 1000 : k) : 0,
    predictedCrossingDate: daysUntilCrossing === null ? null : addDays(asOf!, daysUntilCrossing),
    interval,
    daysUntilCrossing,
    timeline: o.includeChart ? buildTimeline(life, days, significant ? fit.params : fit.flatCtr) : [],
    projection:
      o.includeChart && significant
        ? buildProjection(
            fit.params,
            asOf!,
            eNow,
            impressions,
            pace,
            recentImpressions / o.recentDays,
            daysUntilCrossing,
            o.horizonDays,
          )
        : [],
    evidence,
  };
  evidence.summary = formatSummary(assessment, o.thresholdRatio);
  return assessment;
}
