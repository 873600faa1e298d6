/**
 * The LTV fit's input and output as columns, the form they cross between the API's thread and a
 * fit's worker thread in: a million customers' orders as a handful of typed arrays instead of
 * millions of small objects, which the structured clone would rebuild one by one (and the garbage
 * collector then sweep) on the API's thread. Pure, except that {@link toLtvOrderColumns} yields to
 * the event loop between slices.
 */
import { setImmediate as nextMacrotask } from 'node:timers/promises';
import { dayNumber } from '../../../kernel/dates/calendar-day.ts';
import type { CustomerLtv } from '../../../models/ltv/ltv.report.ts';
import type { OrderColumns } from '../../../models/ltv/rfm.ts';
import type { StringList } from './packed-strings.ts';

/** One order as the `orders` table gives it: the contact, its UTC day, amount in minor units (text) and currency. */
export interface LtvOrderRow {
  contact_id: string;
  day: string;
  amount_minor: string;
  currency: string;
}

/**
 * Orders as columns: `customerIds` lists each contact once (`contact[i]` indexes it), `day[i]` is
 * the order's UTC calendar day as a day number (days since 1970-01-01), `amountMinor[i]` its amount
 * in currency minor units, `currency[i]` indexes `currencies` (ISO 4217 codes).
 */
export interface LtvOrderColumns {
  customerIds: string[];
  contact: Int32Array;
  day: Int32Array;
  amountMinor: Float64Array;
  currencies: string[];
  currency: Uint16Array;
}

/** Empty columns for `n` rows and the function that fills row `i` (ids and currencies indexed in `ids`). */
function columnsBuilder(n: number, ids = idIndex()) {
  const out: LtvOrderColumns = {
    customerIds: ids.customerIds,
    contact: new Int32Array(n),
    day: new Int32Array(n),
    amountMinor: new Float64Array(n),
    currencies: ids.currencies,
    currency: new Uint16Array(n),
  };
  const add = (i: number, r: LtvOrderRow) => {
    out.contact[i] = ids.contact(r.contact_id);
    out.day[i] = dayNumber(r.day);
    out.amountMinor[i] = Number(r.amount_minor);
    out.currency[i] = ids.currency(r.currency);
  };
  return { out, add };
}

/** Contact ids and currencies, each listed once in order of first sight, with their indexes. */
function idIndex() {
  const customerIds: string[] = [];
  const currencies: string[] = [];
  const contacts = new Map<string, number>();
  const codes = new Map<string, number>();
  const indexOf = (map: Map<string, number>, list: string[], key: string) => {
    let k = map.get(key);
    if (k === undefined) {
      k = list.push(key) - 1;
      map.set(key, k);
    }
    return k;
  };
  return {
    customerIds,
    currencies,
    contact: (id: string) => indexOf(contacts, customerIds, id),
    currency: (code: string) => indexOf(codes, currencies, code),
  };
}

/**
 * Rows to {@link LtvOrderColumns} a batch at a time, for a caller that reads the orders in batches
 * (ltv.model.ts) so that a large workspace's rows never live as objects all at once: `add` converts
 * one batch (contacts and currencies keep one index across batches), `finish` joins the batches.
 *
 * @throws RangeError from `add` when a row's day is not a `YYYY-MM-DD` calendar day.
 */
export function ltvOrderColumnsBuilder(): {
  add(rows: readonly LtvOrderRow[]): void;
  finish(): LtvOrderColumns;
} {
  const ids = idIndex();
  const parts: LtvOrderColumns[] = [];
  return {
    add(rows) {
      const { out, add } = columnsBuilder(rows.length, ids);
      for (let i = 0; i < rows.length; i++) add(i, rows[i]);
      parts.push(out);
    },
    finish() {
      const n = parts.reduce((t, p) => t + p.contact.length, 0);
      const { out } = columnsBuilder(n, ids);
      let at = 0;
      for (const p of parts) {
        out.contact.set(p.contact, at);
        out.day.set(p.day, at);
        out.amountMinor.set(p.amountMinor, at);
        out.currency.set(p.currency, at);
        at += p.contact.length;
      }
      return out;
    },
  };
}

