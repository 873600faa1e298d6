import { quantile } from 'simple-statistics';
import { addDays, daysBetween } from '../../kernel/dates/calendar-day.ts';
import { type DailyMetrics, type DailySeries, fillMissingDays } from '../daily-metrics.ts';
import { type FatigueAccountPrior, fatigueAccountPrior } from './account-prior.ts';
import { actualCrossing, type FatigueAlertRule, modelAlertRule } from './backtest-rules.ts';
import { DEFAULT_FATIGUE_OPTIONS, type FatigueOptions } from './fatigue-options.ts';

/**
 * Walk-forward backtest of the fatigue alerts (the out-of-sample design reviewed by L. J. Tashman,
 * "Out-of-sample tests of forecasting accuracy: an analysis and review", International Journal of
 * Forecasting 16(4) (2000) 437–450: at each as-of date only data up to that day are used).
 *
 * Ground truth per ad (`actualCrossing`): baseline = pooled CTR of its first `baselineDays` days of
 * life; the actual crossing C is the first day after that window whose centred `smoothingDays` pooled
 * CTR is below thresholdRatio × baseline (for `persistDays` days in a row). An alert is the rule firing
 * at an as-of date d (default: status `warning` or `fatigued`).
 * - Lead time of an ad crossing after the first as-of date: C − d for the earliest alert d in
 *   [C − (window + slack), C]; else C − (first alert after C) (negative = late); else missed.
 * - False alarm: an alert at d with no crossing by d + window + slack. Alerts whose horizon runs past
 *   the last day with a smoothed CTR, with no crossing yet, are censored (not counted either way).
 *
 * Account prior: the series are grouped into accounts (`accountOf`, by default the key's text before
 * its first `|`, the campaign in the public data's keys); for every account of ≥ 3 ads with a trend
 * and every as-of date, `fatigueAccountPrior` of the account's series up to that date is passed to the
 * rule as `options.prior` (so the prior, too, sees only the past).
 *
 * {@link runFatigueAlerts} does the expensive part (one assessment per ad and as-of date);
 * {@link scoreFatigueAlerts} judges the alerts against a truth definition and is cheap, so several
 * definitions can be scored from one run.
 */

/** Options of the alert run: the model options plus which series and dates are assessed. */
export interface FatigueAlertRunOptions extends Omit<FatigueOptions, 'asOf' | 'prior'> {
  /** Series with fewer daily points are skipped (default 60). */
  minSeriesDays?: number;
  /** Assess every n-th day from the day the ad has `minActiveDays` of life (default 1 = daily). */
  asOfStep?: number;
  /** Alert rule (default `modelAlertRule`); `trailingCtrDropRule` gives a naive benchmark. */
  alertRule?: FatigueAlertRule;
  /**
   * Account of a series, for the empirical-Bayes prior (default {@link keyPrefixAccount}); null = no
   * prior (every ad on its own, as before the prior existed).
   */
  accountOf?: ((series: DailySeries) => string) | null;
}

/** Default account of a series: its key's text before the first `|` (the whole key if none). */
export const keyPrefixAccount = (series: DailySeries): string => series.key.split('|')[0];

/** The alerts of one run, per eligible ad (≥ the model's minimum impressions and clicks overall). */
export interface FatigueAlertRun {
  options: typeof DEFAULT_FATIGUE_OPTIONS;
  seriesConsidered: number;
  asOfDates: number;
  ads: { key: string; life: DailyMetrics[]; totalClicks: number; firstAsOf: string; alertDates: string[] }[];
}

/** How the alerts are judged (see module docstring); defaults 7, 7 and 1. */
export interface FatigueTruthOptions {
  smoothingDays?: number;
  slackDays?: number;
  persistDays?: number;
}

/** Per-ad outcome. */
export interface FatigueBacktestAd {
  key: string;
  totalClicks: number;
  actualCrossing: string | null;
  /** The crossing came after the first as-of date, so a warning was possible. */
  crossedDuringBacktest: boolean;
  /** Days of warning (negative = alert came after the crossing); null if never alerted or not judged. */
  leadDays: number | null;
  alerts: number;
  falseAlarms: number;
  censoredAlerts: number;
}

/** Aggregate figures of a backtest. */
export interface FatigueBacktestReport {
  seriesConsidered: number;
  eligibleAds: number;
  asOfDates: number;
  /** Ads that crossed at all, and those crossing after their first as-of date. */
  crossedAds: number;
  crossedDuringBacktest: number;
  /** Of the latter: alerted at or before C, with ≥ 7 days of warning, and never alerted. */
  warnedBeforeCrossing: number;
  warnedAtLeast7Days: number;
  missed: number;
  /** Lead-time distribution over alerted crossing ads, days (negative = late). */
  leadDays: { median: number | null; p25: number | null; p75: number | null; values: number[] };
  /** warnedAtLeast7Days / crossedDuringBacktest. */
  shareWarned7Days: number | null;
  alerts: number;
  falseAlarms: number;
  censoredAlerts: number;
  /** falseAlarms / (alerts − censoredAlerts). */
  falseAlarmRate: number | null;
  /** Ads that never crossed, and how many of them were alerted at least once. */
  adsNeverCrossed: number;
  adsNeverCrossedAlerted: number;
  ads: FatigueBacktestAd[];
}

/**
 * Runs the alert rule walk-forward over every eligible series. Throws `OMNIFY_ERR_VALIDATION` if the
 * model options are invalid (from `assessFatigue`).
 */
