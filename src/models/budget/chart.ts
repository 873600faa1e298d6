/**
 * Chart data for one campaign's steady-state response curve (Robyn's and Meridian's "response
 * curves" plots): a spend grid → expected outcome per day, with a 5%–95% band over bootstrap draws,
 * the marginal return, and the current and proposed daily spend marked on the curve.
 */
import { quantileSorted } from 'simple-statistics';
import { marginalResponse, type ResponseCurveParams, steadyStateResponse } from './response-curve.ts';

/** One grid point. Spend in minor units/day; outcome in outcome units/day. */
export interface CurvePoint {
  spendMinor: number;
  expectedOutcome: number;
  /** 5% / 95% quantiles over bootstrap draws; absent without draws. */
  lower?: number;
  upper?: number;
  /** Outcome units per minor unit of extra daily spend at this point. */
  marginalReturn: number;
}

/** A marked spend level (current or proposed). */
export interface CurveMark {
  spendMinor: number;
  expectedOutcome: number;
  marginalReturn: number;
}

/** Chart data of {@link responseCurveChart}. */
export interface CurveChart {
  points: CurvePoint[];
  current: CurveMark;
  proposed: CurveMark;
}

/**
 * Builds chart data on an even grid from 0 to `maxSpendMinor` (default: twice the larger of current
 * and proposed spend, or 2γ when both are 0), rounded to whole minor units.
 *
 * @param points number of grid points (≥ 2, default 41)
 */
export function responseCurveChart(
  curve: ResponseCurveParams,
  opts: {
    currentDailySpendMinor: number;
    proposedDailySpendMinor: number;
    draws?: readonly ResponseCurveParams[];
    maxSpendMinor?: number;
    points?: number;
  },
): CurveChart {
  const draws = opts.draws ?? [];
  const top =
    opts.maxSpendMinor ??
    (Math.max(opts.currentDailySpendMinor, opts.proposedDailySpendMinor) * 2 || 2 * curve.gamma);
  const n = Math.max(2, Math.floor(opts.points ?? 41));
  const mark = (s: number): CurveMark => ({
    spendMinor: s,
    expectedOutcome: steadyStateResponse(curve, s),
    marginalReturn: marginalResponse(curve, s),
  });
  const points: CurvePoint[] = [];
  for (let i = 0; i < n; i++) {
    const s = Math.round((top * i) / (n - 1));
    const p: CurvePoint = {
      spendMinor: s,
      expectedOutcome: steadyStateResponse(curve, s),
      marginalReturn: marginalResponse(curve, s),
    };
    if (draws.length > 0) {
      const v = draws.map((d) => steadyStateResponse(d, s)).sort((a, b) => a - b);
      p.lower = quantileSorted(v, 0.05);
      p.upper = quantileSorted(v, 0.95);
    }
    points.push(p);
  }
  return {
    points,
    current: mark(opts.currentDailySpendMinor),
    proposed: mark(opts.proposedDailySpendMinor),
  };
}
