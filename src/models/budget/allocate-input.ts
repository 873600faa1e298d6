/**
 * Input types and validation of the budget allocator (allocate.ts). Bad input throws
 * `OMNIFY_ERR_VALIDATION` with one entry per offending field (JSON-pointer paths).
 */
import { OmnifyError } from '../../kernel/errors/catalog.ts';
import type { ResponseCurveParams } from './response-curve.ts';

/** One campaign to allocate. Money in integer currency minor units per UTC day. */
export interface AllocationCampaign {
  id: string;
  /** Point estimate of the response curve (fit.ts `params`). */
  curve: ResponseCurveParams;
  /** Bootstrap draws of the curve (fit.ts `draws`); used for the lift interval and chart bands. */
  draws?: readonly ResponseCurveParams[];
  currentDailySpendMinor: number;
  /** Lower bound of the new daily spend; default ⌈(1 − maxChange)·current⌉. */
  minDailySpendMinor?: number;
  /** Upper bound of the new daily spend; default ⌊(1 + maxChange)·current⌋. */
  maxDailySpendMinor?: number;
}

/** Input of `allocateBudget`. */
export interface AllocateBudgetInput {
  campaigns: readonly AllocationCampaign[];
  /** Daily budget to spread exactly over the campaigns (integer minor units). */
  totalDailyBudgetMinor: number;
  /** Grid step in minor units (positive integer); default max(1, round(total / 1000)). */
  stepMinor?: number;
  /** Default relative bound around current spend when min/max are absent (default 0.3 = ±30%). */
  maxChange?: number;
  /** Points per campaign chart (default 41; 0 = no charts). */
  chartPoints?: number;
}

/** A campaign with resolved bounds. */
export interface ResolvedCampaign extends AllocationCampaign {
  min: number;
  max: number;
}

type Field = { path: string; message: string };

function checkCurve(c: ResponseCurveParams, path: string, fields: Field[]): void {
  if (!(c.theta >= 0 && c.theta < 1)) fields.push({ path: `${path}/theta`, message: 'must be in [0, 1)' });
  if (!(c.alpha > 0 && Number.isFinite(c.alpha)))
    fields.push({ path: `${path}/alpha`, message: 'must be > 0' });
  if (!(c.gamma > 0 && Number.isFinite(c.gamma)))
    fields.push({ path: `${path}/gamma`, message: 'must be > 0' });
  if (!(c.beta >= 0 && Number.isFinite(c.beta)))
    fields.push({ path: `${path}/beta`, message: 'must be ≥ 0' });
  if (!Number.isFinite(c.baseline)) fields.push({ path: `${path}/baseline`, message: 'must be finite' });
}

const isMoney = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/**
 * Validates the input and resolves per-campaign bounds and the grid step.
 *
 * @throws OmnifyError OMNIFY_ERR_VALIDATION: no campaigns, duplicate/empty ids, non-integer or
 *   negative money, min > max, invalid curve parameters, step ≤ 0, or a total outside [Σ min, Σ max]
 */
export function resolveAllocationInput(input: AllocateBudgetInput): {
  campaigns: ResolvedCampaign[];
  step: number;
} {
  const fields: Field[] = [];
  const maxChange = input.maxChange ?? 0.3;
  if (!(maxChange >= 0 && maxChange <= 1)) fields.push({ path: '/maxChange', message: 'must be in [0, 1]' });
  if (!Array.isArray(input.campaigns) || input.campaigns.length === 0)
    fields.push({ path: '/campaigns', message: 'at least one campaign is required' });
  const total = input.totalDailyBudgetMinor;
  if (!isMoney(total)) fields.push({ path: '/totalDailyBudgetMinor', message: 'must be an integer ≥ 0' });
  const step = input.stepMinor ?? Math.max(1, Math.round((total || 0) / 1000));
  if (!(Number.isInteger(step) && step > 0))
    fields.push({ path: '/stepMinor', message: 'must be a positive integer' });
  const seen = new Set<string>();
  const campaigns: ResolvedCampaign[] = [];
  (input.campaigns ?? []).forEach((c, i) => {
    const p = `/campaigns/${i}`;
    if (typeof c.id !== 'string' || c.id === '')
      fields.push({ path: `${p}/id`, message: 'must be a non-empty string' });
    else if (seen.has(c.id)) fields.push({ path: `${p}/id`, message: `duplicate id ${c.id}` });
    seen.add(c.id);
    if (!isMoney(c.currentDailySpendMinor))
      fields.push({ path: `${p}/currentDailySpendMinor`, message: 'must be an integer ≥ 0' });
    const cur = c.currentDailySpendMinor;
    const min = c.minDailySpendMinor ?? Math.ceil((1 - maxChange) * cur - 1e-9);
    const max = c.maxDailySpendMinor ?? Math.floor((1 + maxChange) * cur + 1e-9);
    if (!isMoney(min)) fields.push({ path: `${p}/minDailySpendMinor`, message: 'must be an integer ≥ 0' });
    if (!isMoney(max)) fields.push({ path: `${p}/maxDailySpendMinor`, message: 'must be an integer ≥ 0' });
    if (min > max) fields.push({ path: `${p}/minDailySpendMinor`, message: `min ${min} exceeds max ${max}` });
    if (!c.curve || typeof c.curve !== 'object') fields.push({ path: `${p}/curve`, message: 'is required' });
    else checkCurve(c.curve, `${p}/curve`, fields);
    (c.draws ?? []).forEach((d, j) => {
      checkCurve(d, `${p}/draws/${j}`, fields);
    });
    campaigns.push({ ...c, min, max });
  });
  if (fields.length === 0) {
    const lo = campaigns.reduce((s, c) => s + c.min, 0);
    const hi = campaigns.reduce((s, c) => s + c.max, 0);
    if (total < lo || total > hi)
      fields.push({
        path: '/totalDailyBudgetMinor',
        message: `must lie between the sum of minimums ${lo} and the sum of maximums ${hi}`,
      });
  }
  if (fields.length > 0)
    throw new OmnifyError('OMNIFY_ERR_VALIDATION', 'Invalid budget allocation input', { fields });
  return { campaigns, step };
}
