import { dayNumber } from '../../kernel/dates/calendar-day.ts';

/** One order: customer, ISO date (YYYY-MM-DD, UTC) and amount in the data's currency units. */
export interface Transaction {
  customerId: string;
  date: string;
  amount: number;
}

/**
 * A customer's recency-frequency-monetary summary as BG/NBD and Gamma-Gamma use it (Fader, Hardie
 * & Lee 2005), time in weeks. Orders on the same day count as one purchase occasion (their amounts
 * add up). `frequency`: repeat occasions in the calibration period; `recency`: weeks from the first
 * to the last occasion; `T`: weeks from the first occasion to the calibration end; `monetaryValue`:
 * mean value of the repeat occasions with a positive value (0 when none); `holdoutPurchases`:
 * occasions after the calibration end up to the holdout end.
 */
export interface RfmSummary {
  customerId: string;
  frequency: number;
  recency: number;
  T: number;
  monetaryValue: number;
  /** Repeat occasions with value ≤ 0: left out of the spend model and reported. */
  zeroValueOccasions: number;
  holdoutPurchases: number;
}

const WEEK_DAYS = 7;

/**
 * Orders as columns (one entry per order), the form a worker thread receives them in: `customerIds`
 * lists each customer once and `contact[i]` indexes it; `day[i]` is the order's UTC calendar day as a
 * day number (days since 1970-01-01, `dayNumber`); `amount[i]` its amount in the data's units.
 */
export interface OrderColumns {
  customerIds: readonly string[];
  contact: Int32Array;
  day: Int32Array;
  amount: Float64Array;
}

/** {@link OrderColumns} of `transactions` (ISO dates read as UTC calendar days). */
export function toOrderColumns(transactions: readonly Transaction[]): OrderColumns {
  const index = new Map<string, number>();
  const customerIds: string[] = [];
  const n = transactions.length;
  const contact = new Int32Array(n);
  const day = new Int32Array(n);
  const amount = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = transactions[i];
    let k = index.get(t.customerId);
    if (k === undefined) {
      k = customerIds.length;
      index.set(t.customerId, k);
      customerIds.push(t.customerId);
    }
    contact[i] = k;
    day[i] = dayNumber(t.date.trim());
    amount[i] = t.amount;
  }
  return { customerIds, contact, day, amount };
}

/**
 * Builds the RFM summary of every customer whose first order is on or before `calibrationEnd`
 * (ISO date). As in the CDNOW literature (39 weeks from 1997-01-01 end on 1997-09-30), orders on the
 * end date belong to the calibration period while `T` is measured to the start of that day. Orders
 * after `calibrationEnd` up to and including `holdoutEnd` count as holdout purchases. Sorted by id.
 */
export function summarizeTransactions(
  transactions: readonly Transaction[],
  calibrationEnd: string,
  holdoutEnd?: string,
): RfmSummary[] {
  return summarizeOrderColumns(toOrderColumns(transactions), calibrationEnd, holdoutEnd);
}

/**
 * {@link summarizeTransactions} over {@link OrderColumns}: the orders are bucketed by customer in one
 * counting pass (input order kept within a customer, so same-day amounts add up in that order) and
 * each customer's few days are sorted on their own — O(n) plus O(k log k) per customer of k orders.
 */
export function summarizeOrderColumns(
  orders: OrderColumns,
  calibrationEnd: string,
  holdoutEnd?: string,
): RfmSummary[] {
  const calEnd = dayNumber(calibrationEnd.trim());
  const holdEnd = holdoutEnd ? dayNumber(holdoutEnd.trim()) : calEnd;
  const { customerIds, contact, day, amount } = orders;
  const m = customerIds.length;
  const start = new Int32Array(m + 1);
  for (let i = 0; i < contact.length; i++) start[contact[i] + 1]++;
  for (let k = 0; k < m; k++) start[k + 1] += start[k];
  const fill = start.slice(0, m);
  const byCustomer = new Int32Array(contact.length);
  for (let i = 0; i < contact.length; i++) byCustomer[fill[contact[i]]++] = i;
  const out: RfmSummary[] = [];
  for (let k = 0; k < m; k++) {
    // This customer's occasions: distinct days ascending, amounts of the same day added.
    const occasions = new Map<number, number>();
    for (let j = start[k]; j < start[k + 1]; j++) {
      const i = byCustomer[j];
      occasions.set(day[i], (occasions.get(day[i]) ?? 0) + amount[i]);
    }
    const days = [...occasions.keys()].sort((a, b) => a - b);
    let calibration = 0;
    while (calibration < days.length && days[calibration] <= calEnd) calibration++;
    if (calibration === 0) continue;
    const first = days[0];
    let positive = 0;
    let positiveSum = 0;
    for (let j = 1; j < calibration; j++) {
      const v = occasions.get(days[j])!;
      if (v > 0) {
        positive++;
        positiveSum += v;
      }
    }
    let holdout = 0;
    for (let j = calibration; j < days.length && days[j] <= holdEnd; j++) holdout++;
    out.push({
      customerId: customerIds[k],
      frequency: calibration - 1,
      recency: (days[calibration - 1] - first) / WEEK_DAYS,
      T: (calEnd - first) / WEEK_DAYS,
      monetaryValue: positive > 0 ? positiveSum / positive : 0,
      zeroValueOccasions: calibration - 1 - positive,
      holdoutPurchases: holdout,
    });
  }
  return out.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}
