/**
 * The LTV and churn fit over plain order rows or their columns (no database): BG/NBD + Gamma-Gamma (see
 * src/models/ltv), the calibration/holdout check, the dashboard's distributions and the weekly
 * churn-risk insight. ltv.model.ts reads the orders and stores what this returns; the fit may run in
 * a worker thread (fits.ts).
 */
import {
  addDays,
  dayNumber,
  daysBetween,
  fromDayNumber,
  isoWeek,
} from '../../../kernel/dates/calendar-day.ts';
import {
  chooseChurnThresholdByExpectedF1,
  type ExpectedF1Threshold,
} from '../../../models/ltv/churn-threshold.ts';
import { type CustomerLtv, ltvReport } from '../../../models/ltv/ltv.report.ts';
import type { NewInsight } from '../insights/insights.repository.ts';
import { formatMoneyMinor, formatPercent } from './insight-format.ts';
import {
  type LtvOrderColumns,
  type LtvOrderRow,
  ltvOrderColumnsOf,
  ordersInMainCurrency,
} from './ltv.columns.ts';

/**
 * The churn threshold before any LTV run has stored one (and the largest a run may choose): a
 * repeat customer with P(alive) below it is more likely gone than not.
 */
export const CHURN_P_ALIVE = 0.5;
/**
 * Smallest share of the repeat customers called "likely gone" that the model must expect to be
 * truly gone (the expected-precision floor of {@link chooseChurnRule}).
 */
export const CHURN_MIN_EXPECTED_PRECISION = 0.8;

/** The "likely gone" rule every LTV run and the demo report use (see {@link chooseChurnRule}). */
export type ChurnRule = ExpectedF1Threshold;

/**
 * The one "likely gone" rule of Omnify, used by workspace runs, their holdout check and
 * `omnify intel demo`: the P(alive) threshold of highest expected F1
 * ({@link chooseChurnThresholdByExpectedF1}: Ye et al. 2012; Lipton et al. 2014), among thresholds
 * at most {@link CHURN_P_ALIVE} (each customer flagged is more likely gone than not) whose flagged
 * group the model expects to be at least {@link CHURN_MIN_EXPECTED_PRECISION} gone. Threshold 0
 * (nobody flagged) when no threshold qualifies. `pAlive`: the repeat customers' P(alive) in [0, 1].
 *
 * @throws RangeError when a P(alive) is not a number in [0, 1].
 */
export function chooseChurnRule(pAlive: readonly number[]): ChurnRule {
  return chooseChurnThresholdByExpectedF1(pAlive, {
    minExpectedPrecision: CHURN_MIN_EXPECTED_PRECISION,
    maxThreshold: CHURN_P_ALIVE,
  });
}
/** Smallest data set the LTV models are fitted on. */
const MIN_CUSTOMERS = 20;
const MIN_REPEATERS = 5;
/** CLV horizon (months) and monthly discount rate: the settings CLV_HORIZON_MONTHS and CLV_MONTHLY_DISCOUNT_RATE. */
export interface ClvSetting {
  months: number;
  monthlyDiscountRate: number;
}

/** The default CLV setting: 12 months, discounted at 1 % a month. */
export const CLV: ClvSetting = { months: 12, monthlyDiscountRate: 0.01 };

export type { LtvOrderRow } from './ltv.columns.ts';

/**
 * Orders as the `orders` table gives them to {@link fitLtv}, from plain orders (the customer
 * demo's, which know their customer, UTC day, amount in minor units and currency).
 */
export function ltvOrderRows(
  orders: readonly { customerId: string; date: string; amountMinor: number; currency: string }[],
): LtvOrderRow[] {
  return orders.map((o) => ({
    contact_id: o.customerId,
    day: o.date,
    amount_minor: String(o.amountMinor),
    currency: o.currency,
  }));
}

/** What the fit found: too little data (with the reason) or per-customer predictions plus the workspace result. */
export type LtvFit =
  | { status: 'insufficient_data'; reason: string }
  | {
      status: 'completed';
      currency: string;
      customers: CustomerLtv[];
      /** The workspace's stored result (parameters, holdout, distributions, `churn` threshold). */
      result: Record<string, unknown>;
      insight: NewInsight | null;
      atRisk: number;
      /** The "likely gone" rule chosen on this data. */
      churn: ChurnRule;
    };

