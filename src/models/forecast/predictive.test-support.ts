/** Test support of the forecast tests: exact discrete predictive distributions. */
import type { Predictive } from './predictive.ts';

/** A Poisson(λ) predictive distribution on the integers (cdf P(Y ≤ ⌊y⌋), cdfBelow P(Y < y)). */
export function poisson(lambda: number): Predictive & { pmf: (k: number) => number } {
  const pmf = (k: number) => {
    let p = Math.exp(-lambda);
    for (let i = 1; i <= k; i++) p *= lambda / i;
    return p;
  };
  const upTo = (k: number) => {
    let s = 0;
    for (let i = 0; i <= k; i++) s += pmf(i);
    return s;
  };
  const cdf = (y: number) => (y < 0 ? 0 : upTo(Math.floor(y)));
  const quantile = (p: number) => {
    let k = 0;
    while (upTo(k) < p && k < 1000) k++;
    return k;
  };
  return {
    pmf,
    median: quantile(0.5),
    quantile,
    cdf,
    cdfBelow: (y) => (Number.isInteger(y) ? cdf(y - 1) : cdf(y)),
  };
}
