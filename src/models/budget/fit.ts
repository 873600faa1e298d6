/**
 * Fits one campaign's response curve (geometric adstock + Hill, see response-curve.ts; Jin, Wang, Sun,
 * Chan & Koehler 2017; Robyn; Meridian) to its daily spend and outcome by Gaussian least squares
 * within box bounds, with seeded block-bootstrap parameter draws and an identifiability verdict.
 */
import { quantileSorted } from 'simple-statistics';
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import { type DailySeries, fillMissingDays } from '../daily-metrics.ts';
import { bootstrapCurve } from './bootstrap.ts';
import { assessIdentifiability, type Identifiability } from './identifiability.ts';
import { type CurveBounds, leastSquaresFit } from './least-squares.ts';
import type { ResponseCurveParams } from './response-curve.ts';

/** Options of {@link fitResponseCurve}. */
export interface FitResponseCurveOptions {
  /** Fit a non-negative baseline (outcome/day without spend); default true. */
  intercept?: boolean;
  /** Bootstrap draws (default 200; 0 = none, then `intervals` is null). */
  bootstrapDraws?: number;
  /** Bootstrap block length in days (default 7, one week). */
  blockLength?: number;
  /** Seed of the bootstrap (default 1). */
  seed?: number;
  /** Fewer days than this → `insufficient_data` (default 28). */
  minDays?: number;
  /** Override bounds: θ default [0, 0.9], α [0.5, 3], γ [min positive, max] of daily spend. */
  bounds?: Partial<CurveBounds>;
}

/** 5%–95% bootstrap interval of one parameter. */
export interface ParamInterval {
  lower: number;
  upper: number;
}

/** A successful fit. */
export interface ResponseCurveFitOk {
  status: 'ok';
  /** Least-squares point estimate. */
  params: ResponseCurveParams;
  /** Bootstrap parameter draws (empty when `bootstrapDraws` = 0). */
  draws: ResponseCurveParams[];
  /** 5%–95% bootstrap intervals per parameter; null without draws. */
  intervals: Record<keyof ResponseCurveParams, ParamInterval> | null;
  /** Fitted outcome per day, aligned with the input. */
  fitted: number[];
  days: number;
  /** R² = 1 − SSE/TSS and root mean squared error (outcome units/day). */
  r2: number;
  rmse: number;
  bounds: CurveBounds;
  /** Daily spend summary, minor units. */
  spend: { min: number; max: number; mean: number };
  identifiability: Identifiability;
}

/** Not enough data to fit; `reason` is for display. */
export interface InsufficientData {
  status: 'insufficient_data';
  reason: string;
  days: number;
}

/** Result of {@link fitResponseCurve}. */
export type ResponseCurveFit = ResponseCurveFitOk | InsufficientData;

const PARAM_KEYS = ['theta', 'alpha', 'gamma', 'beta', 'baseline'] as const;

function validate(
  spend: readonly number[],
  outcome: readonly number[],
  bounds: Partial<CurveBounds> | undefined,
): void {
  const fields: { path: string; message: string }[] = [];
  const okRange = (r: [number, number] | undefined, lo: number, hi: number, open: boolean): boolean =>
    r === undefined || (r[0] <= r[1] && (open ? r[0] > lo : r[0] >= lo) && r[1] < hi);
  if (!okRange(bounds?.theta, 0, 1, false))
    fields.push({ path: '/bounds/theta', message: 'must be [lo, hi] with 0 ≤ lo ≤ hi < 1' });
  if (!okRange(bounds?.alpha, 0, Number.POSITIVE_INFINITY, true))
    fields.push({ path: '/bounds/alpha', message: 'must be [lo, hi] with 0 < lo ≤ hi' });
  if (!okRange(bounds?.gamma, 0, Number.POSITIVE_INFINITY, true))
    fields.push({ path: '/bounds/gamma', message: 'must be [lo, hi] with 0 < lo ≤ hi (minor units/day)' });
  if (spend.length !== outcome.length)
    fields.push({ path: '/outcome', message: `length ${outcome.length} differs from spend ${spend.length}` });
  const badSpend = spend.findIndex((v) => !Number.isFinite(v) || v < 0);
  if (badSpend >= 0)
    fields.push({ path: `/spendMinor/${badSpend}`, message: 'spend must be a finite number ≥ 0' });
  const badY = outcome.findIndex((v) => !Number.isFinite(v));
  if (badY >= 0) fields.push({ path: `/outcome/${badY}`, message: 'outcome must be a finite number' });
  if (fields.length > 0)
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Invalid response-curve input', { fields });
}

