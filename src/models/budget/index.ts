/**
 * Budget reallocation (growth intelligence): per-campaign response curves (geometric adstock + Hill;
 * Jin, Wang, Sun, Chan & Koehler 2017; Robyn; Meridian), fitted by least squares with a seeded block
 * bootstrap, and a greedy marginal-return allocator (Meridian). See docs/intelligence/budget.md.
 */
export {
  type AllocateBudgetInput,
  type AllocationCampaign,
  type AllocationTotals,
  allocateBudget,
  type BudgetAllocation,
  type CampaignAllocation,
  greedyAllocate,
} from './allocate.ts';
export { type CurveChart, type CurveMark, type CurvePoint, responseCurveChart } from './chart.ts';
export {
  type FitResponseCurveOptions,
  fitResponseCurve,
  fitResponseCurveFromSeries,
  type InsufficientData,
  type ParamInterval,
  type ResponseCurveFit,
  type ResponseCurveFitOk,
} from './fit.ts';
export {
  IDENTIFIABILITY_THRESHOLDS,
  type Identifiability,
  type IdentifiabilityLevel,
} from './identifiability.ts';
export type { CurveBounds } from './least-squares.ts';
export {
  expectedOutcomeSeries,
  geometricAdstock,
  hill,
  hillDerivative,
  hillInflection,
  marginalResponse,
  type ResponseCurveParams,
  steadyStateResponse,
} from './response-curve.ts';
