/**
 * The linear (additive-error) exponential smoothing models in their innovations state-space form,
 * following R. J. Hyndman, A. B. Koehler, J. K. Ord & R. D. Snyder, "Forecasting with Exponential
 * Smoothing: The State Space Approach" (Springer, 2008), ch. 2–3 and 6, and R. J. Hyndman &
 * G. Athanasopoulos, "Forecasting: Principles and Practice" (3rd ed., 2021), ch. 8, Table 8.7:
 *
 *   ŷ_t = ℓ_{t−1} + φ_T b_{t−1} + s_{t−m}          (one-step forecast, φ_T = φ damped, 1, or 0 without trend)
 *   ε_t = y_t − ŷ_t
 *   ℓ_t = ℓ_{t−1} + φ_T b_{t−1} + α ε_t
 *   b_t = φ_T b_{t−1} + β ε_t
 *   s_t = s_{t−m} + γ ε_t
 *
 * This file holds the recursion, the point forecasts and the analytic h-step variances; fitting is in
 * `ets-fit.ts`. Time is in steps of one day; the season length defaults to a week (m = 7).
 */

/** Trend component: none, additive, additive damped. */
export type EtsTrend = 'N' | 'A' | 'Ad';
/** Seasonal component: none or additive. */
export type EtsSeason = 'N' | 'A';

/** A model of the additive-error class: ETS(A, trend, season). */
export interface EtsSpec {
  trend: EtsTrend;
  season: EtsSeason;
}

/** The standard label, e.g. `ETS(A,Ad,A)` (Hyndman et al. 2008, §2.1 taxonomy). */
export type EtsModelName = `ETS(A,${EtsTrend},${EtsSeason})`;

/** Every model this module fits, simplest first. */
export const ETS_MODELS: readonly EtsModelName[] = [
  'ETS(A,N,N)',
  'ETS(A,A,N)',
  'ETS(A,Ad,N)',
  'ETS(A,N,A)',
  'ETS(A,A,A)',
  'ETS(A,Ad,A)',
];

/** Weekly seasonality of daily data. */
export const WEEKLY_PERIOD = 7;

/** Label of a spec, e.g. `{trend:'Ad', season:'A'}` → `ETS(A,Ad,A)`. */
export function etsName(spec: EtsSpec): EtsModelName {
  return `ETS(A,${spec.trend},${spec.season})`;
}

/** Spec of a label from {@link ETS_MODELS}; `undefined` for anything else. */
export function parseEtsName(name: string): EtsSpec | undefined {
  const m = /^ETS\(A,(N|A|Ad),(N|A)\)$/.exec(name);
  return m ? { trend: m[1] as EtsTrend, season: m[2] as EtsSeason } : undefined;
}

/**
 * Smoothing parameters. Components a model lacks carry neutral values: `beta = 0` without trend,
 * `gamma = 0` without season, `phi = 1` unless the trend is damped.
 */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/**
 * A state vector x_t = (ℓ_t, b_t, s_t, …, s_{t−m+1}). `season` has length m (0 without season) and is
 * stored in the order of use: `season[0]` is s_{t+1−m}, the index the next step reads; `season[m−1]`
 * is s_t. `trend` is 0 without trend. Units are those of the series (or of its transform).
 */
export interface EtsState {
  level: number;
  trend: number;
  season: number[];
}

/** The trend multiplier applied inside the recursion: φ when damped, 1 when additive, 0 when absent. */
export function trendFactor(spec: EtsSpec, phi: number): number {
  return spec.trend === 'N' ? 0 : spec.trend === 'A' ? 1 : phi;
}

/** Output of {@link etsFilter}: one-step errors ε_t (length n) and the state after the last point. */
export interface EtsFilterResult {
  errors: Float64Array;
  final: EtsState;
}

/**
 * Runs the recursion over `y` (length n, any real values; pass zeros to get the response to the seed
 * state alone) from the seed state `init` (x_0). Returns the one-step errors and x_n. The recursion is
 * linear in (y, x_0), which `ets-fit.ts` uses to estimate x_0 by least squares. Never throws.
 */
export function etsFilter(
  y: ArrayLike<number>,
  spec: EtsSpec,
  params: EtsParams,
  init: EtsState,
): EtsFilterResult {
  const n = y.length;
  const { alpha, beta, gamma } = params;
  const tf = trendFactor(spec, params.phi);
  const hasTrend = spec.trend !== 'N';
  const s = init.season.slice();
  const m = s.length;
  let level = init.level;
  let trend = hasTrend ? init.trend : 0;
  let pos = 0;
  const errors = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const base = level + tf * trend;
    const seas = m > 0 ? s[pos] : 0;
    const e = y[t] - (base + seas);
    errors[t] = e;
    level = base + alpha * e;
    if (hasTrend) trend = tf * trend + beta * e;
    if (m > 0) {
      s[pos] = seas + gamma * e;
      pos = pos + 1 === m ? 0 : pos + 1;
    }
  }
  const season = m > 0 ? [...s.slice(pos), ...s.slice(0, pos)] : [];
  return { errors, final: { level, trend, season } };
}

/**
 * Sum φ + φ² + … + φ^h (h for an undamped trend, 0 without trend): the weight of b_n in the
 * h-step point forecast (FPP3 Table 8.7, "φ_h").
 */
export function dampedSum(spec: EtsSpec, phi: number, h: number): number {
  if (spec.trend === 'N') return 0;
  if (spec.trend === 'A') return h;
  let acc = 0;
  let p = 1;
  for (let i = 1; i <= h; i++) {
    p *= phi;
    acc += p;
  }
  return acc;
}

/**
 * Point forecasts ŷ_{n+h|n} = ℓ_n + φ_h b_n + s_{n+h−m(k+1)}, k = ⌊(h−1)/m⌋, for h = 1..horizon
 * (FPP3 Table 8.7; Hyndman et al. 2008, ch. 2 forecast functions), from the final state x_n.
 */
export function etsPointForecast(
  spec: EtsSpec,
  params: EtsParams,
  state: EtsState,
  horizon: number,
): number[] {
  const m = state.season.length;
  const out: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    const seas = m > 0 ? state.season[(h - 1) % m] : 0;
    out.push(state.level + dampedSum(spec, params.phi, h) * state.trend + seas);
  }
  return out;
}

/**
 * Forecast variances v_h = σ² [1 + Σ_{j=1}^{h−1} c_j²] for h = 1..horizon, with
 * c_j = α + β φ_j + γ d_{j,m} (d = 1 when j is a multiple of m): the class-1 (linear homoscedastic)
 * result of Hyndman et al. (2008) ch. 6, Table 6.1, equal to the closed forms in FPP3 Table 8.8.
 * `sigma2` is the one-step innovation variance; `m` the season length (ignored without season).
 */
export function etsForecastVariance(
  spec: EtsSpec,
  params: EtsParams,
  sigma2: number,
  horizon: number,
  m = WEEKLY_PERIOD,
): number[] {
  const out: number[] = [];
  let acc = 1;
  for (let h = 1; h <= horizon; h++) {
    out.push(sigma2 * acc);
    const j = h;
    const cj =
      params.alpha +
      (spec.trend === 'N' ? 0 : params.beta * dampedSum(spec, params.phi, j)) +
      (spec.season === 'A' && j % m === 0 ? params.gamma : 0);
    acc += cj * cj;
  }
  return out;
}