/**
 * Fits the workspace's orders in its main currency with the calibration period ending `asOf` (a
 * calendar day: today in the workspace's time zone, ltv.model.ts); the holdout check splits the history at two thirds of its span when it covers ≥ 56 days.
 */
export function fitLtv(input: {
  orders: readonly LtvOrderRow[] | LtvOrderColumns;
  asOf: string;
  clv?: ClvSetting;
}): LtvFit {
  const { asOf } = input;
  const clv = input.clv ?? CLV;
  const columns = 'contact' in input.orders ? input.orders : ltvOrderColumnsOf(input.orders);
  const { currency, orders, otherCurrencyOrders } = ordersInMainCurrency(columns);
  const perCustomer = new Int32Array(orders.customerIds.length);
  for (const k of orders.contact) perCustomer[k]++;
  let customersSeen = 0;
  let repeaters = 0;
  for (const n of perCustomer) {
    if (n > 0) customersSeen++;
    if (n > 1) repeaters++;
  }
  if (customersSeen < MIN_CUSTOMERS || repeaters < MIN_REPEATERS) {
    const reason = `LTV needs at least ${MIN_CUSTOMERS} customers of whom ${MIN_REPEATERS} bought again; found ${customersSeen} and ${repeaters}`;
    return { status: 'insufficient_data', reason };
  }
  const report = ltvReport(orders, asOf, undefined, clv);
  let firstDay = dayNumber(asOf);
  for (const d of orders.day) if (d < firstDay) firstDay = d;
  const first = fromDayNumber(firstDay);
  const span = daysBetween(first, asOf);
  const split = addDays(first, Math.floor((span * 2) / 3));
  const holdoutReport = span >= 56 ? ltvReport(orders, split, asOf, clv, { spend: false }) : null;
  const holdout = holdoutReport?.holdout ?? null;
  const customers = report.customers;
  const churn = churnRule(customers);
  return {
    status: 'completed',
    currency,
    customers,
    result: {
      status: 'completed',
      asOf,
      currency,
      bgnbd: report.bgnbd,
      gammaGamma: report.gammaGamma,
      clv,
      customers: customers.length,
      otherCurrencyOrders,
      zeroValueOccasions: report.zeroValueOccasions,
      holdout: holdout ? { calibrationEnd: split, holdoutEnd: asOf, ...holdout } : null,
      distribution: distributions(customers),
      churn: {
        ...churn,
        holdoutCheck: holdoutReport ? holdoutCheck(holdoutReport.customers, split, asOf) : null,
      },
    },
    insight: churnInsight(customers, currency, asOf, churn),
    atRisk: atRisk(customers, churn.threshold).length,
    churn,
  };
}

/** The "likely gone" threshold for these customers, chosen on their repeat customers' P(alive). */
function churnRule(customers: readonly CustomerLtv[]): ChurnRule {
  return chooseChurnRule(customers.filter((c) => c.frequency >= 1).map((c) => c.pAlive));
}

/**
 * A check of the rule on the workspace's own orders, where nobody's truth is known: with the model
 * fitted up to `split` and the threshold chosen the same way, how many of the repeat customers
 * then called gone bought again before `asOf`. They were not gone, so
 * `1 − boughtAgain / flagged` bounds the rule's precision from above.
 */
function holdoutCheck(customers: readonly CustomerLtv[], split: string, asOf: string) {
  const rule = churnRule(customers);
  const flagged = atRisk(customers, rule.threshold);
  const boughtAgain = flagged.filter((c) => c.holdoutPurchases > 0).length;
  return {
    calibrationEnd: split,
    holdoutEnd: asOf,
    threshold: rule.threshold,
    flagged: flagged.length,
    boughtAgain,
    precisionAtMost: flagged.length ? 1 - boughtAgain / flagged.length : null,
  };
}

const n = (x: number) => x.toLocaleString('en-US');

const atRisk = (customers: readonly CustomerLtv[], threshold: number) =>
  customers.filter((c) => c.frequency >= 1 && c.pAlive < threshold);

/** Histograms a dashboard draws: P(alive) in tenths, CLV in quantile bins (minor units). */
function distributions(customers: readonly CustomerLtv[]) {
  const pAlive = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, customers: 0 }));
  for (const c of customers) pAlive[Math.min(9, Math.floor(c.pAlive * 10))].customers++;
  const clvs = customers.map((c) => c.clv ?? 0).sort((a, b) => a - b);
  const q = (p: number) => Math.round(clvs[Math.min(clvs.length - 1, Math.floor(p * clvs.length))] ?? 0);
  return {
    pAlive,
    clvQuantiles: [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1].map((p) => ({
      quantile: p,
      clvMinor: p === 1 ? Math.round(clvs.at(-1) ?? 0) : q(p),
    })),
    totalClvMinor: Math.round(clvs.reduce((s, v) => s + v, 0)),
  };
}

