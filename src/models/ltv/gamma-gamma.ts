/**
 * Gamma-Gamma model of average transaction value: P. S. Fader, B. G. S. Hardie & K. L. Lee, "RFM and
 * CLV: Using Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4) (2005)
 * 415–430, spend sub-model; equations as written out in P. S. Fader & B. G. S. Hardie, "The
 * Gamma-Gamma Model of Monetary Value" (2013 note), eqs. 1–5.
 *
 * Each transaction value z_i ~ Gamma(shape p, rate ν), with ν ~ Gamma(shape q, rate v) across
 * customers. Spend is assumed independent of the purchase process (BG/NBD). Values are in the data's
 * currency (USD for CDNOW); "frequency" is the number of repeat transactions x that make up the mean.
 */
import { LIKELIHOOD_STALL, nelderMead } from './nelder-mead.ts';
import { lgamma, logGammaRatio } from './special.ts';

/** A customer's repeat-transaction count x (integer) and their mean value z̄ over those x. */
export interface GammaGammaCustomer {
  frequency: number;
  monetaryValue: number;
}

/** Gamma-Gamma parameters: per-transaction shape p; heterogeneity Gamma(q, v) of the rate ν. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** Fitted Gamma-Gamma parameters, the total log-likelihood, and how many customers were used. */
export interface GammaGammaFit extends GammaGammaParams {
  logLikelihood: number;
  customersUsed: number;
}

/**
 * Total log-likelihood Σ ln f(z̄ | p, q, v, x) over customers with x > 0, where (Fader & Hardie 2013
 * eq. 4, the density of the mean z̄ of x values after integrating out ν)
 * ln f = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln z̄ + px ln x − (px+q) ln(v + x z̄).
 * Customers with x = 0 or z̄ ≤ 0 carry no spend information and are skipped.
 */
export function gammaGammaLogLikelihood(
  params: GammaGammaParams,
  customers: readonly GammaGammaCustomer[],
): number {
  return spendLogLikelihood(
    params,
    spendColumns(customers.filter((c) => c.frequency > 0 && c.monetaryValue > 0)),
  );
}

/**
 * The customers a fit uses, as columns over their distinct (x, x·z̄) pairs with how many customers
 * share each (prices repeat, so a base of a million often has a few thousand pairs), the customers
 * per x, and Σ ln z̄ (parameter-free).
 */
interface SpendColumns {
  xs: Float64Array;
  xz: Float64Array;
  weight: Float64Array;
  perX: Map<number, number>;
  sumLogZ: number;
  /** Σ ln(x·z̄) and the number of customers. */
  sumLogXz: number;
  customers: number;
}

function spendColumns(used: readonly GammaGammaCustomer[]): SpendColumns {
  const pairs = new Map<number, Map<number, number>>();
  let sumLogZ = 0;
  let sumLogXz = 0;
  let distinct = 0;
  for (const { frequency: x, monetaryValue: z } of used) {
    let byXz = pairs.get(x);
    if (!byXz) {
      byXz = new Map();
      pairs.set(x, byXz);
    }
    const n = byXz.get(x * z);
    if (n === undefined) distinct++;
    byXz.set(x * z, (n ?? 0) + 1);
    sumLogZ += Math.log(z);
    sumLogXz += Math.log(x * z);
  }
  const xs = new Float64Array(distinct);
  const xz = new Float64Array(distinct);
  const weight = new Float64Array(distinct);
  const perX = new Map<number, number>();
  let i = 0;
  for (const [x, byXz] of pairs) {
    let customers = 0;
    for (const [value, n] of byXz) {
      xs[i] = x;
      xz[i] = value;
      weight[i++] = n;
      customers += n;
    }
    perX.set(x, customers);
  }
  return { xs, xz, weight, perX, sumLogZ, sumLogXz, customers: used.length };
}

/**
 * Eq. 4 summed, rearranged so that no term grows with p: per customer
 * ln Γ(px+q)/Γ(px) − lnΓ(q) − ln z̄ − (px + q)·ln(1 + v/(x z̄)) − q·(ln(x z̄) − ln v), of which only
 * the fourth term needs a logarithm per customer and each evaluation. Written as in eq. 4,
 * the terms (px−1) ln z̄ and (px+q) ln(v + x z̄) reach 10¹² over a million customers when p is large
 * (customers who always spend the same) and cancel to a few million: their rounding made the sum
 * jump by a nat between neighbouring parameters, and the fit wandered in that noise.
 */
