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
import { nelderMead } from './nelder-mead.ts';
import { lgamma } from './special.ts';

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
  const { p, q, v } = params;
  if (!(p > 0 && q > 0 && v > 0)) return Number.NEGATIVE_INFINITY;
  const lgQ = lgamma(q);
  const qLogV = q * Math.log(v);
  const cache = new Map<number, number>();
  let total = 0;
  for (const { frequency: x, monetaryValue: z } of customers) {
    if (!(x > 0 && z > 0)) continue;
    const px = p * x;
    let k = cache.get(x);
    if (k === undefined) {
      k = lgamma(px + q) - lgamma(px) - lgQ + qLogV + px * Math.log(x);
      cache.set(x, k);
    }
    total += k + (px - 1) * Math.log(z) - (px + q) * Math.log(v + x * z);
  }
  return total;
}

/**
 * Maximum-likelihood Gamma-Gamma fit by Nelder–Mead over (ln p, ln q, ln v), started at all-ones —
 * or, for large bases, at the fit on an evenly spaced subsample of 10,000 customers, refined on all
 * of them with a small simplex. Uses only customers with frequency > 0 (and a positive mean value);
 * ln z̄ is computed once per customer. Throws `RangeError` if none.
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
  const xs = Float64Array.from(used, (c) => c.frequency);
  const zs = Float64Array.from(used, (c) => c.monetaryValue);
  const logZ = Float64Array.from(zs, Math.log);
  const sumX = new Map<number, { n: number; sumLogZ: number }>();
  for (let i = 0; i < xs.length; i++) {
    const e = sumX.get(xs[i]) ?? { n: 0, sumLogZ: 0 };
    e.n++;
    e.sumLogZ += logZ[i];
    sumX.set(xs[i], e);
  }
  // Σ ln f = Σ_x [n_x·(lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + px ln x) + (px − 1)·Σ ln z̄] − Σ_i (px_i + q) ln(v + x_i z̄_i)
  const ll = ({ p, q, v }: GammaGammaParams) => {
    if (!(p > 0 && q > 0 && v > 0)) return Number.NEGATIVE_INFINITY;
    const lgQ = lgamma(q);
    const qLogV = q * Math.log(v);
    let total = 0;
    for (const [x, e] of sumX) {
      const px = p * x;
      total += e.n * (lgamma(px + q) - lgamma(px) - lgQ + qLogV + px * Math.log(x)) + (px - 1) * e.sumLogZ;
    }
    for (let i = 0; i < xs.length; i++) total -= (p * xs[i] + q) * Math.log(v + xs[i] * zs[i]);
    return total;
  };
  const res = nelderMead((z) => -ll(toParams(z)), start, {
    step,
    // Refining a warm start on ≥ 20,000 customers: the simplex stops once its log-likelihoods are
    // within 0.001 nats and its log-parameters within 1e-5, far inside the estimates' standard
    // errors (a change of one standard error moves the log-likelihood by ½ nat).
    fTolerance: step < 1 ? 1e-3 : 1e-9,
    xTolerance: step < 1 ? 1e-5 : 1e-7,
    restarts: step < 1 ? 1 : undefined,
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