/**
 * The churn-risk insight: repeat customers whose P(alive) fell below the run's threshold (`rule`,
 * chosen by {@link chooseChurnRule}), ranked by what they spent. One insight per ISO week
 * (fingerprint), recommending a "Churn risk" segment. The text states the threshold, how it was
 * chosen and the share of those flagged the model expects to be gone.
 */
function churnInsight(
  customers: readonly CustomerLtv[],
  currency: string,
  asOf: string,
  rule: ChurnRule,
): NewInsight | null {
  const flagged = atRisk(customers, rule.threshold);
  if (flagged.length === 0) return null;
  const risk = mostValuable(flagged, SEGMENT_LIMIT);
  const repeaters = customers.filter((c) => c.frequency >= 1).length;
  const share = flagged.length / Math.max(1, repeaters);
  const pastValue = Math.round(flagged.reduce((s, c) => s + pastSpend(c), 0));
  const week = isoWeek(asOf);
  return {
    kind: 'churn_risk',
    severity: share >= 0.3 ? 'critical' : share >= 0.1 ? 'warning' : 'info',
    fingerprint: `churn_risk:${week}`,
    title: `${n(flagged.length)} repeat customers are likely to have churned`,
    summary:
      `${n(flagged.length)} of ${n(repeaters)} repeat customers (${formatPercent(share)}) are likely gone: P(alive) below ${rule.threshold}, ` +
      `the threshold that best balances finding them against flagging customers who still buy (highest expected F1); ` +
      `the model expects ${formatPercent(rule.expectedPrecision ?? 0)} of those flagged to have truly stopped buying. ` +
      `In all, the model expects ${n(Math.round(rule.expectedGone))} (${formatPercent(rule.expectedGone / Math.max(1, repeaters))}) to have stopped; ` +
      `those flagged spent about ${formatMoneyMinor(pastValue, currency)} before going quiet.`,
    subjectType: 'workspace',
    subjectId: 'customers',
    evidence: {
      asOf,
      threshold: rule.threshold,
      thresholdMethod: rule.method,
      minExpectedPrecision: rule.minExpectedPrecision,
      expectedF1: rule.expectedF1,
      expectedPrecision: rule.expectedPrecision,
      expectedRecall: rule.expectedRecall,
      expectedGone: rule.expectedGone,
      atRisk: flagged.length,
      repeatCustomers: repeaters,
      pastValueMinor: pastValue,
      currency,
      top: risk.slice(0, 20).map((c) => ({
        contactId: c.customerId,
        pAlive: c.pAlive,
        frequency: c.frequency,
        weeksSinceLastPurchase: c.T - c.recency,
        averageOrderMinor: Math.round(c.monetaryValue),
      })),
    },
    recommendation: {
      action: 'add_to_segment',
      segmentName: 'Churn risk',
      contactIds: risk.map((c) => c.customerId),
    },
  };
}

/** Most contacts the "Churn risk" segment recommendation carries. */
const SEGMENT_LIMIT = 5_000;

/** What a customer spent: their mean order value × their orders (minor units). */
const pastSpend = (c: CustomerLtv) => c.monetaryValue * (c.frequency + 1);

/**
 * The `k` customers of highest {@link pastSpend}, highest first, ties in their given order: the same
 * as the first `k` of a stable sort of all of them, without sorting objects (sorting 780,000 at-risk
 * customers of a million took 1.2 s): the k-th highest value comes from a sorted Float64Array.
 */
export function mostValuable(customers: readonly CustomerLtv[], k: number): CustomerLtv[] {
  if (customers.length <= k) return customers.slice().sort((a, b) => pastSpend(b) - pastSpend(a));
  const values = Float64Array.from(customers, pastSpend);
  const cut = values.slice().sort()[customers.length - k];
  let ties = k;
  for (const v of values) if (v > cut) ties--;
  const kept = customers.filter((_, i) => values[i] > cut || (values[i] === cut && ties-- > 0));
  return kept.sort((a, b) => pastSpend(b) - pastSpend(a));
}

/** ISO 8601 week label `YYYY-Www` of a UTC day (the calendar-day module's). */
export { isoWeek };
