/**
 * Orders import target: one row per order (or per purchase line), the input of the customer
 * lifetime-value models (src/models/ltv/). Amounts in integer currency minor units.
 */
import type { DateFormat } from './dates.ts';
import type { ImportMapping } from './mapping.ts';
import { type ReadOptions, readMappedCsv } from './reader.ts';
import type { ImportResult, TargetSpec } from './types.ts';

/** One imported order. */
export interface OrderRecord {
  /** The shop's customer id, as text (leading zeros kept: `00001` stays `00001`). */
  customerId: string;
  /** UTC calendar day `YYYY-MM-DD`. */
  date: string;
  /**
   * Order value in currency minor units (integer). Zero is valid (free orders; the LTV model
   * reports them). Negative only when the mapping sets `format.allowNegativeAmounts` (refunds).
   */
  amountMinor: number;
  /** ISO 4217 code. */
  currency: string;
  orderId?: string;
  email?: string;
  phone?: string;
  name?: string;
}

/** Field kinds of {@link OrderRecord} for `readMappedCsv`. */
export const ORDER_TARGET: TargetSpec = {
  name: 'orders',
  fields: {
    customerId: { kind: 'text', required: true },
    date: { kind: 'date', required: true },
    amountMinor: { kind: 'money', required: true },
    currency: { kind: 'currency', required: true },
    orderId: { kind: 'text', required: false },
    email: { kind: 'email', required: false },
    phone: { kind: 'text', required: false },
    name: { kind: 'text', required: false },
  },
};

/** Options of {@link defaultOrdersMapping}. */
export interface OrdersMappingOptions {
  /** Currency of rows without a `currency` column or value. Default `USD`. */
  currency?: string;
  /** Layout of the `date` column. Default `YYYY-MM-DD`. */
  dateFormat?: DateFormat;
  /** Accept negative amounts (refunds) instead of reporting `negative_value`. Default false. */
  allowRefunds?: boolean;
}

/**
 * The default orders mapping: columns `customer_id`, `date`, `amount` (decimal major units), and
 * optionally `order_id`, `currency`, `email`, `phone`, `name`; header names match case-insensitively
 * (`Customer_ID` works). Optional columns may be absent from the file.
 */
export function defaultOrdersMapping(options: OrdersMappingOptions = {}): ImportMapping {
  return {
    format: {
      dateFormat: options.dateFormat ?? 'YYYY-MM-DD',
      ...(options.allowRefunds ? { allowNegativeAmounts: true } : {}),
    },
    fields: {
      customerId: { column: 'customer_id' },
      date: { column: 'date' },
      amountMinor: { column: 'amount' },
      currency: { column: 'currency', optional: true, default: options.currency ?? 'USD' },
      orderId: { column: 'order_id', optional: true },
      email: { column: 'email', optional: true },
      phone: { column: 'phone', optional: true },
      name: { column: 'name', optional: true },
    },
  };
}

/**
 * CDNOW_master.txt (Fader & Hardie's CDNOW data set; see ../shared/data/cdnow/SOURCE.md):
 * whitespace-separated `customer_id date(YYYYMMDD) number_of_cds dollar_value` with a header line,
 * USD. The CD count is not part of an order record and is not read.
 */
export function cdnowMasterPreset(): ImportMapping {
  return {
    format: { delimiter: 'whitespace', dateFormat: 'YYYYMMDD' },
    fields: {
      customerId: { column: 'customer_id' },
      date: { column: 'date' },
      amountMinor: { column: 'dollar_value' },
      currency: { value: 'USD' },
    },
  };
}

/**
 * CDNOW_sample.txt: whitespace-separated, **no header**, columns `id_total id_sample date count
 * value` (names from the lifetimes test fixture). `customerId` is the master id (`id_total`), so
 * records match CDNOW_master.txt.
 */
export function cdnowSamplePreset(): ImportMapping {
  return {
    format: {
      delimiter: 'whitespace',
      header: false,
      columns: ['id_total', 'id_sample', 'date', 'num_cd_purc', 'total_value'],
      dateFormat: 'YYYYMMDD',
    },
    fields: {
      customerId: { column: 'id_total' },
      date: { column: 'date' },
      amountMinor: { column: 'total_value' },
      currency: { value: 'USD' },
    },
  };
}

/**
 * Reads an orders CSV with `mapping` (default: {@link defaultOrdersMapping}). Same contract as
 * `readMappedCsv`; throws `OMNIFY_ERR_VALIDATION` for an invalid mapping.
 */
export function readOrdersCsv(
  bytes: Buffer | string,
  mapping: unknown = defaultOrdersMapping(),
  options: Omit<ReadOptions, 'target'> = {},
): ImportResult<OrderRecord> {
  return readMappedCsv<OrderRecord>(bytes, mapping, { ...options, target: ORDER_TARGET });
}