export function runFatigueAlerts(
  series: readonly DailySeries[],
  options: FatigueAlertRunOptions = {},
): FatigueAlertRun {
  const {
    minSeriesDays = 60,
    asOfStep = 1,
    alertRule = modelAlertRule,
    accountOf = keyPrefixAccount,
    ...modelOptions
  } = options;
  const m = { ...DEFAULT_FATIGUE_OPTIONS, ...modelOptions };
  const considered = series.filter((s) => s.points.length >= minSeriesDays);
  const run: FatigueAlertRun = { options: m, seriesConsidered: considered.length, asOfDates: 0, ads: [] };
  const accounts = new Map<string, DailySeries[]>();
  if (accountOf)
    for (const s of series) accounts.set(accountOf(s), [...(accounts.get(accountOf(s)) ?? []), s]);
  const priors = new Map<string, FatigueAccountPrior | null>();
  const priorOf = (s: DailySeries, asOf: string): FatigueAccountPrior | null => {
    if (!accountOf) return null;
    const account = accountOf(s);
    const key = `${account}\u0000${asOf}`;
    if (!priors.has(key))
      priors.set(key, fatigueAccountPrior(accounts.get(account) ?? [], { ...modelOptions, asOf }));
    return priors.get(key) ?? null;
  };
  for (const s of considered) {
    const pts = fillMissingDays(s).points;
    const start = pts.findIndex((p) => p.impressions > 0);
    if (start < 0) continue;
    const life = pts.slice(start);
    const totalImpressions = life.reduce((a, p) => a + p.impressions, 0);
    const totalClicks = life.reduce((a, p) => a + Math.min(p.clicks, p.impressions), 0);
    if (totalImpressions < m.minImpressions || totalClicks < m.minClicks) continue;
    const alertDates: string[] = [];
    for (let i = m.minActiveDays - 1; i < life.length; i += asOfStep) {
      run.asOfDates++;
      const prior = priorOf(s, life[i].date);
      if (alertRule(s, life[i].date, prior ? { ...modelOptions, prior } : modelOptions))
        alertDates.push(life[i].date);
    }
    const firstAsOf = life[Math.min(m.minActiveDays - 1, life.length - 1)].date;
    run.ads.push({ key: s.key, life, totalClicks, firstAsOf, alertDates });
  }
  return run;
}

/** Judges a run's alerts against the actual crossings (see module docstring). Never throws. */
export function scoreFatigueAlerts(
  run: FatigueAlertRun,
  truth: FatigueTruthOptions = {},
): FatigueBacktestReport {
  const { smoothingDays = 7, slackDays = 7, persistDays = 1 } = truth;
  const m = run.options;
  const horizon = m.warningWindowDays + slackDays;
  const half = Math.floor(smoothingDays / 2);
  const ads: FatigueBacktestAd[] = run.ads.map((a) => {
    const actual = actualCrossing(a.life, m.baselineDays, m.thresholdRatio, half, persistDays);
    const lastJudged = a.life[Math.max(0, a.life.length - 1 - half)].date;
    let falseAlarms = 0;
    let censoredAlerts = 0;
    for (const d of a.alertDates) {
      const deadline = addDays(d, horizon);
      if (actual !== null && actual <= deadline) continue;
      if (deadline > lastJudged) censoredAlerts++;
      else falseAlarms++;
    }
    const crossedLater = actual !== null && actual > a.firstAsOf;
    let leadDays: number | null = null;
    if (crossedLater) {
      const earliest = addDays(actual, -horizon);
      const used =
        a.alertDates.find((d) => d >= earliest && d <= actual) ?? a.alertDates.find((d) => d > actual);
      leadDays = used === undefined ? null : daysBetween(used, actual);
    }
    return {
      key: a.key,
      totalClicks: a.totalClicks,
      actualCrossing: actual,
      crossedDuringBacktest: crossedLater,
      leadDays,
      alerts: a.alertDates.length,
      falseAlarms,
      censoredAlerts,
    };
  });
  const during = ads.filter((a) => a.crossedDuringBacktest);
  const values = during
    .filter((a) => a.leadDays !== null)
    .map((a) => a.leadDays as number)
    .sort((x, y) => x - y);
  const q = (p: number) => (values.length > 0 ? quantile(values, p) : null);
  const sum = (f: (a: FatigueBacktestAd) => number) => ads.reduce((x, a) => x + f(a), 0);
  const alerts = sum((a) => a.alerts);
  const falseAlarms = sum((a) => a.falseAlarms);
  const censoredAlerts = sum((a) => a.censoredAlerts);
  const never = ads.filter((a) => a.actualCrossing === null);
  const warned7 = values.filter((v) => v >= 7).length;
  return {
    seriesConsidered: run.seriesConsidered,
    eligibleAds: ads.length,
    asOfDates: run.asOfDates,
    crossedAds: ads.length - never.length,
    crossedDuringBacktest: during.length,
    warnedBeforeCrossing: values.filter((v) => v >= 0).length,
    warnedAtLeast7Days: warned7,
    missed: during.length - values.length,
    leadDays: { median: q(0.5), p25: q(0.25), p75: q(0.75), values },
    shareWarned7Days: during.length > 0 ? warned7 / during.length : null,
    alerts,
    falseAlarms,
    censoredAlerts,
    falseAlarmRate: alerts - censoredAlerts > 0 ? falseAlarms / (alerts - censoredAlerts) : null,
    adsNeverCrossed: never.length,
    adsNeverCrossedAlerted: never.filter((a) => a.alerts > 0).length,
    ads,
  };
}

/** {@link runFatigueAlerts} then {@link scoreFatigueAlerts}: the whole backtest in one call. */
export function backtestFatigue(
  series: readonly DailySeries[],
  options: FatigueAlertRunOptions & FatigueTruthOptions = {},
): FatigueBacktestReport {
  const { smoothingDays, slackDays, persistDays, ...runOptions } = options;
  return scoreFatigueAlerts(runFatigueAlerts(series, runOptions), { smoothingDays, slackDays, persistDays });
}
