/**
 * The LTV fit as a worker thread runs it: orders in as columns, per-customer predictions out as
 * columns (ltv.columns.ts), so that neither crosses between the threads as a million objects.
 */
import { type LtvCustomerColumns, type LtvOrderColumns, toCustomerColumns } from './ltv.columns.ts';
import { type ClvSetting, fitLtv, type LtvFit } from './ltv.fit.ts';

type Completed = Extract<LtvFit, { status: 'completed' }>;

/** {@link LtvFit} with the completed fit's `customers` as {@link LtvCustomerColumns}. */
export type LtvColumnsFit =
  | Exclude<LtvFit, Completed>
  | (Omit<Completed, 'customers'> & { customers: LtvCustomerColumns });

/**
 * {@link fitLtv} on order columns, answering its customers as columns (same order, same values;
 * a null expected value or CLV as NaN). Throws what fitLtv throws.
 */
export function fitLtvColumns(input: {
  orders: LtvOrderColumns;
  asOf: string;
  clv?: ClvSetting;
}): LtvColumnsFit {
  const fit = fitLtv(input);
  return fit.status === 'completed' ? { ...fit, customers: toCustomerColumns(fit.customers) } : fit;
}
