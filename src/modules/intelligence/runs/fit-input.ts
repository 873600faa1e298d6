/**
 * How a fit's input and the LTV fit's per-customer output cross between the API's thread and a fit's
 * worker thread (fits.pool.ts, fits.worker.ts), so that no single structured clone of a large
 * workspace holds the API's event loop: the ad series are already typed-array columns on
 * SharedArrayBuffers (workspace-series.ts) and are shared as they are; long id lists cross as one
 * UTF-8 buffer (packed-strings.ts), built on the API's thread a slice at a time and transferred. The
 * results of the ad fits cross as fit-transfer.ts describes.
 */
import type { FitName } from './fits.ts';
import type { LtvOrderColumns } from './ltv.columns.ts';
import type { LtvColumnsFit } from './ltv.transfer.ts';
import {
  type PackedStrings,
  packedStringList,
  packStrings,
  packStringsSliced,
  stringBuffers,
  unpackStrings,
} from './packed-strings.ts';

/** A value and the buffers to transfer with it (a `transferList`; empty = nothing to move). */
export interface Packed<T = unknown> {
  value: T;
  transfer: ArrayBuffer[];
}

type LtvInput = { orders: LtvOrderColumns } & Record<string, unknown>;
type PackedLtvInput = Omit<LtvInput, 'orders'> & {
  orders: Omit<LtvOrderColumns, 'customerIds'> & { customerIds: PackedStrings };
};

/**
 * Fit `name`'s input as it crosses to a worker thread: the ad fits' series columns as they are
 * (shared, nothing to transfer; the run reuses them for its next fit), the LTV orders' contact ids
 * packed into one buffer a slice at a time (awaits macrotasks). The LTV columns' typed arrays are
 * moved, so the caller must not read them afterwards.
 */
export async function packFitInput(name: FitName, input: unknown): Promise<Packed> {
  if (name === 'ltv') {
    const { orders, ...rest } = input as LtvInput;
    const customerIds = await packStringsSliced(orders.customerIds);
    const value: PackedLtvInput = { ...rest, orders: { ...orders, customerIds } };
    const arrays = [orders.contact, orders.day, orders.amountMinor, orders.currency];
    return {
      value,
      transfer: [...stringBuffers(customerIds), ...arrays.map((a) => a.buffer as ArrayBuffer)],
    };
  }
  return { value: input, transfer: [] };
}

/** The inverse of {@link packFitInput}, on the worker thread. */
export function unpackFitInput(name: FitName, input: unknown): unknown {
  if (name === 'ltv') {
    const { orders, ...rest } = input as PackedLtvInput;
    return { ...rest, orders: { ...orders, customerIds: unpackStrings(orders.customerIds) } };
  }
  return input;
}

type Completed = Extract<LtvColumnsFit, { status: 'completed' }>;
type PackedCustomers = Omit<Completed['customers'], 'customerIds'> & { customerIds: PackedStrings };

/**
 * The LTV fit's answer with its customers' ids packed into one buffer and every per-customer column
 * moved (on the worker thread); other answers as they are.
 */
export function packLtvOutput(out: unknown): Packed {
  const fit = out as LtvColumnsFit;
  if (fit?.status !== 'completed') return { value: out, transfer: [] };
  // On the worker thread the ids are the fit's own string[]; slice() is a copy of its references.
  const customerIds = packStrings(fit.customers.customerIds.slice());
  const customers: PackedCustomers = { ...fit.customers, customerIds };
  const columns = Object.values(fit.customers).filter((v) => ArrayBuffer.isView(v)) as ArrayBufferView[];
  return {
    value: { ...fit, customers },
    transfer: [...stringBuffers(customerIds), ...columns.map((a) => a.buffer as ArrayBuffer)],
  };
}

/**
 * The inverse of {@link packLtvOutput} on the API's thread: the ids stay packed, as a
 * {@link StringList} that decodes the slices the caller reads (ltv.model.ts writes them a chunk at a
 * time).
 */
export async function unpackLtvOutput(out: unknown): Promise<unknown> {
  const fit = out as { status?: string; customers?: PackedCustomers };
  if (fit?.status !== 'completed' || !fit.customers) return out;
  return {
    ...fit,
    customers: { ...fit.customers, customerIds: packedStringList(fit.customers.customerIds) },
  };
}
