import type { CostPerResultTrend } from './cost-trend.ts';

/**
 * The output shape of `assessFatigue`: what a dashboard shows for one ad. CTRs are fractions (0.012 =
 * 1.2 %), dates UTC `YYYY-MM-DD`, money in currency minor units.
 */

/**
 * `fatigued`: significant wear-out and the fitted CTR is already below threshold × baseline;
 * `warning`: the predicted crossing is within the warning window; `healthy`: no significant wear-out,
 * a floor above the threshold, or a crossing further away; `insufficient_data`: below the minimum
 * days, impressions or clicks (see `reason`).
 */
export type FatigueStatus = 'fatigued' | 'warning' | 'healthy' | 'insufficient_data';

/** One observed day for the chart. */
export interface FatigueTimelinePoint {
  date: string;
  impressions: number;
  clicks: number;
  /** Impressions served from the first active day through this day. */
  cumulativeImpressions: number;
  /** Observed clicks/impressions; null on days without impressions. */
  ctr: number | null;
  /** Model CTR for the day (wear-out curve if significant, else the flat CTR); null if not fitted. */
  fittedCtr: number | null;
}

/** One projected future day (at the recent impression pace) for the chart. */
export interface FatigueProjectionPoint {
  date: string;
  cumulativeImpressions: number;
  fittedCtr: number;
}

/** Numbers behind the status, ready to print; null where not computed. */
export interface FatigueEvidence {
  /** Days with impressions, impressions and clicks from the first active day through `asOf`. */
  activeDays: number;
  impressions: number;
  clicks: number;
  /** Observed pooled CTR over the baseline window. */
  observedBaselineCtr: number | null;
  /** Fitted CTR at the current cumulative exposure. */
  fittedCurrentCtr: number | null;
  /** currentCtr / baselineCtr − 1 (−0.3 = 30 % below baseline). */
  ctrChange: number | null;
  /** Fitted c₀ (first-impression CTR) and c∞ (worn-out floor). */
  initialCtr: number | null;
  floorCtr: number | null;
  /** Exposure (impressions or days) over which the excess CTR above the floor halves: ln 2 / k. */
  halfLifeExposure: number | null;
  /** Quasi-binomial dispersion, quasi-likelihood-ratio statistic against a flat CTR, its p-value. */
  dispersion: number | null;
  lrStatistic: number | null;
  pValue: number | null;
  /** pValue below the significance level. */
  significant: boolean;
  /** Mean impressions per day over the recent window (the pace used to date the crossing). */
  impressionsPerDay: number | null;
  /** Exposure (impressions or days, see `exposureAxis`) so far, at the crossing, and its interval. */
  exposureAxis: 'impressions' | 'days';
  cumulativeExposure: number | null;
  crossingExposure: number | null;
  crossingExposureInterval: { from: number; to: number } | null;
  /** Level of the crossing intervals (e.g. 0.8). */
  intervalLevel: number;
  /**
   * Standard deviation of ln daily impressions over the recent window: the pace uncertainty carried
   * into the crossing-date interval (`crossing-time.ts`); null off the impressions axis or unfitted.
   */
  paceLogSd: number | null;
  /**
   * P(the crossing comes within `warningWindowDays`), with the uncertainty of the crossing exposure and
   * of the future pace (or of the posterior trend); 1 when already crossed; null when not predicted.
   */
  crossingProbability: number | null;
  /** What the prediction rests on: the ad's own wear-out fit, or the account prior (low-volume ad). */
  basis: 'wear_out_fit' | 'account_prior' | null;
  /**
   * With `basis: 'account_prior'`: the ad's own daily ln-CTR trend, the posterior one, its standard
   * deviation and the shrinkage B toward the account (per day; −0.01 ≈ −1 % a day), and the account's
   * mean trend and number of ads. Null otherwise.
   */
  dailyTrend: {
    own: number;
    posterior: number;
    posteriorSd: number;
    shrinkage: number;
    accountMean: number;
    accountAds: number;
  } | null;
  /** One sentence for the insight card. */
  summary: string;
}

/** Fatigue assessment of one ad as of one day. */
export interface FatigueAssessment {
  key: string;
  /** Day assessed (end of day, UTC); null if the series is empty. */
  asOf: string | null;
  status: FatigueStatus;
  /** Why this status, in one line. */
  reason: string;
  /** Fitted mean CTR over the early-life (baseline) window. */
  baselineCtr: number | null;
  /** Observed pooled CTR over the recent window. */
  currentCtr: number | null;
  /** thresholdRatio × baselineCtr. */
  thresholdCtr: number | null;
  /**
   * Fitted wear-out rate k, per 1,000 impressions (or per day on the `days` axis); with the account
   * prior, −(posterior daily ln-CTR trend) per day (negative when the CTR rises).
   */
  decayRate: number | null;
  decayRateUnit: 'per_1000_impressions' | 'per_day';
  /** Day the CTR falls (or fell) below the threshold; null when not predicted. */
  predictedCrossingDate: string | null;
  /** Interval for that day at `evidence.intervalLevel`; `to` null when beyond the horizon. */
  interval: { from: string; to: string | null } | null;
  /** Days from `asOf` to the crossing (≤ 0 when already crossed). */
  daysUntilCrossing: number | null;
  /** Cost per click and per conversion over the trailing `costTrendDays`. */
  costPerResultTrend: { cpc: CostPerResultTrend; cpa: CostPerResultTrend };
  timeline: FatigueTimelinePoint[];
  projection: FatigueProjectionPoint[];
  evidence: FatigueEvidence;
}