/**
 * Fits E[y_t] = baseline + β·hill(adstock_θ(spend)_t; α, γ) to one campaign.
 *
 * @param input spendMinor: daily spend in minor units (≥ 0), consecutive UTC days oldest first;
 *   outcome: the outcome of the same days (conversions/day, or revenue in minor units/day)
 * @returns `ok` with estimate, bootstrap draws and identifiability, or `insufficient_data` when there
 *   are fewer than `minDays` days, fewer than 10 days with spend, no spend variation or no outcome
 * @throws OmnifyError OMNIFY_ERR_VALIDATION on mismatched lengths, negative or non-finite values, or
 *   bounds outside 0 ≤ θ < 1, α > 0, γ > 0
 */
export function fitResponseCurve(
  input: { spendMinor: readonly number[]; outcome: readonly number[] },
  opts: FitResponseCurveOptions = {},
): ResponseCurveFit {
  const spend = input.spendMinor;
  const y = input.outcome;
  validate(spend, y, opts.bounds);
  const n = spend.length;
  const minDays = opts.minDays ?? 28;
  const positive = spend.filter((v) => v > 0);
  const lacking = (reason: string): InsufficientData => ({ status: 'insufficient_data', reason, days: n });
  if (n < minDays) return lacking(`${n} days of data; at least ${minDays} are needed`);
  if (positive.length < 10) return lacking(`only ${positive.length} days with spend; at least 10 are needed`);
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  if (hi <= lo * 1.0001) return lacking('daily spend is constant: the response to spend cannot be estimated');
  if (y.every((v) => v === y[0])) return lacking('the outcome is constant over the period');

  const intercept = opts.intercept ?? true;
  const bounds: CurveBounds = {
    theta: opts.bounds?.theta ?? [0, 0.9],
    alpha: opts.bounds?.alpha ?? [0.5, 3],
    gamma: opts.bounds?.gamma ?? [lo, hi],
  };
  const ls = leastSquaresFit(spend, y, bounds, { intercept });
  const draws =
    (opts.bootstrapDraws ?? 200) > 0
      ? bootstrapCurve(spend, y, ls.fitted, bounds, ls.z, {
          draws: opts.bootstrapDraws ?? 200,
          blockLength: opts.blockLength ?? 7,
          seed: opts.seed ?? 1,
          intercept,
        })
      : [];

  const mean = spend.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(spend.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1));
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  const tss = y.reduce((s, v) => s + (v - yMean) ** 2, 0);
  const r2 = tss > 0 ? 1 - ls.sse / tss : 0;
  let intervals: ResponseCurveFitOk['intervals'] = null;
  if (draws.length > 0) {
    const iv = {} as Record<keyof ResponseCurveParams, ParamInterval>;
    for (const k of PARAM_KEYS) {
      const v = draws.map((d) => d[k]).sort((a, b) => a - b);
      iv[k] = { lower: quantileSorted(v, 0.05), upper: quantileSorted(v, 0.95) };
    }
    intervals = iv;
  }
  return {
    status: 'ok',
    params: ls.params,
    draws,
    intervals,
    fitted: ls.fitted,
    days: n,
    r2,
    rmse: Math.sqrt(ls.sse / n),
    bounds,
    spend: { min: Math.min(...spend), max: hi, mean },
    identifiability: assessIdentifiability({
      spendCv: mean > 0 ? sd / mean : 0,
      r2,
      meanSpend: mean,
      atBound: ls.atBound,
      params: ls.params,
      draws,
    }),
  };
}

/**
 * {@link fitResponseCurve} on a {@link DailySeries}: missing days are filled with zeros first
 * (`fillMissingDays`), spend is `spendMinor`, the outcome `conversions` or `revenueMinor`.
 */
export function fitResponseCurveFromSeries(
  series: DailySeries,
  outcome: 'conversions' | 'revenueMinor',
  opts: FitResponseCurveOptions = {},
): ResponseCurveFit {
  const pts = fillMissingDays(series).points;
  return fitResponseCurve(
    { spendMinor: pts.map((p) => p.spendMinor), outcome: pts.map((p) => p[outcome]) },
    opts,
  );
}