function spendLogLikelihood({ p, q, v }: GammaGammaParams, cols: SpendColumns): number {
  if (!(p > 0 && q > 0 && v > 0)) return Number.NEGATIVE_INFINITY;
  const lgQ = lgamma(q);
  let total = -cols.sumLogZ;
  for (const [x, n] of cols.perX) total += n * (logGammaRatio(p * x, q) - lgQ);
  total -= q * (cols.sumLogXz - cols.customers * Math.log(v));
  const { xs, xz, weight } = cols;
  for (let i = 0; i < xs.length; i++) total -= weight[i] * (p * xs[i] + q) * Math.log1p(v / xz[i]);
  return total;
}

/**
 * The fit keeps |ln p|, |ln q|, |ln v| ≤ 50 (p up to 5·10²¹). When every customer's mean value is the
 * same, the likelihood grows without bound as p and q do (the density of z̄ becomes a spike), and the
 * simplex ran p to 10³⁰⁴, where p·(v + x z̄) in eq. 5 overflowed to a NaN prediction. At the bound the
 * model already predicts each customer's own mean z̄ to 10⁻¹⁸.
 */
const LOG_PARAMETER_LIMIT = 50;

/**
 * Maximum-likelihood Gamma-Gamma fit by Nelder–Mead over (ln p, ln q, ln v), started at all-ones —
 * or, for large bases, at the fit on an evenly spaced subsample of 10,000 customers, refined on all
 * of them with a small simplex. Uses only customers with frequency > 0 (and a positive mean value).
 * Throws `RangeError` if none.
 */
export function fitGammaGamma(customers: readonly GammaGammaCustomer[]): GammaGammaFit {
  const used = customers.filter((c) => c.frequency > 0 && c.monetaryValue > 0);
  if (used.length === 0) throw new RangeError('Gamma-Gamma: no customers with frequency > 0');
  for (const c of used) {
    if (!Number.isInteger(c.frequency))
      throw new RangeError(`Gamma-Gamma: non-integer frequency ${c.frequency}`);
  }
  const toParams = (z: number[]): GammaGammaParams => ({
    p: Math.exp(z[0]),
    q: Math.exp(z[1]),
    v: Math.exp(z[2]),
  });
  let start = [0, 0, 0];
  let step = 1;
  if (used.length > 20_000) {
    const stride = used.length / 10_000;
    const warm = fitGammaGamma(Array.from({ length: 10_000 }, (_, i) => used[Math.floor(i * stride)]));
    start = [warm.p, warm.q, warm.v].map(Math.log);
    step = 0.1;
  }
  const cols = spendColumns(used);
  const objective = (z: number[]) =>
    z.every((zi) => Math.abs(zi) <= LOG_PARAMETER_LIMIT)
      ? -spendLogLikelihood(toParams(z), cols)
      : Number.POSITIVE_INFINITY;
  const res = nelderMead(objective, start, {
    step,
    // Refining a warm start on ≥ 20,000 customers: the simplex stops once its log-likelihoods are
    // within 0.001 nats and its log-parameters within 1e-5, far inside the estimates' standard
    // errors (a change of one standard error moves the log-likelihood by ½ nat).
    fTolerance: step < 1 ? 1e-3 : 1e-9,
    xTolerance: step < 1 ? 1e-5 : 1e-7,
    restarts: step < 1 ? 1 : undefined,
    ...LIKELIHOOD_STALL,
  });
  return { ...toParams(res.x), logLikelihood: -res.fx, customersUsed: used.length };
}

/**
 * Conditional expected average transaction value E[Z | p, q, v, x, z̄] (Fader & Hardie 2013 eq. 5):
 * ((q−1)/(px+q−1)) · (v p/(q−1)) + (px/(px+q−1)) · z̄ = p (v + x z̄) / (px + q − 1),
 * a weighted mean of the population mean v p/(q−1) and the customer's own z̄. Requires q > 1 (finite
 * population mean). With frequency 0 it returns the population mean v p/(q−1).
 */
export function expectedAverageValue(
  params: GammaGammaParams,
  frequency: number,
  monetaryValue: number,
): number {
  const { p, q, v } = params;
  if (!(q > 1)) throw new RangeError(`Gamma-Gamma: expected value needs q > 1, got q=${q}`);
  if (!(frequency >= 0)) throw new RangeError(`Gamma-Gamma: frequency must be ≥ 0, got ${frequency}`);
  const x = frequency;
  const z = x > 0 ? monetaryValue : 0;
  return (p * (v + x * z)) / (p * x + q - 1);
}
