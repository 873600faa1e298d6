/**
 * BG/NBD conditional expectations for many customers and several horizons at once: FHL 2005 eq. 10
 * factored so that its costly part is computed once per distinct (x, T) instead of once per customer
 * and horizon. Same values as `expectedPurchases` (bgnbd.ts), to rounding.
 */
import { type BgNbdCustomer, type BgNbdParams, probabilityAlive } from './bgnbd.ts';
import { hyp2f1 } from './special.ts';

/**
 * Returns a function giving, for one customer, E[Y(t_k) | x, t_x, T] for each horizon t_k of
 * `horizons` (weeks, ≥ 0), written into `out` (a Float64Array of horizons.length, reused by the caller)
 * or a new array.
 *
 * Eq. 10 of Fader, Hardie & Lee, "Counting Your Customers the Easy Way", Marketing Science 24(2)
 * (2005) is [(a+b+x−1)/(a−1)] · [1 − ((α+T)/(α+T+t))^{r+x} · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
 * divided by [1 + δ_{x>0} a/(b+x−1) ((α+T)/(α+t_x))^{r+x}]; the divisor's inverse is P(alive)
 * ({@link probabilityAlive}). Only P(alive) depends on t_x, so the rest — the Gauss hypergeometric
 * series, the expensive part — is kept per (x, T) and horizon: a base of a million customers over 78
 * weeks has a few thousand distinct (x, T) pairs (T in days ÷ 7).
 *
 * @throws RangeError as `expectedPurchases` does (a = 1, a horizon < 0, an invalid customer).
 */
export function expectedPurchasesAtHorizons(
  params: BgNbdParams,
  horizons: readonly number[],
): (customer: BgNbdCustomer, out?: Float64Array) => Float64Array {
  const { r, alpha, a, b } = params;
  if (a === 1) throw new RangeError('BG/NBD: eq. 10 is undefined at a = 1');
  for (const t of horizons) if (!(t >= 0)) throw new RangeError(`BG/NBD: horizon t must be ≥ 0, got ${t}`);
  const byX = new Map<number, Map<number, Float64Array>>();
  const unconditional = (x: number, T: number) => {
    const values = new Float64Array(horizons.length);
    const head = (a + b + x - 1) / (a - 1);
    horizons.forEach((t, k) => {
      if (t === 0) return;
      const z = t / (alpha + T + t);
      // ((α+T)/(α+T+t))^{r+x} as exp((r+x)·ln(1 − z)): the ratio itself rounds to 1 once α ≫ T.
      const powTerm = Math.exp((r + x) * Math.log1p(-z));
      values[k] = head * (1 - powTerm * hyp2f1(r + x, b + x, a + b + x - 1, z));
    });
    return values;
  };
  return (customer, out = new Float64Array(horizons.length)) => {
    const pAlive = probabilityAlive(params, customer); // validates the customer
    const { frequency: x, T } = customer;
    let byT = byX.get(x);
    if (!byT) {
      byT = new Map();
      byX.set(x, byT);
    }
    let values = byT.get(T);
    if (!values) {
      values = unconditional(x, T);
      byT.set(T, values);
    }
    for (let k = 0; k < values.length; k++) out[k] = values[k] * pAlive;
    return out;
  };
}