/** Rows converted per slice before {@link toLtvOrderColumns} lets other work of the thread run. */
const SLICE = 50_000;

/**
 * {@link LtvOrderColumns} of `rows`, converted a slice of 50,000 rows at a time with a macrotask
 * between slices, so the API's thread keeps answering while a large workspace's orders are prepared.
 *
 * @throws RangeError when a row's day is not a `YYYY-MM-DD` calendar day.
 */
export async function toLtvOrderColumns(rows: readonly LtvOrderRow[]): Promise<LtvOrderColumns> {
  const { out, add } = columnsBuilder(rows.length);
  for (let from = 0; from < rows.length; from += SLICE) {
    if (from > 0) await nextMacrotask();
    for (let i = from; i < Math.min(rows.length, from + SLICE); i++) add(i, rows[i]);
  }
  return out;
}

/** {@link toLtvOrderColumns} at once (tests, the CLI, and fits handed rows). */
export function ltvOrderColumnsOf(rows: readonly LtvOrderRow[]): LtvOrderColumns {
  const { out, add } = columnsBuilder(rows.length);
  for (let i = 0; i < rows.length; i++) add(i, rows[i]);
  return out;
}

/**
 * The workspace's main currency (the one with the most orders; USD when there are none) and its
 * orders as {@link OrderColumns} for the LTV models (amounts in minor units), with how many other
 * orders were left out.
 */
export function ordersInMainCurrency(cols: LtvOrderColumns): {
  currency: string;
  orders: OrderColumns;
  otherCurrencyOrders: number;
} {
  const counts = new Float64Array(cols.currencies.length);
  for (const c of cols.currency) counts[c]++;
  let main = -1;
  for (let c = 0; c < counts.length; c++) if (main < 0 || counts[c] > counts[main]) main = c;
  const keep = main < 0 ? 0 : counts[main];
  const contact = new Int32Array(keep);
  const day = new Int32Array(keep);
  const amount = new Float64Array(keep);
  for (let i = 0, j = 0; i < cols.currency.length; i++) {
    if (cols.currency[i] !== main) continue;
    contact[j] = cols.contact[i];
    day[j] = cols.day[i];
    amount[j++] = cols.amountMinor[i];
  }
  return {
    currency: main < 0 ? 'USD' : cols.currencies[main],
    orders: { customerIds: cols.customerIds, contact, day, amount },
    otherCurrencyOrders: cols.currency.length - keep,
  };
}

/**
 * Per-customer predictions as columns ({@link CustomerLtv} field by field; `null` as NaN in
 * `expectedAverageValue` and `clv`), the form the LTV fit's output crosses threads in.
 */
export interface LtvCustomerColumns {
  /** A `string[]` where the fit ran; decoded a slice at a time when it came from a worker thread. */
  customerIds: StringList;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  pAlive: Float64Array;
  expectedPurchases30: Float64Array;
  expectedPurchases90: Float64Array;
  expectedPurchases365: Float64Array;
  expectedAverageValue: Float64Array;
  clv: Float64Array;
}

type NumberField = Exclude<keyof LtvCustomerColumns, 'customerIds'>;
const FIELDS: NumberField[] = [
  'frequency',
  'recency',
  'T',
  'pAlive',
  'expectedPurchases30',
  'expectedPurchases90',
  'expectedPurchases365',
  'expectedAverageValue',
  'clv',
];

/** {@link LtvCustomerColumns} of `customers` (in their order). */
export function toCustomerColumns(customers: readonly CustomerLtv[]): LtvCustomerColumns {
  const n = customers.length;
  const column = (f: NumberField) => {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) a[i] = customers[i][f] ?? Number.NaN;
    return a;
  };
  const columns = Object.fromEntries(FIELDS.map((f) => [f, column(f)])) as Record<NumberField, Float64Array>;
  return { customerIds: customers.map((c) => c.customerId), ...columns };
}
