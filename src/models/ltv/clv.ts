import { type BgNbdCustomer, type BgNbdParams, expectedPurchases } from './bgnbd.ts';

/** Options of {@link discountedClv}. */
export interface ClvOptions {
  /** Horizon in months (default 12). */
  months?: number;
  /** Discount rate per month (default 0.01, ≈ 12.7 % a year). */
  monthlyDiscountRate?: number;
  /** Length of a month in the model's time unit (default 4.345 weeks = 365.25 / 12 / 7). */
  unitsPerMonth?: number;
}

/**
 * Discounted customer lifetime value over a horizon, in the unit of `expectedValue` (Omnify passes
 * currency minor units):
 *
 *   CLV = Σ_{i=1..months} m · (E[Y(i·u)] − E[Y((i−1)·u)]) / (1 + d)^i
 *
 * where E[Y(t)] is the BG/NBD conditional expected number of purchases in (T, T + t] (Fader, Hardie &
 * Lee 2005, eq. 10), m the Gamma-Gamma expected value per purchase (Fader, Hardie & Lee, "RFM and CLV:
 * Using Iso-Value Curves for Customer Base Analysis", JMR 2005, eq. 5), u the month length and d the
 * monthly discount rate: the month-by-month discounting of expected residual purchases that
 * lifetimes' `customer_lifetime_value` also uses (so its published CDNOW figures can be checked).
 * Throws RangeError on a negative horizon or rate.
 */
export function discountedClv(
  bg: BgNbdParams,
  customer: BgNbdCustomer,
  expectedValue: number,
  options: ClvOptions = {},
): number {
  const cumulative = clvHorizons(options).map((t) => expectedPurchases(bg, t, customer));
  return clvFromExpectedPurchases(expectedValue, cumulative, 0, options);
}

/**
 * The horizons (model time units, weeks) at which {@link discountedClv} needs E[Y(t)]: i·u for
 * i = 1..months. Throws RangeError on a negative horizon or rate, or a month length ≤ 0.
 */
export function clvHorizons(options: ClvOptions = {}): number[] {
  const months = options.months ?? 12;
  const d = options.monthlyDiscountRate ?? 0.01;
  const u = options.unitsPerMonth ?? 365.25 / 12 / 7;
  if (!(months >= 0) || !(d >= 0) || !(u > 0)) {
    throw new RangeError(
      `CLV: months, discount rate and month length must be ≥ 0 (got ${months}, ${d}, ${u})`,
    );
  }
  return Array.from({ length: months }, (_, i) => (i + 1) * u);
}

/**
 * {@link discountedClv} from E[Y(i·u)] already computed: `cumulative[offset + i − 1]` for
 * i = 1..months (the order of {@link clvHorizons}), so that many customers' predictions can share one
 * evaluation of the BG/NBD expectations (bgnbd-horizons.ts).
 */
export function clvFromExpectedPurchases(
  expectedValue: number,
  cumulative: ArrayLike<number>,
  offset: number,
  options: ClvOptions = {},
): number {
  const months = options.months ?? 12;
  const growth = 1 + (options.monthlyDiscountRate ?? 0.01);
  let clv = 0;
  let previous = 0;
  let discount = 1;
  for (let i = 1; i <= months; i++) {
    const now = cumulative[offset + i - 1];
    discount *= growth;
    clv += (expectedValue * (now - previous)) / discount;
    previous = now;
  }
  return clv;
}
